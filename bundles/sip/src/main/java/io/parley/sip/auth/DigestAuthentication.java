package io.parley.sip.auth;

import io.parley.api.telephony.SipDigest;
import io.parley.sip.registrar.RegisterAnswer;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The server side of SIP digest authentication (RFC 2617, RFC 8760) against a stored HA1, for
 * REGISTER (401 / Authorization) and INVITE (407 / Proxy-Authorization) alike: the challenge with
 * a fresh single-use nonce per offered algorithm, and the check of an answer. An unknown user is
 * checked against {@link #NOBODY} so that both paths do the same work and get the same verdict.
 *
 * <pre>{@code
 * switch (digest.check(auth, request.getMethod(), user, phone.map(SipPhone::digest))) {
 *     case ACCEPTED -> ...;
 *     case STALE -> digest.challenge(request, false, true);
 *     case REFUSED -> 403;
 * }
 * }</pre>
 */
public final class DigestAuthentication {

    /** Checked instead of a real HA1 when the user is unknown. */
    private static final SipDigest NOBODY = new SipDigest("", "", Digest.hex(Digest.MD5, "nobody"),
            Digest.hex(Digest.SHA_256, "nobody"));

    /** What an answer to a challenge earns. */
    public enum Verdict {
        /** right credentials on a fresh nonce */
        ACCEPTED,
        /** right credentials on a nonce used before or expired: challenge again with stale=true */
        STALE,
        /** unknown user, wrong password, realm, algorithm or qop */
        REFUSED
    }

    private final String realm;
    private final List<String> algorithms;
    private final Nonces nonces;
    private final MessageFactory messages;
    private final HeaderFactory headers;

    public DigestAuthentication(String realm, List<String> algorithms, Nonces nonces, MessageFactory messages,
                                HeaderFactory headers) {
        this.realm = realm;
        this.algorithms = algorithms;
        this.nonces = nonces;
        this.messages = messages;
        this.headers = headers;
    }

    /** Checks {@code auth} for {@code user} against its stored digest (empty: unknown user); consumes the nonce. */
    public Verdict check(AuthorizationHeader auth, String method, String user, Optional<SipDigest> stored) {
        return check(DigestCredentials.of(auth), method, user, stored);
    }

    /** Checks {@code auth} for {@code user} against its stored digest (empty: unknown user); consumes the nonce. */
    public Verdict check(DigestCredentials auth, String method, String user, Optional<SipDigest> stored) {
        String algorithm = Digest.algorithm(auth.algorithm());
        boolean offered = algorithm != null && algorithms.contains(algorithm);
        String used = offered ? algorithm : Digest.MD5;
        SipDigest digest = stored.orElse(NOBODY);
        String qop = auth.qop();
        String expected = Digest.response(used, Digest.ha1(digest, used), String.valueOf(auth.nonce()),
                method, auth.uri(), qop, auth.nc(), auth.cnonce());
        boolean correct = Digest.matches(expected, auth.response());
        Nonces.State nonce = nonces.consume(auth.nonce());
        boolean ok = correct && offered && stored.isPresent() && user.equals(auth.username())
                && realm.equals(auth.realm()) && realm.equals(digest.realm())
                && (qop == null || qop.isEmpty() || "auth".equals(qop));
        if (!ok) {
            return Verdict.REFUSED;
        }
        return nonce == Nonces.State.VALID ? Verdict.ACCEPTED : Verdict.STALE;
    }

    /** The challenges of a 401 or 407: one fresh nonce, offered with each algorithm. */
    public List<RegisterAnswer.Challenge> challenges(boolean stale) {
        String nonce = nonces.issue();
        return algorithms.stream().map(a -> new RegisterAnswer.Challenge(realm, nonce, a, stale)).toList();
    }

    /** A 401 with WWW-Authenticate ({@code proxy} false) or a 407 with Proxy-Authenticate, one per offered algorithm. */
    Response challenge(Request request, boolean proxy, boolean stale) throws ParseException {
        Response r = messages.createResponse(proxy ? Response.PROXY_AUTHENTICATION_REQUIRED : Response.UNAUTHORIZED,
                request);
        for (RegisterAnswer.Challenge c : challenges(stale)) {
            r.addHeader(header(headers, c, proxy));
        }
        return r;
    }

    /** {@code c} as the stack's WWW-Authenticate ({@code proxy} false) or Proxy-Authenticate header. */
    public static WWWAuthenticateHeader header(HeaderFactory headers, RegisterAnswer.Challenge c, boolean proxy)
            throws ParseException {
        WWWAuthenticateHeader h = proxy ? headers.createProxyAuthenticateHeader("Digest")
                : headers.createWWWAuthenticateHeader("Digest");
        h.setRealm(c.realm());
        h.setNonce(c.nonce());
        h.setAlgorithm(c.algorithm());
        h.setQop("auth");
        if (c.stale()) {
            h.setStale(true);
        }
        return h;
    }
}
