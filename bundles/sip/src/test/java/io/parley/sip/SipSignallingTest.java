package io.parley.sip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.sip.RegistrationBinding;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.auth.Digest;
import io.parley.sip.registrar.PhoneCache;
import io.parley.sip.registrar.PhoneDirectory;
import io.parley.sip.registrar.PhoneRegistrar;
import io.parley.sip.registrar.RegisterShedding;
import io.parley.sip.registrar.RegistrarManager;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The registrar over real loopback UDP, as a phone sees it. */
public class SipSignallingTest {

    private static final String REALM = "parley.local";
    private static final long INSTANCE = 1000001;

    private final Map<String, PhoneRegistration> reported = new ConcurrentHashMap<>();
    private volatile Instant now = Instant.now();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private SipSignalling sip;
    private PhoneDirectory directory;
    private DatagramSocket phone;
    private int port;
    private int cseq;

    @Before
    public void start() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        directory = new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                if (!"8001".equals(extension)) {
                    return Optional.empty();
                }
                String a1 = "8001:" + REALM + ":secret";
                return Optional.of(new SipPhone(1, INSTANCE, "8001", "Desk", PhoneBinding.NONE, "udp",
                        new SipDigest("8001", REALM, Digest.hex("MD5", a1), Digest.hex("SHA-256", a1)),
                        reported.getOrDefault("8001", PhoneRegistration.NOT_REGISTERED), Instant.EPOCH));
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
                reported.put(extension, registration);
            }
        };
        sip = new SipSignalling(directory, new SipSignalling.Endpoint("127.0.0.1", port, true, true, 16384),
                new PhoneRegistrar.Settings(REALM, 60, 3600, 3600, 3, List.of("MD5", "SHA-256")),
                Duration.ofSeconds(30), clock);
        phone = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        phone.setSoTimeout(3000);
    }

    @After
    public void stop() {
        phone.close();
        sip.stop();
    }

    @Test
    public void registerIsChallengedThenAcceptedWithTheStoredHa1() throws Exception {
        String challenge = send(register("8001", "3600", null));
        assertEquals("SIP/2.0 401 Unauthorized", statusLine(challenge));
        assertTrue(challenge, challenge.contains("realm=\"parley.local\""));
        assertTrue(challenge, challenge.contains("algorithm=MD5"));
        assertTrue(challenge, challenge.contains("algorithm=SHA-256"));

        String ok = send(register("8001", "3600", authorization(challenge, "8001", "secret", "MD5")));
        assertEquals("SIP/2.0 200 OK", statusLine(ok));
        assertTrue(ok, ok.contains("expires=3600"));
        List<RegistrationBinding> b = registrar().bindings(INSTANCE, "8001");
        assertEquals(1, b.size());
        assertEquals("127.0.0.1:" + phone.getLocalPort(), b.get(0).sourceAddress());
        assertEquals("udp", b.get(0).transport());
        assertEquals("unit-phone/1.0", b.get(0).userAgent());
        PhoneRegistration r = reported.get("8001");
        assertEquals("registered", r.registrationStatus());
        assertEquals("ok", r.authStatus());
        assertEquals("127.0.0.1:" + phone.getLocalPort(), r.clientAddress());
        assertEquals("unit-phone/1.0", r.brandModel());
    }

    @Test
    public void aRegisterOfTheCommonShapeTakesTheDatagramLaneAndAnUnusualOneTheStackWithTheSameResult() throws Exception {
        long before = sip.registerLaneAnswered();
        String ok = send(register("8001", "3600", authorization(send(register("8001", "3600", null)), "8001", "secret", "MD5")));
        assertEquals("SIP/2.0 200 OK", statusLine(ok));
        assertEquals(before + 2, sip.registerLaneAnswered());

        // a header folded over two lines (RFC 3261 §7.3.1) is left to the stack's parser, which registers it alike
        String contact = "sip:8001@127.0.0.1:" + phone.getLocalPort() + ";line=folded";
        String folded = register("8001", "3600", null, contact).replace("Max-Forwards: 70\r\n", "Max-Forwards:\r\n 70\r\n");
        String challenge = send(folded);
        assertEquals("SIP/2.0 401 Unauthorized", statusLine(challenge));
        String again = register("8001", "3600", authorization(challenge, "8001", "secret", "MD5"), contact)
                .replace("Max-Forwards: 70\r\n", "Max-Forwards:\r\n 70\r\n");
        assertEquals("SIP/2.0 200 OK", statusLine(send(again)));
        assertEquals(before + 2, sip.registerLaneAnswered());
        assertEquals(2, registrar().bindings(INSTANCE, "8001").size());
    }

    @Test
    public void aPhoneNotLookedUpLatelyIsAnsweredByTheStacksWorkersThenByTheLane() throws Exception {
        sip.stop();
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        sip = new SipSignalling(new PhoneCache(directory, clock, Duration.ofSeconds(60), 100),
                new SipSignalling.Endpoint("127.0.0.1", port, true, true, 16384),
                new PhoneRegistrar.Settings(REALM, 60, 3600, 3600, 3, List.of("MD5", "SHA-256")),
                Duration.ofSeconds(30), clock);
        // the challenge needs no lookup: the lane; the answer to it needs the store: the stack's workers
        String ok = send(register("8001", "3600", authorization(send(register("8001", "3600", null)), "8001", "secret", "MD5")));
        assertEquals("SIP/2.0 200 OK", statusLine(ok));
        assertEquals(1, sip.registerLaneAnswered());
        assertEquals(1, registrar().bindings(INSTANCE, "8001").size());
        // now remembered: the refresh is the lane's, both requests
        ok = send(register("8001", "3600", authorization(send(register("8001", "3600", null)), "8001", "secret", "MD5")));
        assertEquals("SIP/2.0 200 OK", statusLine(ok));
        assertEquals(3, sip.registerLaneAnswered());
        // an unknown extension is remembered as unknown: a guesser's second try stays in the lane
        send(register("8099", "3600", authorization(send(register("8099", "3600", null)), "8099", "secret", "MD5")));
        assertEquals(4, sip.registerLaneAnswered());
        assertEquals("SIP/2.0 403 Forbidden", statusLine(send(register("8099", "3600",
                authorization(send(register("8099", "3600", null)), "8099", "secret", "MD5")))));
        assertEquals(6, sip.registerLaneAnswered());
    }

    @Test
    public void sha256DigestIsAccepted() throws Exception {
        String challenge = send(register("8001", "3600", null));
        assertEquals("SIP/2.0 200 OK", statusLine(send(register("8001", "3600",
                authorization(challenge, "8001", "secret", "SHA-256")))));
    }

    @Test
    public void wrongPasswordAndUnknownExtensionGetTheSameAnswer() throws Exception {
        String wrong = send(register("8001", "3600", authorization(send(register("8001", "3600", null)), "8001", "guess", "MD5")));
        String unknown = send(register("8002", "3600", authorization(send(register("8002", "3600", null)), "8002", "secret", "MD5")));
        assertEquals("SIP/2.0 403 Forbidden", statusLine(wrong));
        assertEquals(statusLine(wrong), statusLine(unknown));
        assertEquals(headerNames(wrong), headerNames(unknown));
        assertEquals("failed", reported.get("8001").authStatus());
        assertTrue(registrar().bindings(INSTANCE, "8001").isEmpty());
    }

    @Test
    public void aNonceCannotBeReplayed() throws Exception {
        String auth = authorization(send(register("8001", "3600", null)), "8001", "secret", "MD5");
        assertEquals("SIP/2.0 200 OK", statusLine(send(register("8001", "3600", auth))));
        String replay = send(register("8001", "3600", auth));
        assertEquals("SIP/2.0 401 Unauthorized", statusLine(replay));
        assertTrue(replay, replay.contains("stale=true"));
    }

    @Test
    public void aRetransmittedRegisterGetsTheSameAnswerNotASecondChallenge() throws Exception {
        String first = register("8001", "3600", null);
        String challenge = send(first);
        assertEquals("the same bytes: the same nonce", challenge, send(first));
        String answer = register("8001", "3600", authorization(challenge, "8001", "secret", "MD5"));
        String ok = send(answer);
        assertEquals("SIP/2.0 200 OK", statusLine(ok));
        // its nonce is used up, yet its retransmission is answered 200 again, not 401 stale
        assertEquals(ok, send(answer));
        assertEquals(1, registrar().bindings(INSTANCE, "8001").size());
    }

    @Test
    public void theAnswerGoesToThePortTheRegisterCameFromWhenTheViaSaysRport() throws Exception {
        // behind NAT: the Via names a port nobody listens on, the datagram comes from the phone's socket
        String natted = register("8001", "3600", null).replace("SIP/2.0/UDP 127.0.0.1:" + phone.getLocalPort(),
                "SIP/2.0/UDP 127.0.0.1:9");
        String challenge = send(natted);
        assertEquals("SIP/2.0 401 Unauthorized", statusLine(challenge));
        assertTrue(challenge, challenge.contains("rport=" + phone.getLocalPort()));
        assertTrue(challenge, challenge.contains("received=127.0.0.1"));
    }

    @Test
    public void whenTheStacksQueueLagsNewRegistrationsGet503WithRetryAfterWhileAnswersToChallengesAreServed() throws Exception {
        sip.stop();
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // shed after -1 ms: as if every datagram had waited too long in the stack's queue; the REGISTERs take the
        // stack's way (the datagram lane answers before the queue and sheds nothing)
        sip = new SipSignalling(directory, new SipSignalling.Endpoint("127.0.0.1", port, true, true, 16384),
                new PhoneRegistrar.Settings(REALM, 60, 3600, 3600, 3, List.of("MD5", "SHA-256")),
                Duration.ofSeconds(30), clock, SipSignalling.Edge.plain(16384),
                new SipSignalling.RegisterPath(false, new RegisterShedding.Settings(-1, 5, 15)));
        String busy = send(register("8001", "3600", null));
        assertEquals("SIP/2.0 503", status(busy));
        Matcher retryAfter = Pattern.compile("Retry-After: (\\d+)").matcher(busy);
        assertTrue(busy, retryAfter.find());
        int seconds = Integer.parseInt(retryAfter.group(1));
        assertTrue(busy, seconds >= 5 && seconds <= 15);
        // a REGISTER with credentials reaches the registrar: its nonce is none this registrar issued, so stale
        String stale = send(register("8001", "3600", authorization(
                "WWW-Authenticate: Digest realm=\"parley.local\",nonce=\"0123\",algorithm=MD5", "8001", "secret", "MD5")));
        assertEquals("SIP/2.0 401 Unauthorized", statusLine(stale));
        assertTrue(stale, stale.contains("stale=true"));
        assertTrue(registrar().bindings(INSTANCE, "8001").isEmpty());
    }

    @Test
    public void expiresZeroUnregisters() throws Exception {
        assertEquals("SIP/2.0 200 OK", statusLine(registerWithAuth("3600")));
        assertEquals("SIP/2.0 200 OK", statusLine(registerWithAuth("0")));
        assertTrue(registrar().bindings(INSTANCE, "8001").isEmpty());
        assertEquals("not_registered", reported.get("8001").registrationStatus());
    }

    @Test
    public void tooShortExpiryGets423WithMinExpiresAndTooLongIsShortened() throws Exception {
        String brief = registerWithAuth("10");
        assertTrue(brief, statusLine(brief).startsWith("SIP/2.0 423 "));
        assertTrue(brief, brief.contains("Min-Expires: 60"));
        String ok = registerWithAuth("86400");
        assertTrue(ok, ok.contains("expires=3600"));
    }

    @Test
    public void expiredBindingsAreSweptAndThePhoneReportedNotRegistered() throws Exception {
        assertEquals("SIP/2.0 200 OK", statusLine(registerWithAuth("60")));
        now = now.plusSeconds(61);
        sip.sweep();
        assertTrue(registrar().bindings(INSTANCE, "8001").isEmpty());
        assertEquals("not_registered", reported.get("8001").registrationStatus());
    }

    @Test
    public void severalContactsAreKeptUpToTheLimit() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals("SIP/2.0 200 OK", statusLine(registerWithAuth("3600", "sip:8001@127.0.0.1:" + (6000 + i))));
        }
        assertEquals(3, registrar().bindings(INSTANCE, "8001").size());
        assertEquals("SIP/2.0 403 Forbidden", statusLine(registerWithAuth("3600", "sip:8001@127.0.0.1:6004")));
        assertEquals(3, registrar().all().size());
    }

    @Test
    public void optionsIsAnsweredAndOtherMethodsAreRefused() throws Exception {
        assertEquals("SIP/2.0 200 OK", statusLine(send(request("OPTIONS", "8001", "", ""))));
        assertEquals("SIP/2.0 501", status(send(request("INVITE", "8001", "", ""))));
        assertEquals("SIP/2.0 405", status(send(request("PUBLISH", "8001", "", ""))));
    }

    @Test
    public void aRegisterWithoutCallIdDoesNotStopTheListener() throws Exception {
        String noCallId = register("8001", "3600", null).replace("Call-ID: unit-8001@127.0.0.1\r\n", "");
        phone.send(new DatagramPacket(noCallId.getBytes(StandardCharsets.UTF_8), noCallId.length(),
                InetAddress.getLoopbackAddress(), port));
        assertEquals("SIP/2.0 200 OK", statusLine(send(request("OPTIONS", "8001", "", ""))));
    }

    @Test
    public void malformedRequestsGet400AndTheListenerKeepsServing() throws Exception {
        byte[] junk = "\u0000\u0001garbage that is not SIP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        phone.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), port));
        String bad = request("OPTIONS", "8001", "", "").replace("CSeq: " + cseq + " OPTIONS", "CSeq: x OPTIONS");
        assertEquals("SIP/2.0 400", statusLine(send(bad)).substring(0, 11));
        assertEquals("SIP/2.0 200 OK", statusLine(send(request("OPTIONS", "8001", "", ""))));
    }

    @Test
    public void aPhoneRegistersOverTcpToo() throws Exception {
        try (java.net.Socket tcp = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            tcp.setSoTimeout(3000);
            String via = "SIP/2.0/UDP 127.0.0.1:" + phone.getLocalPort();
            String viaTcp = "SIP/2.0/TCP 127.0.0.1:" + tcp.getLocalPort();
            String challenge = sendTcp(tcp, register("8001", "3600", null).replace(via, viaTcp));
            assertEquals("SIP/2.0 401", status(challenge));
            String ok = sendTcp(tcp, register("8001", "3600", authorization(challenge, "8001", "secret", "MD5"))
                    .replace(via, viaTcp));
            assertEquals("SIP/2.0 200", status(ok));
            assertEquals("tcp", registrar().bindings(INSTANCE, "8001").get(0).transport());
            assertEquals("127.0.0.1:" + tcp.getLocalPort(), registrar().bindings(INSTANCE, "8001").get(0).sourceAddress());
        }
    }

    private static String sendTcp(java.net.Socket tcp, String message) throws IOException {
        tcp.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        tcp.getOutputStream().flush();
        java.io.InputStream in = tcp.getInputStream();
        StringBuilder answer = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("connection closed after: " + answer);
            }
            answer.append((char) c);
            if (answer.toString().endsWith("\r\n\r\n")) {
                if (!answer.toString().startsWith("SIP/2.0 100")) {
                    return answer.toString();
                }
                answer.setLength(0);
            }
        }
    }

    // ---- a minimal UDP phone ----

    private String registerWithAuth(String expires) throws IOException {
        return registerWithAuth(expires, null);
    }

    private String registerWithAuth(String expires, String contact) throws IOException {
        String challenge = send(register("8001", expires, null, contact));
        return send(register("8001", expires, authorization(challenge, "8001", "secret", "MD5"), contact));
    }

    private String register(String ext, String expires, String authorization) {
        return register(ext, expires, authorization, null);
    }

    private String register(String ext, String expires, String authorization, String contact) {
        String c = contact != null ? contact : "sip:" + ext + "@127.0.0.1:" + phone.getLocalPort();
        return request("REGISTER", ext, "Contact: <" + c + ">\r\nExpires: " + expires + "\r\n",
                authorization == null ? "" : "Authorization: " + authorization + "\r\n");
    }

    private String request(String method, String ext, String extra, String authorization) {
        cseq++;
        return method + " sip:" + REALM + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.getLocalPort() + ";rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + ext + "@" + REALM + ">;tag=t" + ext + "\r\n"
                + "To: <sip:" + ext + "@" + REALM + ">\r\n"
                + "Call-ID: unit-" + ext + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + extra + authorization
                + "User-Agent: unit-phone/1.0\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private String send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[8192];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                phone.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer to " + message.lines().findFirst().orElse(""), e);
            }
            String answer = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!answer.startsWith("SIP/2.0 100")) {
                return answer;
            }
        }
    }

    private static String statusLine(String response) {
        return response.lines().findFirst().orElse("");
    }

    private static String status(String response) {
        return statusLine(response).substring(0, 11);
    }

    private static List<String> headerNames(String response) {
        return response.lines().skip(1).filter(l -> l.contains(":")).map(l -> l.substring(0, l.indexOf(':')))
                .filter(h -> !h.equals("To")).sorted().toList();
    }

    private static String authorization(String challenge, String user, String password, String algorithm) {
        Matcher m = Pattern.compile("WWW-Authenticate: Digest [^\r\n]*algorithm=" + algorithm + "[^\r\n]*").matcher(challenge);
        assertTrue(challenge, m.find());
        Matcher n = Pattern.compile("nonce=\"([^\"]+)\"").matcher(m.group());
        assertTrue(n.find());
        String nonce = n.group(1);
        String uri = "sip:" + REALM;
        String ha1 = Digest.hex(algorithm, user + ":" + REALM + ":" + password);
        String response = Digest.response(algorithm, ha1, nonce, "REGISTER", uri, "auth", "00000001", "c0ffee");
        assertNotNull(response);
        assertFalse(response.isEmpty());
        return "Digest username=\"" + user + "\",realm=\"" + REALM + "\",nonce=\"" + nonce + "\",uri=\"" + uri
                + "\",response=\"" + response + "\",algorithm=" + algorithm + ",qop=auth,nc=00000001,cnonce=\"c0ffee\"";
    }

    /** The Registrar service over the running stack's bindings. */
    private RegistrarManager registrar() {
        return new RegistrarManager(sip);
    }
}
