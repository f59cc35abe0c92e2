package io.parley.sip.auth;

import io.parley.api.telephony.SipPhone;
import io.parley.sip.call.CallPorts;
import io.parley.sip.registrar.PhoneDirectory;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
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
public final class InviteAuthenticator implements CallPorts.PhoneAuthentication {

    private final PhoneDirectory directory;
    private final DigestAuthentication digests;
    private final MessageFactory messages;

    public InviteAuthenticator(PhoneDirectory directory, String realm, List<String> algorithms, Nonces nonces,
                               MessageFactory messages, HeaderFactory headers) {
        this.directory = directory;
        this.digests = new DigestAuthentication(realm, algorithms, nonces, messages, headers);
        this.messages = messages;
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
            return new CallPorts.Verdict(null, digests.challenge(request, true, false), null);
        }
        Optional<SipPhone> phone = directory.find(fromUri.getHost(), extension);
        switch (digests.check(auth, request.getMethod(), extension, phone.map(SipPhone::digest))) {
            case REFUSED:
                return new CallPorts.Verdict(null, messages.createResponse(Response.FORBIDDEN, request), extension);
            case STALE:
                return new CallPorts.Verdict(null, digests.challenge(request, true, true), null);
            default:
                return new CallPorts.Verdict(phone.get(), null, null);
        }
    }
}
