package io.parley.sip.auth;

import javax.sip.header.AuthorizationHeader;

/**
 * The digest answer of an Authorization or Proxy-Authorization header (RFC 2617, RFC 8760), quotes removed.
 * Null members are parameters the client did not send.
 *
 * <pre>{@code
 * DigestCredentials c = DigestCredentials.of((AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME));
 * digests.check(c, "REGISTER", "8001", phone.map(SipPhone::digest));
 * }</pre>
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response, String algorithm,
                         String qop, String nc, String cnonce) {

    /** The credentials of a header parsed by the stack. */
    public static DigestCredentials of(AuthorizationHeader h) {
        String uri = h.getParameter("uri") != null ? h.getParameter("uri") : String.valueOf(h.getURI());
        return new DigestCredentials(h.getUsername(), h.getRealm(), h.getNonce(), uri, h.getResponse(), h.getAlgorithm(),
                h.getQop(), h.getParameter("nc"), h.getCNonce());
    }
}
