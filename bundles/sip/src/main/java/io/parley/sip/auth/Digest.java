package io.parley.sip.auth;

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
public final class Digest {

    public static final String MD5 = "MD5";
    public static final String SHA_256 = "SHA-256";

    private Digest() {
    }

    /** The algorithm name as a client wrote it (null = MD5), or null when not supported. */
    static String algorithm(String given) {
        if (given == null || given.isEmpty() || given.equalsIgnoreCase(MD5)) {
            return MD5;
        }
        return given.equalsIgnoreCase(SHA_256) ? SHA_256 : null;
    }

    /**
     * The configured {@code digestAlgorithms} as a list, in the order the challenges offer them (MD5 when
     * empty); {@code "SHA-256, MD5"} gives {@code [SHA-256, MD5]}.
     */
    public static java.util.List<String> algorithms(String configured) {
        java.util.List<String> list = java.util.Arrays.stream(configured.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> {
                    String a = algorithm(s);
                    if (a == null) {
                        throw new IllegalArgumentException("digestAlgorithms: " + s + " is not MD5 or SHA-256");
                    }
                    return a;
                }).distinct().toList();
        return list.isEmpty() ? java.util.List.of(MD5) : list;
    }

    /** The stored HA1 for {@code algorithm}. */
    static String ha1(SipDigest digest, String algorithm) {
        return SHA_256.equals(algorithm) ? digest.ha1Sha256() : digest.ha1Md5();
    }

    /**
     * The expected {@code response}: without qop H(HA1:nonce:HA2), with {@code qop=auth}
     * H(HA1:nonce:nc:cnonce:qop:HA2); HA2 = H(method:uri).
     */
    public static String response(String algorithm, String ha1, String nonce, String method, String uri, String qop, String nc,
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

    public static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }
}
