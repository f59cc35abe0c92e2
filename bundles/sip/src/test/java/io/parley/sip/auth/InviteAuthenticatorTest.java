package io.parley.sip.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.call.CallPorts;
import io.parley.sip.registrar.PhoneDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sip.SipFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.Test;

/**
 * The verdicts of INVITE digest authentication. A refused answer names the user it tried, which
 * is what the call handling reports to the security monitor (throttle, then block, as for REGISTER);
 * a challenge is no failure.
 */
public class InviteAuthenticatorTest {

    private static final String REALM = "1000001.parley.local";

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final InviteAuthenticator authenticator;

    public InviteAuthenticatorTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        PhoneDirectory directory = new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                if (!REALM.equals(host) || !"8001".equals(extension)) {
                    return Optional.empty();
                }
                String a1 = "8001:" + REALM + ":secret";
                return Optional.of(new SipPhone(1, 1000001, "8001", "Desk", PhoneBinding.NONE, "udp",
                        new SipDigest("8001", REALM, Digest.hex("MD5", a1), Digest.hex("SHA-256", a1)),
                        PhoneRegistration.NOT_REGISTERED, Instant.EPOCH));
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
            }
        };
        authenticator = new InviteAuthenticator(directory, REALM, List.of("MD5"),
                new Nonces(Clock.systemUTC(), Duration.ofSeconds(30), 1000), messages, headers);
    }

    @Test
    public void anInviteWithoutCredentialsIsChallengedAndIsNoFailure() throws Exception {
        CallPorts.Verdict v = authenticator.verify(invite("8001", null));
        assertNull(v.phone());
        assertEquals(Response.PROXY_AUTHENTICATION_REQUIRED, v.response().getStatusCode());
        assertNull("a challenge counts no failure", v.failedUser());
    }

    @Test
    public void theRightPasswordAuthenticatesThePhone() throws Exception {
        CallPorts.Verdict v = authenticator.verify(invite("8001", answer("8001", "secret")));
        assertNotNull(v.phone());
        assertEquals("8001", v.phone().extension());
        assertNull(v.response());
        assertNull(v.failedUser());
    }

    @Test
    public void aWrongPasswordAndAnUnknownExtensionAreFailuresWithTheSameAnswer() throws Exception {
        CallPorts.Verdict wrong = authenticator.verify(invite("8001", answer("8001", "guess")));
        CallPorts.Verdict unknown = authenticator.verify(invite("8002", answer("8002", "secret")));
        assertNull(wrong.phone());
        assertEquals(Response.FORBIDDEN, wrong.response().getStatusCode());
        assertEquals(Response.FORBIDDEN, unknown.response().getStatusCode());
        // what CallManager hands to SecurityMonitor.authenticationFailed
        assertEquals("8001", wrong.failedUser());
        assertEquals("8002", unknown.failedUser());
    }

    @Test
    public void aReplayedAnswerWithAWrongPasswordIsStillAFailure() throws Exception {
        Request guess = invite("8001", answer("8001", "guess"));
        authenticator.verify(guess);
        CallPorts.Verdict replay = authenticator.verify(guess);
        assertEquals(Response.FORBIDDEN, replay.response().getStatusCode());
        assertEquals("8001", replay.failedUser());
    }

    /** A Proxy-Authorization answering a fresh challenge with {@code password}. */
    private String answer(String user, String password) throws Exception {
        Response challenge = authenticator.verify(invite(user, null)).response();
        ProxyAuthenticateHeader h = (ProxyAuthenticateHeader) challenge.getHeader(ProxyAuthenticateHeader.NAME);
        String uri = "sip:13900000000@" + REALM;
        String ha1 = Digest.hex("MD5", user + ":" + REALM + ":" + password);
        String response = Digest.response("MD5", ha1, h.getNonce(), "INVITE", uri, "auth", "00000001", "c0ffee");
        return "Digest username=\"" + user + "\", realm=\"" + REALM + "\", nonce=\"" + h.getNonce() + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\"";
    }

    private Request invite(String from, String proxyAuthorization) throws Exception {
        String text = "INVITE sip:13900000000@" + REALM + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "From: <sip:" + from + "@" + REALM + ">;tag=1\r\n"
                + "To: <sip:13900000000@" + REALM + ">\r\n"
                + "Call-ID: " + System.nanoTime() + "@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Max-Forwards: 70\r\n"
                + (proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        return messages.createRequest(text);
    }
}
