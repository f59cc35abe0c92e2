package io.parley.sip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.SipSecurityStatus;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.auth.Digest;
import io.parley.sip.edge.ChannelAdmission;
import io.parley.sip.edge.EdgeGate;
import io.parley.sip.edge.SipSecurity;
import io.parley.sip.edge.SipSecurityManager;
import io.parley.sip.edge.TlsKeystore;
import io.parley.sip.registrar.PhoneDirectory;
import io.parley.sip.registrar.PhoneRegistrar;
import io.parley.sip.registrar.RegistrarManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The SIP edge over real loopback sockets: TLS registration with the generated certificate,
 * appliance_account gateways registering, a password guesser blocked while another address is
 * still served, and the message limits over UDP and TCP with the listener serving on.
 */
public class SipEdgeTest {

    private static final String REALM = "parley.local";
    private static final long INSTANCE = 1000001;
    private static final String GATEWAY = "gateway800001024";
    private static final SipChannel GATEWAY_CHANNEL = new SipChannel(77, "HQ gateway", "landline", "e1_t1",
            "appliance_account", digest(GATEWAY, "Gw-secret-1"), List.of(), null, Instant.EPOCH);

    private Path dataDir;
    private SipSignalling sip;
    private TlsKeystore.Store keystore;
    private int port;
    private int tlsPort;
    private int cseq;

    private static SipDigest digest(String user, String password) {
        String a1 = user + ":" + REALM + ":" + password;
        return new SipDigest(user, REALM, Digest.hex("MD5", a1), Digest.hex("SHA-256", a1));
    }

