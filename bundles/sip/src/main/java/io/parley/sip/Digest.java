package io.parley.sip;

import io.parley.api.telephony.SipDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SIP digest authentication (RFC 3261 §22 on RFC 2617, SHA-256 per RFC 8760/7616) checked
 * against the stored HA1 values only: the password is never known here.
 */
final class Digest {

    static final String MD5 = "MD5";
    static final String SHA_256 = "SHA-256";

    private Digest() {
    }

    /** The algorithm name as a client wrote it (null = MD5), or null when not supported. */
    static String algorithm(String given) {
        if (given == null || given.isEmpty() || given.equalsIgnoreCase(MD5)) {
            return MD5;
        }
        return given.equalsIgnoreCase(SHA_256) ? SHA_256 : null;
    }

    /** The stored HA1 for {@code algorithm}. */
    static String ha1(SipDigest digest, String algorithm) {
        return SHA_256.equals(algorithm) ? digest.ha1Sha256() : digest.ha1Md5();
    }

    /**
     * The expected {@code response}: without qop H(HA1:nonce:HA2), with {@code qop=auth}
     * H(HA1:nonce:nc:cnonce:qop:HA2); HA2 = H(method:uri).
     */
    static String response(String algorithm, String ha1, String nonce, String method, String uri, String qop, String nc,
                           String cnonce) {
        String ha2 = hex(algorithm, method + ":" + uri);
        if (qop == null || qop.isEmpty()) {
            return hex(algorithm, ha1 + ":" + nonce + ":" + ha2);
        }
        return hex(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /** Compares in time independent of where the strings differ. */
    static boolean matches(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }
}
