package io.parley.sip;

import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.call.CallPorts;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Digest authentication of calls from SIP phones (SPEC §12.3): an INVITE without credentials gets
 * a 407 with a fresh single-use nonce; the answer is checked against the phone's stored HA1 like
 * a REGISTER ({@link Digest}, {@link Nonces}, used read-only). An unknown extension and a wrong
 * password both get the same 403.
 */
final class InviteAuthenticator implements CallPorts.PhoneAuthentication {

    private static final SipDigest NOBODY = new SipDigest("", "", Digest.hex(Digest.MD5, "nobody"),
            Digest.hex(Digest.SHA_256, "nobody"));

    private final PhoneDirectory directory;
    private final String realm;
    private final List<String> algorithms;
    private final Nonces nonces;
    private final MessageFactory messages;
    private final HeaderFactory headers;

    InviteAuthenticator(PhoneDirectory directory, String realm, List<String> algorithms, Nonces nonces,
                        MessageFactory messages, HeaderFactory headers) {
        this.directory = directory;
        this.realm = realm;
        this.algorithms = algorithms;
        this.nonces = nonces;
        this.messages = messages;
        this.headers = headers;
    }

    @Override
    public CallPorts.Verdict verify(Request request) throws ParseException {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        if (!(from.getAddress().getURI() instanceof SipURI fromUri) || fromUri.getUser() == null) {
            return new CallPorts.Verdict(null, messages.createResponse(Response.FORBIDDEN, request), null);
        }
        String extension = fromUri.getUser();
        ProxyAuthorizationHeader auth = (ProxyAuthorizationHeader) request.getHeader(ProxyAuthorizationHeader.NAME);
        if (auth == null) {
            return new CallPorts.Verdict(null, challenge(request, false), null);
        }
        Optional<SipPhone> phone = directory.find(fromUri.getHost(), extension);
        String algorithm = Digest.algorithm(auth.getAlgorithm());
        boolean offered = algorithm != null && algorithms.contains(algorithm);
        String used = offered ? algorithm : Digest.MD5;
        SipDigest digest = phone.map(SipPhone::digest).orElse(NOBODY);
        String uri = auth.getParameter("uri") != null ? auth.getParameter("uri") : String.valueOf(auth.getURI());
        String qop = auth.getQop();
        String expected = Digest.response(used, Digest.ha1(digest, used), String.valueOf(auth.getNonce()),
                request.getMethod(), uri, qop, auth.getParameter("nc"), auth.getCNonce());
        boolean correct = Digest.matches(expected, auth.getResponse());
        Nonces.State nonce = nonces.consume(auth.getNonce());
        boolean ok = correct && offered && phone.isPresent() && extension.equals(auth.getUsername())
                && realm.equals(auth.getRealm()) && realm.equals(digest.realm())
                && (qop == null || qop.isEmpty() || "auth".equals(qop));
        if (!ok) {
            return new CallPorts.Verdict(null, messages.createResponse(Response.FORBIDDEN, request), extension);
        }
        if (nonce != Nonces.State.VALID) {
            return new CallPorts.Verdict(null, challenge(request, true), null);
        }
        return new CallPorts.Verdict(phone.get(), null, null);
    }

    private Response challenge(Request request, boolean stale) throws ParseException {
        Response r = messages.createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, request);
        String nonce = nonces.issue();
        for (String algorithm : algorithms) {
            ProxyAuthenticateHeader h = headers.createProxyAuthenticateHeader("Digest");
            h.setRealm(realm);
            h.setNonce(nonce);
            h.setAlgorithm(algorithm);
            h.setQop("auth");
            if (stale) {
                h.setStale(true);
            }
            r.addHeader(h);
        }
        return r;
    }
}