    @Before
    public void start() throws Exception {
        port = freeUdpAndTcpPort();
        tlsPort = freeUdpAndTcpPort();
        dataDir = Files.createTempDirectory("sip-edge");
        keystore = TlsKeystore.of("", "", "", dataDir, REALM);
        PhoneDirectory directory = new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                return "8001".equals(extension) ? Optional.of(new SipPhone(1, INSTANCE, "8001", "Desk", PhoneBinding.NONE,
                        "tls", digest("8001", "secret"), PhoneRegistration.NOT_REGISTERED, Instant.EPOCH)) : Optional.empty();
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
            }
        };
        SipSignalling.Edge edge = new SipSignalling.Edge(tlsPort, keystore, new EdgeGate.Limits(16384, 40, 1000),
                new SipSecurity.Limits(3, 5, Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ZERO),
                new ChannelAdmission.Sources() {
                    @Override
                    public List<SipChannel> channels() {
                        return List.of(GATEWAY_CHANNEL);
                    }

                    @Override
                    public List<String> resolve(String host) {
                        return List.of();
                    }
                }, Duration.ofSeconds(5));
        sip = new SipSignalling(directory, new SipSignalling.Endpoint("127.0.0.1", port, true, true, 16384),
                new PhoneRegistrar.Settings(REALM, 60, 3600, 3600, 3, List.of("MD5", "SHA-256")),
                Duration.ofSeconds(30), Clock.systemUTC(), edge);
    }

    @After
    public void stop() {
        sip.stop();
    }

    @Test
    public void theGeneratedKeystoreIsOwnerOnlyAndReusedAtTheNextStart() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore.path())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("sip-tls.password"))));
        TlsKeystore.Store again = TlsKeystore.of("", "", "", dataDir, REALM);
        assertEquals(keystore, again);
        assertTrue(TlsKeystore.load(again).isKeyEntry("parley-sip"));
    }

    @Test
    public void aPhoneRegistersOverTls() throws Exception {
        KeyStore trusted = TlsKeystore.load(keystore);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), tlsPort)) {
            tls.setSoTimeout(5000);
            tls.startHandshake();
            String via = "SIP/2.0/TLS 127.0.0.1:" + tls.getLocalPort();
            String challenge = sendStream(tls, register("8001", via, null));
            assertEquals("SIP/2.0 401", status(challenge));
            String ok = sendStream(tls, register("8001", via, authorization(challenge, "8001", "secret")));
            assertEquals("SIP/2.0 200", status(ok));
        }
        assertEquals("tls", registrar().bindings(INSTANCE, "8001").get(0).transport());
    }

    @Test
    public void anApplianceAccountGatewayRegistersAndIsThenATrunkPeer() throws Exception {
        try (DatagramSocket gw = udp("127.0.0.1")) {
            String via = "SIP/2.0/UDP 127.0.0.1:" + gw.getLocalPort();
            String challenge = sendUdp(gw, register(GATEWAY, via, null));
            assertEquals("SIP/2.0 401", status(challenge));
            assertEquals("SIP/2.0 200", status(sendUdp(gw, register(GATEWAY, via,
                    authorization(challenge, GATEWAY, "Gw-secret-1")))));
            List<GatewayBinding> b = registrar().gatewayBindings(77);
            assertEquals(1, b.size());
            assertEquals(GATEWAY, b.get(0).username());
            assertEquals("127.0.0.1:" + gw.getLocalPort(), b.get(0).sourceAddress());
            assertEquals(1, registrar().allGateways().size());
            assertTrue(registrar().bindings(INSTANCE, GATEWAY).isEmpty());
            assertEquals(77, sip.admission().channelOf("127.0.0.1", gw.getLocalPort(), "udp").orElseThrow().id());
            assertTrue(sip.admission().channelOf("127.0.0.1", gw.getLocalPort() + 1, "udp").isEmpty());

            // a wrong gateway password fails exactly like an unknown user
            String wrong = sendUdp(gw, register(GATEWAY, via, authorization(sendUdp(gw, register(GATEWAY, via, null)),
                    GATEWAY, "guess")));
            String nobody = sendUdp(gw, register("gateway1", via, authorization(sendUdp(gw, register("gateway1", via, null)),
                    "gateway1", "guess")));
            assertEquals("SIP/2.0 403", status(wrong));
            assertEquals(status(wrong), status(nobody));
        }
    }

    @Test
    public void aPasswordGuesserIsBlockedAndAnotherAddressIsStillServed() throws Exception {
        try (DatagramSocket guesser = udp("127.0.0.1"); DatagramSocket phone = udp("127.0.0.2")) {
            String via = "SIP/2.0/UDP 127.0.0.1:" + guesser.getLocalPort();
            for (int i = 0; i < 5; i++) {
                String challenge = sendUdp(guesser, register("8001", via, null));
                assertEquals("SIP/2.0 403", status(sendUdp(guesser, register("8001", via,
                        authorization(challenge, "8001", "guess" + i)))));
            }
            assertTrue(sip.security().blocked("127.0.0.1"));
            // dropped before any answer, even a correct one
            assertTrue(noAnswer(guesser, register("8001", via, null)));
            SipSecurityStatus status = security().status();
            assertEquals("blocked", status.sources().get(0).state());
            assertEquals("127.0.0.1", status.sources().get(0).ip());
            assertTrue(status.counters().get("dropped_blocked") >= 1);

            String via2 = "SIP/2.0/UDP 127.0.0.2:" + phone.getLocalPort();
            String challenge = sendUdp(phone, register("8001", via2, null));
            assertEquals("SIP/2.0 200", status(sendUdp(phone, register("8001", via2,
                    authorization(challenge, "8001", "secret")))));

            assertTrue(security().unblock("127.0.0.1"));
            assertEquals("SIP/2.0 401", status(sendUdp(guesser, register("8001", via, null))));
        }
    }

    @Test
    public void oversizedAndOverlongMessagesGetErrorsOverUdpAndTheListenerServesOn() throws Exception {
        try (DatagramSocket s = udp("127.0.0.1")) {
            String via = "SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort();
            assertEquals("SIP/2.0 513", status(sendUdp(s, options(via, "X-Pad: " + "a".repeat(900) + "\r\n", 20))));
            assertEquals("SIP/2.0 400", status(sendUdp(s, options(via, "X-Many: 1\r\n", 41))));
            assertEquals("SIP/2.0 400", status(sendUdp(s, options(via, "Subject: " + "b".repeat(1200) + "\r\n", 1))));
            assertEquals("SIP/2.0 400", status(sendUdp(s, options(via, "X-Long: " + "c".repeat(1200) + "\r\n", 1))));
            byte[] junk = "\u0000\u0001 not SIP at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            s.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), port));
            assertEquals("SIP/2.0 200", status(sendUdp(s, options(via, "", 0))));
        }
        assertEquals(1, security().status().counters().get("too_large").longValue());
        assertEquals(1, security().status().counters().get("too_many_headers").longValue());
        assertEquals(2, security().status().counters().get("header_too_long").longValue());
    }

    /**
     * The stack's own answer to a request it cannot parse names no internals: the standard reason phrase, a fixed
     * explanation in a Warning header, no echo of the request as a body; the detail goes to the (rate-limited) log.
     */
    @Test
    public void anUnparsableRequestGetsTheStandardReasonPhraseAndNoEchoOverUdp() throws Exception {
        try (DatagramSocket s = udp("127.0.0.1")) {
            String via = "SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort();
            String hugeCseq = options(via, "", 0).replaceAll("CSeq: [^\r]*\r\n", "CSeq: 36893488147419103232 OPTIONS\r\n");
            String badFrom = options(via, "", 0).replaceAll("From: [^\r]*\r\n", "From: <sip:probe@[::1;tag=x\r\n");
            String badVia = options(via, "", 0).replaceAll("Via: SIP/2.0/UDP", "Via: SIP/2.0/UDP 127.0.0.1:99999999;x=\"");
            for (String malformed : List.of(hugeCseq, badFrom, badVia)) {
                String answer = sendUdp(s, malformed);
                String statusLine = answer.lines().findFirst().orElseThrow();
                assertEquals(answer, "SIP/2.0 400 Bad Request", statusLine);
                assertTrue(answer, answer.contains("\r\nWarning: 399 ") && answer.contains("\"Malformed request\""));
                assertTrue(answer, answer.endsWith("Content-Length: 0\r\n\r\n"));
                assertFalse(answer, answer.contains("OPTIONS sip:"));
            }
            assertEquals("SIP/2.0 200", status(sendUdp(s, options(via, "", 0))));
        }
        assertEquals(3, security().status().counters().get("unparsable").longValue());
    }

    /** RFC 3261 §8.2.6.2: OPTIONS and refused methods, answered outside a dialog, get a To tag. */
    @Test
    public void answersOutsideADialogCarryAToTag() throws Exception {
        try (DatagramSocket s = udp("127.0.0.1")) {
            String via = "SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort();
            for (String request : List.of(options(via, "", 0), options(via, "", 0).replace("OPTIONS", "SUBSCRIBE"),
                    options(via, "", 0).replace("OPTIONS", "NOTIFY"), options(via, "X-Many: 1\r\n", 41))) {
                String answer = sendUdp(s, request);
                String to = answer.lines().filter(l -> l.startsWith("To:")).findFirst().orElseThrow();
                assertTrue(answer, to.matches("To: <sip:parley\\.local>;tag=[0-9a-f]{8,}"));
            }
        }
    }

    @Test
    public void overlongAndTooManyHeadersGet400OverTcpAnOversizedMessageClosesTheConnectionAndTheListenerServesOn() throws Exception {
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
            tcp.setSoTimeout(5000);
            String via = "SIP/2.0/TCP 127.0.0.1:" + tcp.getLocalPort();
            assertEquals("SIP/2.0 400", status(sendStream(tcp, options(via, "X-Many: 1\r\n", 41))));
            assertEquals("SIP/2.0 400", status(sendStream(tcp, options(via, "X-Long: " + "c".repeat(1200) + "\r\n", 1))));
            assertEquals("SIP/2.0 200", status(sendStream(tcp, options(via, "", 0))));
        }
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
            tcp.setSoTimeout(5000);
            String via = "SIP/2.0/TCP 127.0.0.1:" + tcp.getLocalPort();
            // a stream message over the limit cannot be framed: the connection is closed
            tcp.getOutputStream().write(options(via, "X-Pad: " + "a".repeat(900) + "\r\n", 20).getBytes(StandardCharsets.UTF_8));
            assertEquals(-1, tcp.getInputStream().read());
        }
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
            tcp.setSoTimeout(5000);
            tcp.getOutputStream().write("garbage\r\nthat is not SIP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
            tcp.setSoTimeout(5000);
            String via = "SIP/2.0/TCP 127.0.0.1:" + tcp.getLocalPort();
            assertEquals("SIP/2.0 200", status(sendStream(tcp, options(via, "", 0))));
        }
    }

    // ---- a minimal phone ----

    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket d = new DatagramSocket(s.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException busy) {
                // the UDP port of that number is taken; try another
            }
        }
        throw new IOException("no free port");
    }

    private static DatagramSocket udp(String ip) throws IOException {
        DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(ip));
        s.setSoTimeout(3000);
        return s;
    }

    private String register(String user, String via, String authorization) {
        cseq++;
        String host = via.substring(via.indexOf(' ') + 1);
        return "REGISTER sip:" + REALM + " SIP/2.0\r\n"
                + "Via: " + via + ";rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + REALM + ">;tag=t" + cseq + "\r\n"
                + "To: <sip:" + user + "@" + REALM + ">\r\n"
                + "Call-ID: edge-" + user + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + host + ">\r\n"
                + "Expires: 300\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "User-Agent: edge-test/1.0\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private String options(String via, String extraHeader, int times) {
        cseq++;
        return "OPTIONS sip:" + REALM + " SIP/2.0\r\n"
                + "Via: " + via + ";rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + REALM + ">;tag=o" + cseq + "\r\n"
                + "To: <sip:" + REALM + ">\r\n"
                + "Call-ID: edge-options-" + cseq + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " OPTIONS\r\n"
                + extraHeader.repeat(times)
                + "Content-Length: 0\r\n\r\n";
    }

    private String sendUdp(DatagramSocket s, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[8192];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer to " + message.lines().findFirst().orElse(""), e);
            }
            String answer = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!answer.startsWith("SIP/2.0 100")) {
                return answer;
            }
        }
    }

    private boolean noAnswer(DatagramSocket s, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout(1000);
        try {
            s.receive(new DatagramPacket(new byte[8192], 8192));
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            s.setSoTimeout(3000);
        }
    }

    private static String sendStream(Socket socket, String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
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

    private static String status(String response) {
        return response.lines().findFirst().orElse("").substring(0, 11);
    }

    private static String authorization(String challenge, String user, String password) {
        Matcher n = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        assertTrue(challenge, n.find());
        String nonce = n.group(1);
        String uri = "sip:" + REALM;
        String ha1 = Digest.hex("MD5", user + ":" + REALM + ":" + password);
        String response = Digest.response("MD5", ha1, nonce, "REGISTER", uri, "auth", "00000001", "c0ffee");
        assertFalse(response.isEmpty());
        return "Digest username=\"" + user + "\",realm=\"" + REALM + "\",nonce=\"" + nonce + "\",uri=\"" + uri
                + "\",response=\"" + response + "\",algorithm=MD5,qop=auth,nc=00000001,cnonce=\"c0ffee\"";
    }

    /** The Registrar service over the running stack's bindings. */
    private RegistrarManager registrar() {
        return new RegistrarManager(sip);
    }

    /** The SipSecurityService over the running stack's monitor. */
    private SipSecurityManager security() {
        return new SipSecurityManager(sip);
    }
}
