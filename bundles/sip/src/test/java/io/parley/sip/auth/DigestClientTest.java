package io.parley.sip.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.SipSignalling;
import io.parley.sip.registrar.PhoneDirectory;
import io.parley.sip.registrar.PhoneRegistrar;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sip.SipFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.BeforeClass;
import org.junit.Test;

/** The client digest against the RFC examples and against the appliance's own registrar over loopback UDP. */
public class DigestClientTest {

    private static HeaderFactory headers;
    private static MessageFactory messages;

    @BeforeClass
    public static void factories() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        headers = f.createHeaderFactory();
        messages = f.createMessageFactory();
    }

    private static WWWAuthenticateHeader challenge(String realm, String nonce, String qop, String algorithm)
            throws Exception {
        WWWAuthenticateHeader h = headers.createWWWAuthenticateHeader("Digest");
        h.setRealm(realm);
        h.setNonce(nonce);
        if (qop != null) {
            h.setQop(qop);
        }
        if (algorithm != null) {
            h.setAlgorithm(algorithm);
        }
        return h;
    }

    @Test
    public void rfc2617Example() throws Exception {
        DigestClient.Credentials c = DigestClient.credentials(
                challenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth,auth-int", null),
                "GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b").orElseThrow();
        assertEquals("6629fae49393a05397450978507c4ef1", c.response());
        assertEquals("auth", c.qop());
        assertEquals("00000001", c.nc());
        assertFalse("no algorithm offered, none named in the answer", c.algorithmNamed());
    }

    @Test
    public void rfc7616ExamplesMd5AndSha256() throws Exception {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", DigestClient.credentials(
                challenge("http-auth@example.org", nonce, "auth", "MD5"), "GET", "/dir/index.html", "Mufasa",
                "Circle of Life", cnonce).orElseThrow().response());
        DigestClient.Credentials sha = DigestClient.credentials(
                challenge("http-auth@example.org", nonce, "auth", "SHA-256"), "GET", "/dir/index.html", "Mufasa",
                "Circle of Life", cnonce).orElseThrow();
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", sha.response());
        assertEquals("SHA-256", sha.algorithm());
    }

    @Test
    public void withoutQopNoCnonceOrNcIsSent() throws Exception {
        DigestClient.Credentials c = DigestClient.credentials(challenge("carrier.example", "abc", null, null),
                "REGISTER", "sip:carrier.example", "alice", "pw", "zzz").orElseThrow();
        assertNull(c.qop());
        assertNull(c.cnonce());
        String ha1 = Digest.hex("MD5", "alice:carrier.example:pw");
        assertEquals(Digest.hex("MD5", ha1 + ":abc:" + Digest.hex("MD5", "REGISTER:sip:carrier.example")), c.response());
    }

    @Test
    public void unsupportedAlgorithmsAndQopsAreNotAnswered() throws Exception {
        assertTrue(DigestClient.credentials(challenge("r", "n", "auth", "SHA-512-256"), "REGISTER", "sip:r", "u", "p", "c")
                .isEmpty());
        assertTrue(DigestClient.credentials(challenge("r", "n", "auth-int", null), "REGISTER", "sip:r", "u", "p", "c")
                .isEmpty());
    }

    @Test
    public void theFirstSupportedChallengeIsAnsweredAndA407GetsProxyAuthorization() throws Exception {
        Request invite = messages.createRequest("INVITE sip:0211@carrier.example SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:alice@carrier.example>;tag=a\r\nTo: <sip:0211@carrier.example>\r\n"
                + "Call-ID: c1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        Response r = messages.createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, invite);
        ProxyAuthenticateHeader unsupported = headers.createProxyAuthenticateHeader("Digest");
        unsupported.setRealm("carrier.example");
        unsupported.setNonce("n0");
        unsupported.setAlgorithm("SHA-512-256");
        ProxyAuthenticateHeader sha = headers.createProxyAuthenticateHeader("Digest");
        sha.setRealm("carrier.example");
        sha.setNonce("n1");
        sha.setAlgorithm("SHA-256");
        sha.setQop("auth");
        sha.setOpaque("op");
        r.addHeader(unsupported);
        r.addHeader(sha);

        AuthorizationHeader a = new DigestClient(headers).answer(r, invite, "alice", "S3cret!pw").orElseThrow();
        assertTrue(a instanceof ProxyAuthorizationHeader);
        // what the carrier reads back off the wire
        AuthorizationHeader parsed = (AuthorizationHeader) headers.createHeader(ProxyAuthorizationHeader.NAME,
                a.toString().substring(a.toString().indexOf(':') + 1).strip());
        assertEquals("n1", parsed.getNonce());
        assertEquals("op", parsed.getOpaque());
        assertEquals("SHA-256", parsed.getAlgorithm());
        assertEquals("auth", parsed.getQop());
        String ha1 = Digest.hex("SHA-256", "alice:carrier.example:S3cret!pw");
        assertEquals(Digest.response("SHA-256", ha1, "n1", "INVITE", "sip:0211@carrier.example", "auth",
                parsed.getParameter("nc"), parsed.getCNonce()), parsed.getResponse());
        assertEquals("00000001", parsed.getParameter("nc"));
    }

    @Test
    public void aResponseWithoutChallengeIsNotAnswered() throws Exception {
        Request req = messages.createRequest("REGISTER sip:carrier.example SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx2\r\nMax-Forwards: 70\r\n"
                + "From: <sip:alice@carrier.example>;tag=a\r\nTo: <sip:alice@carrier.example>\r\n"
                + "Call-ID: c2@127.0.0.1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n");
        assertTrue(new DigestClient(headers).answer(messages.createResponse(401, req), req, "a", "b").isEmpty());
    }

    /** The appliance's registrar (server side {@link Digest}, stored HA1) accepts what the client computes, MD5 and SHA-256. */
    @Test
    public void theRegistrarAcceptsTheAnswer() throws Exception {
        String realm = "parley.local";
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        PhoneDirectory directory = new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                String a1 = "8001:" + realm + ":Secret#42";
                return "8001".equals(extension) ? Optional.of(new SipPhone(1, 1, "8001", "Desk", PhoneBinding.NONE,
                        "udp", new SipDigest("8001", realm, Digest.hex("MD5", a1), Digest.hex("SHA-256", a1)),
                        PhoneRegistration.NOT_REGISTERED, Instant.EPOCH)) : Optional.empty();
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
            }
        };
        for (String algorithm : List.of("MD5", "SHA-256")) {
            SipSignalling sip = new SipSignalling(directory, new SipSignalling.Endpoint("127.0.0.1", port, true, false, 16384),
                    new PhoneRegistrar.Settings(realm, 60, 3600, 3600, 3, List.of(algorithm)), Duration.ofSeconds(30),
                    Clock.systemUTC());
            try (DatagramSocket phone = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                phone.setSoTimeout(3000);
                Request first = register(realm, phone.getLocalPort(), 1);
                Response challenge = messages.createResponse(Response.UNAUTHORIZED, first);
                String text = exchange(phone, port, first.toString());
                assertTrue(text, text.startsWith("SIP/2.0 401"));
                String www = text.lines().filter(l -> l.regionMatches(true, 0, "WWW-Authenticate:", 0, 17))
                        .findFirst().orElseThrow();
                challenge.addHeader(headers.createHeader(WWWAuthenticateHeader.NAME, www.substring(17).strip()));

                Request second = register(realm, phone.getLocalPort(), 2);
                second.addHeader(new DigestClient(headers).answer(challenge, second, "8001", "Secret#42").orElseThrow());
                String ok = exchange(phone, port, second.toString());
                assertTrue(algorithm + ": " + ok, ok.startsWith("SIP/2.0 200"));
            } finally {
                sip.stop();
            }
        }
    }

    private static Request register(String realm, int localPort, int cseq) throws Exception {
        return messages.createRequest("REGISTER sip:" + realm + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:8001@" + realm + ">;tag=t1\r\nTo: <sip:8001@" + realm + ">\r\n"
                + "Call-ID: dc-" + localPort + "@127.0.0.1\r\nCSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:8001@127.0.0.1:" + localPort + ">\r\nExpires: 3600\r\nContent-Length: 0\r\n\r\n");
    }

    private static String exchange(DatagramSocket socket, int port, String message) throws Exception {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[8192];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            String answer = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!answer.startsWith("SIP/2.0 100")) {
                return answer;
            }
        }
    }
}
