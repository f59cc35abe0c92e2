package io.parley.sip.call;

import io.parley.api.error.InvalidException;
import io.parley.api.telephony.CanonicalNumbers;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Phone numbers as they arrive in SIP (Request-URI user, From user, an agent's chosen caller
 * number) turned into the canonical form telephony stores (SPEC §0.2), and back into the
 * national form a carrier expects, both by the appliance's one number format
 * ({@link CanonicalNumbers}, the telephony bundle's {@code NumberService}): a number stored
 * on a channel and the same number arriving in an INVITE are one string. The format is read
 * from a dynamic reference; while telephony restarts, the one it last gave is kept, so new calls
 * still find their numbers (the setting behind it cannot change without that restart).
 */
final class Numbers {

    private static final Pattern EXTENSION = Pattern.compile("[1-8][0-9]{3,5}");

    private final Supplier<? extends CanonicalNumbers> source;
    private volatile CanonicalNumbers last;

    Numbers(Supplier<? extends CanonicalNumbers> source) {
        this.source = source;
    }

    /** The format now, or the last one seen while the service is away; null before telephony ever came up. */
    private CanonicalNumbers format() {
        CanonicalNumbers f = source.get();
        if (f == null) {
            return last;
        }
        last = f;
        return f;
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

    /** The canonical form of a called or calling number; null when the user part is not a phone number. */
    String canonical(String user) {
        String v = digits(user);
        if (v == null) {
            return null;
        }
        CanonicalNumbers f = format();
        if (f == null) {
            return null;
        }
        try {
            return f.canonical("number", v);
        } catch (InvalidException e) {
            return null; // anonymous, too short, an unknown country code: nothing stored can match
        }
    }

    /** A canonical number of our own country as dialled nationally ({@code 008602187654321} → {@code 02187654321}). */
    String national(String canonical) {
        CanonicalNumbers f = format();
        return f == null ? canonical : f.national(canonical);
    }
}
