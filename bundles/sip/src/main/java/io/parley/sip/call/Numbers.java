package io.parley.sip.call;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers as they arrive in SIP (Request-URI user, From user) turned into the canonical
 * {@code 00}+country code+national form the telephony bundle stores (SPEC §0.2), and back into
 * the national form a carrier expects.
 */
final class Numbers {

    private static final Pattern CN_MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern EXTENSION = Pattern.compile("[1-8][0-9]{3,5}");

    private final String countryCode;

    Numbers(String countryCode) {
        this.countryCode = countryCode;
    }

    /** Digits of a SIP user part: visual separators dropped, a leading + kept; null when not a number. */
    static String digits(String user) {
        if (user == null) {
            return null;
        }
        String v = user.strip().replace(" ", "").replace("-", "").replace(".", "").replace("(", "").replace(")", "");
        return v.matches("\\+?[0-9]{1,32}") ? v : null;
    }

    static boolean isExtension(String dialled) {
        return dialled != null && EXTENSION.matcher(dialled).matches();
    }

    /**
     * The canonical form of a called or calling number, as telephony stores trunk numbers:
     * {@code +CC…} and {@code 00CC…} as given, national numbers with the default country code;
     * a Chinese landline written without its trunk 0 gets it back. Null when not a number.
     */
    String canonical(String user) {
        String v = digits(user);
        if (v == null) {
            return null;
        }
        String c = v.startsWith("+") ? "00" + v.substring(1) : v.startsWith("00") ? v : "00" + countryCode + stripTrunkZero(v);
        if (c.startsWith("0086")) {
            String national = c.substring(4);
            if (!national.startsWith("0") && !CN_MOBILE.matcher(national).matches()) {
                c = "00860" + national;
            }
        }
        return c;
    }

    /** National numbers keep their trunk 0 in China's canonical form; elsewhere it is dropped after the country code. */
    private String stripTrunkZero(String national) {
        return "86".equals(countryCode) || !national.startsWith("0") ? national : national.substring(1);
    }

    /** The forms a blocklist entry of this caller may have been written in (canonical first). */
    Set<String> blocklistForms(String user) {
        Set<String> forms = new LinkedHashSet<>();
        String c = canonical(user);
        if (c != null) {
            forms.add(c);
            if (c.startsWith("00860")) {
                forms.add("0086" + c.substring(5));
            }
        }
        return forms;
    }

    /** A canonical number of our own country as dialled nationally ({@code 008602187654321} → {@code 02187654321}). */
    String national(String canonical) {
        String own = "00" + countryCode;
        if (!canonical.startsWith(own)) {
            return canonical;
        }
        String rest = canonical.substring(own.length());
        return "86".equals(countryCode) || rest.startsWith("0") ? rest : "0" + rest;
    }
}
