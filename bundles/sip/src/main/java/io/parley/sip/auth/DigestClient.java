package io.parley.sip.auth;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The client side of SIP digest authentication (RFC 3261 §22.2 on RFC 2617, SHA-256 per
 * RFC 8760/7616): answers a carrier's 401 (WWW-Authenticate) or 407 (Proxy-Authenticate)
 * challenge with the matching Authorization or Proxy-Authorization header, so the appliance
 * can register to a carrier and send INVITEs through it. The first challenge whose algorithm
 * is supported (MD5 or SHA-256) is answered, in the order the server listed them (RFC 8760 §2.4).
 * With {@code qop=auth} offered, a fresh random cnonce and nc {@code 00000001} are used
 * (each challenge carries a fresh nonce); {@code auth-int} alone is not supported.
 *
 * <pre>{@code
 * DigestClient digest = new DigestClient(headerFactory);
 * // response is the 401 or 407 to `register`; retry with a new CSeq and the answer added
 * Optional<AuthorizationHeader> answer = digest.answer(response, retry, "carrierUser", "S3cret!pw");
 * answer.ifPresent(retry::addHeader);          // empty: no challenge we can answer
 * }</pre>
 */
public final class DigestClient {

    private final HeaderFactory headers;
    private final SecureRandom random = new SecureRandom();

    public DigestClient(HeaderFactory headers) {
        this.headers = headers;
    }

    /**
     * The credentials answering the challenge in {@code challenge} (a 401 or 407) for
     * {@code request} (the request being sent again: its method and Request-URI are digested),
     * or empty when the response holds no digest challenge with a supported algorithm and qop.
     * A 407 yields a {@link ProxyAuthorizationHeader}, a 401 a plain {@link AuthorizationHeader}.
     */
    public Optional<AuthorizationHeader> answer(Response challenge, Request request, String username, String password)
            throws ParseException {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        ListIterator<?> it = challenge.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        return answer(it, proxy, request.getMethod(), request.getRequestURI().toString(), username, password);
    }

    /**
     * The same from the challenge headers themselves ({@code WWWAuthenticateHeader}s, in the order
     * the server listed them), for a request of {@code method} to {@code uri}: a trunk connector's
     * REGISTER reaches the core as text ({@code TrunkSignalling.authorization}).
     */
    public Optional<AuthorizationHeader> answer(java.util.Iterator<?> challenges, boolean proxy, String method, String uri,
                                                String username, String password) throws ParseException {
        while (challenges.hasNext()) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) challenges.next();
            Optional<Credentials> c = credentials(h, method, uri, username, password, cnonce());
            if (c.isPresent()) {
                return Optional.of(header(c.get(), proxy));
            }
        }
        return Optional.empty();
    }

    /** The computed fields of one answer; {@code qop}, {@code nc}, {@code cnonce} are null without qop. */
    record Credentials(String scheme, String username, String realm, String nonce, String uri, String algorithm,
                       boolean algorithmNamed, String qop, String nc, String cnonce, String opaque, String response) {
    }

    /** Computes the answer to one challenge header, or empty when it is not digest or asks for what is unsupported. */
    static Optional<Credentials> credentials(WWWAuthenticateHeader challenge, String method, String uri,
                                             String username, String password, String cnonce) {
        if (!"Digest".equalsIgnoreCase(challenge.getScheme()) || challenge.getNonce() == null) {
            return Optional.empty();
        }
        String algorithm = Digest.algorithm(challenge.getAlgorithm());
        if (algorithm == null) {
            return Optional.empty();
        }
        String qop = chooseQop(challenge.getQop());
        if (qop != null && qop.isEmpty()) {
            return Optional.empty();
        }
        String realm = challenge.getRealm() == null ? "" : challenge.getRealm();
        String ha1 = Digest.hex(algorithm, username + ":" + realm + ":" + password);
        String nc = qop == null ? null : "00000001";
        String usedCnonce = qop == null ? null : cnonce;
        String response = Digest.response(algorithm, ha1, challenge.getNonce(), method, uri, qop, nc, usedCnonce);
        return Optional.of(new Credentials("Digest", username, realm, challenge.getNonce(), uri, algorithm,
                challenge.getAlgorithm() != null, qop, nc, usedCnonce, challenge.getOpaque(), response));
    }

    /** null when no qop was offered (RFC 2069 compatibility), "auth" when offered, "" when only unsupported ones are. */
    private static String chooseQop(String offered) {
        if (offered == null || offered.isBlank()) {
            return null;
        }
        List<String> options = Arrays.stream(offered.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        return options.contains("auth") ? "auth" : "";
    }

    private AuthorizationHeader header(Credentials c, boolean proxy) throws ParseException {
        AuthorizationHeader h = proxy ? headers.createProxyAuthorizationHeader(c.scheme())
                : headers.createAuthorizationHeader(c.scheme());
        h.setUsername(c.username());
        h.setRealm(c.realm());
        h.setNonce(c.nonce());
        // set as a parameter, not a URI object: the digest was computed over exactly this text
        h.setParameter("uri", c.uri());
        h.setResponse(c.response());
        if (c.algorithmNamed()) {
            h.setAlgorithm(c.algorithm());
        }
        if (c.opaque() != null) {
            h.setOpaque(c.opaque());
        }
        if (c.qop() != null) {
            h.setQop(c.qop());
            h.setCNonce(c.cnonce());
            h.setNonceCount(Integer.parseInt(c.nc(), 16));
        }
        return h;
    }

    private String cnonce() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
