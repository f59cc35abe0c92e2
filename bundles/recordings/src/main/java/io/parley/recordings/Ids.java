package io.parley.recordings;

import java.security.SecureRandom;

/**
 * Recording and job ids: 10 base-32 characters of the time in milliseconds, then 10 random
 * ones (Crockford's alphabet, as the ULIDs of IVR nodes), so ids sort by creation and are safe
 * in file names and URLs.
 */
final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private final SecureRandom random = new SecureRandom();

    String next() {
        char[] out = new char[20];
        long t = System.currentTimeMillis();
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        for (int i = 10; i < 20; i++) {
            out[i] = ALPHABET[random.nextInt(32)];
        }
        return new String(out);
    }
}
