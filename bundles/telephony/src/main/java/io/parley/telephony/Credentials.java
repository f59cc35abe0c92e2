package io.parley.telephony;

import io.parley.api.telephony.SipDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generated SIP passwords and the digest HA1 values kept instead of them.
 */
final class Credentials {

    /** Length of a generated password: about 125 bits from a 76-symbol alphabet. */
    static final int PASSWORD_LENGTH = 20;
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    /** Specials that need no quoting in a phone's web form, a SIP header or a shell. */
    private static final String SPECIAL = "-_.~+=#%!";
    private static final String ALL = UPPER + LOWER + DIGITS + SPECIAL;

    private final SecureRandom random;

    Credentials(SecureRandom random) {
        this.random = random;
    }

    /** A random password with at least one upper-case letter, lower-case letter, digit and special character. */
    String strongPassword() {
        char[] out = new char[PASSWORD_LENGTH];
        out[0] = pick(UPPER);
        out[1] = pick(LOWER);
        out[2] = pick(DIGITS);
        out[3] = pick(SPECIAL);
        for (int i = 4; i < out.length; i++) {
            out[i] = pick(ALL);
        }
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return new String(out);
    }

    static SipDigest digest(String username, String realm, String password) {
        String a1 = username + ":" + realm + ":" + password;
        return new SipDigest(username, realm, hex("MD5", a1), hex("SHA-256", a1));
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    private char pick(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }
}
