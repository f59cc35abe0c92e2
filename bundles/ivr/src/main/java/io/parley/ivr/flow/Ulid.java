package io.parley.ivr.flow;

import java.security.SecureRandom;

/** ULIDs for new node ids (SPEC §0.2): 48 bits of milliseconds, 80 random bits, Crockford base32. */
public final class Ulid {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private final SecureRandom random = new SecureRandom();

    public String next() {
        long time = System.currentTimeMillis();
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] r = new byte[10];
        random.nextBytes(r);
        // 80 bits into 16 characters of 5 bits
        long hi = ((r[0] & 0xffL) << 32) | ((r[1] & 0xffL) << 24) | ((r[2] & 0xffL) << 16) | ((r[3] & 0xffL) << 8) | (r[4] & 0xffL);
        long lo = ((r[5] & 0xffL) << 32) | ((r[6] & 0xffL) << 24) | ((r[7] & 0xffL) << 16) | ((r[8] & 0xffL) << 8) | (r[9] & 0xffL);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
