package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.Registrar;
import io.parley.api.sip.RegistrationBinding;
import io.parley.api.sip.SipSecurityService;
import io.parley.api.sip.SipSecurityStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The SIP registrar (SPEC §12, §1.5) and the SIP edge against real SIP peers: Debian's SIPp
 * registers phones and an appliance_account gateway created over REST with digest
 * authentication; a password guesser on 127.0.0.25 gets blocked while 127.0.0.26 is served; a
 * 2 s registration expires; a phone registers over TLS (a Java TLS client: Debian's SIPp is
 * built without TLS) trusting the certificate the appliance generated; oversized and
 * malformed messages get errors over UDP and TCP and the stack serves on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SipRegistrarIT {

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Inject
    Registrar registrar;

    @Inject
    SessionFactory sessions;

    @Inject
    SipSecurityService security;

    private Api admin;
    private long instanceId;
    private String inst;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    @Before
    public void connect() {
        admin = Api.appliance().asAdmin(auth);
        instanceId = instances.defaultInstance().id();
        inst = "/instances/" + instanceId;
    }

    @Test
    public void aPhoneRegistersWithDigestAuthenticationAndShowsRegistered() throws Exception {
        String ext = extension();
        String password = createPhone(ext);
        assertEquals("not_registered", admin.get(inst + "/phones/" + ext).json().path("registration_status").asText());

        Sipp.Result run = sipp(ext, password);
        assertEquals(run.toString(), 0, run.exit());

        JsonNode phone = admin.get(inst + "/phones/" + ext).json();
        assertEquals(phone.toString(), "registered", phone.path("registration_status").asText());
        assertEquals(phone.toString(), "ok", phone.path("auth_status").asText());
        assertEquals(phone.toString(), "SIPp-itest", phone.path("brand_model").asText());
        assertTrue(phone.toString(), phone.path("client_address").asText().startsWith("127.0.0.1:" + run.localPort()));

        List<RegistrationBinding> bindings = registrar.bindings(instanceId, ext);
        assertEquals(bindings.toString(), 1, bindings.size());
        assertEquals("udp", bindings.get(0).transport());
        assertTrue(bindings.get(0).contact(), bindings.get(0).contact().contains(":" + run.localPort()));

        String table = shell("parley:sip-registrations " + ext);
        assertTrue(table, table.contains(ext) && table.contains("SIPp-itest") && table.contains("1 registration(s)"));
    }

    @Test
    public void aWrongPasswordFailsExactlyLikeAnUnknownExtension() throws Exception {
        String ext = extension();
        createPhone(ext);
        Sipp.Result wrong = sipp(ext, "not-the-password");
        String unknown = extension();
        Sipp.Result nobody = sipp(unknown, "not-the-password");

        assertEquals(wrong.toString(), 1, wrong.exit());
        assertEquals(nobody.toString(), 1, nobody.exit());
        assertTrue(wrong.errors(), wrong.errors().contains("SIP/2.0 403 Forbidden"));
        assertEquals(wrong.answer(), nobody.answer());
        JsonNode phone = admin.get(inst + "/phones/" + ext).json();
        assertEquals(phone.toString(), "not_registered", phone.path("registration_status").asText());
        assertEquals(phone.toString(), "failed", phone.path("auth_status").asText());
        assertTrue(registrar.bindings(instanceId, ext).isEmpty());
    }

    @Test
    public void aPasswordGuesserIsBlockedWhileAnotherAddressIsServedUntilTheOperatorUnblocksIt() throws Exception {
        String ext = extension();
        String password = createPhone(ext);
        // ten wrong guesses: five answered at once, then throttled to one request a second, then blocked
        Sipp.Result guesses = Sipp.scenario("register.xml").from("127.0.0.25").service(ext).auth(ext, "guess")
                .calls(10).args("-l", "1").timeout(Duration.ofSeconds(60)).run();
        assertEquals(guesses.toString(), 1, guesses.exit());
        SipSecurityStatus.Source blocked = security.status().sources().stream()
                .filter(s -> s.ip().equals("127.0.0.25")).findFirst().orElseThrow(() -> new AssertionError(security.status()));
        assertEquals(blocked.toString(), "blocked", blocked.state());
        assertTrue(blocked.toString(), blocked.blockedUntil().isAfter(Instant.now().plusSeconds(800)));

        // the right password from the blocked address gets no answer at all
        Sipp.Result stillBlocked = Sipp.scenario("register.xml").from("127.0.0.25").service(ext).auth(ext, password)
                .timeout(Duration.ofSeconds(4)).run();
        assertTrue(stillBlocked.toString(), stillBlocked.exit() != 0);
        assertTrue(stillBlocked.messages(), !stillBlocked.messages().contains("SIP/2.0 401"));
        // another address is served
        Sipp.Result other = Sipp.scenario("register.xml").from("127.0.0.26").service(ext).auth(ext, password).run();
        assertEquals(other.toString(), 0, other.exit());

        String table = shell("parley:sip-security");
        assertTrue(table, table.contains("127.0.0.25") && table.contains("blocked") && table.contains("auth_failed"));
        assertTrue(shell("parley:sip-security --unblock 127.0.0.25").contains("127.0.0.25 unblocked"));
        Sipp.Result unblocked = Sipp.scenario("register.xml").from("127.0.0.25").service(ext).auth(ext, password).run();
        assertEquals(unblocked.toString(), 0, unblocked.exit());
    }

    @Test
    public void anExpiredRegistrationDisappears() throws Exception {
        String ext = extension();
        String password = createPhone(ext);
        Sipp.Result run = Sipp.scenario("register_2s.xml").service(ext).auth(ext, password).run();
        assertEquals(run.toString(), 0, run.exit());
        assertTrue(run.messages(), run.messages().contains("expires=2"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!registrar.bindings(instanceId, ext).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(registrar.bindings(instanceId, ext).toString(), registrar.bindings(instanceId, ext).isEmpty());
        JsonNode phone = admin.get(inst + "/phones/" + ext).json();
        assertEquals(phone.toString(), "not_registered", phone.path("registration_status").asText());
    }

    @Test
    public void theGatewayOfAnApplianceAccountChannelRegisters() throws Exception {
        Api.Answer created = admin.post("/sip-channels", "{\"name\":\"GW " + System.nanoTime() + "\","
                + "\"device_type\":\"e1_t1\",\"docking_mode\":\"appliance_account\"}");
        assertEquals(created.toString(), 201, created.status());
        long channelId = created.json().path("id").asLong();
        String user = created.json().path("gateway_username").asText();
        String password = created.json().path("gateway_password").asText();

        Sipp.Result wrong = Sipp.scenario("register.xml").from("127.0.0.27").service(user).auth(user, "not-it").run();
        assertEquals(wrong.toString(), 1, wrong.exit());
        assertTrue(registrar.gatewayBindings(channelId).isEmpty());

        Sipp.Result run = Sipp.scenario("register.xml").from("127.0.0.27").service(user).auth(user, password).run();
        assertEquals(run.toString(), 0, run.exit());
        List<GatewayBinding> bindings = registrar.gatewayBindings(channelId);
        assertEquals(bindings.toString(), 1, bindings.size());
        assertEquals("127.0.0.27:" + run.localPort(), bindings.get(0).sourceAddress());
        assertEquals(user, bindings.get(0).username());
        String table = shell("parley:sip-registrations " + user);
        assertTrue(table, table.contains("channel " + channelId) && table.contains("1 registration(s)"));
    }

    @Test
    public void aPhoneRegistersOverTlsTrustingTheGeneratedCertificate() throws Exception {
        String ext = extension();
        Api.Answer created = admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\",\"name\":\"TLS " + ext + "\"}");
        assertEquals(created.toString(), 201, created.status());
        String password = created.json().get("sip_password").asText();
        JsonNode provisioning = admin.get(inst + "/phones/" + ext + "/provisioning").json();
        assertTrue(provisioning.toString(), provisioning.toString().contains(":" + ParleyContainer.SIP_TLS_PORT));
        assertEquals(provisioning.toString(), "tls", provisioning.path("transport").asText());

        String domain = registrarDomain();
        try (SSLSocket socket = tlsSocket()) {
            String via = "SIP/2.0/TLS 127.0.0.1:" + socket.getLocalPort();
            String challenge = exchange(socket, register(ext, domain, via, 1, null));
            assertTrue(challenge, challenge.startsWith("SIP/2.0 401"));
            String ok = exchange(socket, register(ext, domain, via, 2, digest(challenge, ext, domain, password)));
            assertTrue(ok, ok.startsWith("SIP/2.0 200"));
        }
        List<RegistrationBinding> bindings = registrar.bindings(instanceId, ext);
        assertEquals(bindings.toString(), 1, bindings.size());
        assertEquals("tls", bindings.get(0).transport());
    }

    @Test
    public void oversizedAndMalformedMessagesGetErrorsAndTheStackServesOn() throws Exception {
        String domain = registrarDomain();
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getByName("127.0.0.28"))) {
            udp.setSoTimeout(5000);
            String via = "SIP/2.0/UDP 127.0.0.28:" + udp.getLocalPort();
            assertTrue(exchange(udp, options(domain, via, "X-Pad: " + "a".repeat(1000) + "\r\n", 20)).startsWith("SIP/2.0 513"));
            assertTrue(exchange(udp, options(domain, via, "X-Many: 1\r\n", 80)).startsWith("SIP/2.0 400"));
            assertTrue(exchange(udp, options(domain, via, "Subject: " + "b".repeat(5000) + "\r\n", 1)).startsWith("SIP/2.0 400"));
            String noCseq = options(domain, via, "", 0).replaceAll("CSeq: [^\r]*\r\n", "CSeq: x OPTIONS\r\n");
            assertTrue(exchange(udp, noCseq).startsWith("SIP/2.0 400"));
            byte[] junk = "\u0000\u0001garbage, not SIP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            udp.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), ParleyContainer.SIP_PORT));
            assertTrue(exchange(udp, options(domain, via, "", 0)).startsWith("SIP/2.0 200"));
        }
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), ParleyContainer.SIP_PORT)) {
            tcp.setSoTimeout(5000);
            String via = "SIP/2.0/TCP 127.0.0.1:" + tcp.getLocalPort();
            assertTrue(exchange(tcp, options(domain, via, "X-Many: 1\r\n", 80)).startsWith("SIP/2.0 400"));
            assertTrue(exchange(tcp, options(domain, via, "", 0)).startsWith("SIP/2.0 200"));
            // over the size limit a stream message cannot be framed: the connection is closed
            tcp.getOutputStream().write(options(domain, via, "X-Pad: " + "a".repeat(1000) + "\r\n", 20)
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(-1, tcp.getInputStream().read());
        }
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), ParleyContainer.SIP_PORT)) {
            tcp.setSoTimeout(5000);
            String via = "SIP/2.0/TCP 127.0.0.1:" + tcp.getLocalPort();
            assertTrue(exchange(tcp, options(domain, via, "", 0)).startsWith("SIP/2.0 200"));
        }
        Map<String, Long> counters = security.status().counters();
        assertTrue(counters.toString(), counters.getOrDefault("too_large", 0L) >= 1
                && counters.getOrDefault("too_many_headers", 0L) >= 2 && counters.getOrDefault("header_too_long", 0L) >= 1);
    }

    /**
     * Issue 16 item 3: the stack's own answer to a request it cannot parse names no internals — the standard
     * reason phrase (not the parser's message: the offending header, a Java array's identity), a fixed
     * explanation in a Warning header, no echo of the request as a body — and the source is counted.
     */
    @Test
    public void anUnparsableRequestGetsTheStandardReasonPhraseAndAFixedWarningNothingEchoed() throws Exception {
        String domain = registrarDomain();
        long before = security.status().counters().getOrDefault("unparsable", 0L);
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getByName("127.0.0.129"))) {
            udp.setSoTimeout(5000);
            String via = "SIP/2.0/UDP 127.0.0.129:" + udp.getLocalPort();
            String hugeCseq = options(domain, via, "", 0)
                    .replaceAll("CSeq: [^\r]*\r\n", "CSeq: 36893488147419103232 OPTIONS\r\n");
            String badFrom = options(domain, via, "", 0)
                    .replaceAll("From: [^\r]*\r\n", "From: <sip:probe@[::1;tag=x\r\n");
            for (String malformed : List.of(hugeCseq, badFrom)) {
                String answer = exchange(udp, malformed);
                assertEquals(answer, "SIP/2.0 400 Bad Request", answer.lines().findFirst().orElse(""));
                assertTrue(answer, answer.contains("\r\nWarning: 399 ") && answer.contains(" \"Malformed request\"\r\n"));
                assertTrue(answer, answer.endsWith("\r\nContent-Length: 0\r\n\r\n"));
                assertTrue(answer, !answer.contains("OPTIONS sip:") && !answer.contains("[C@")
                        && !answer.contains("exception"));
            }
            assertTrue(exchange(udp, options(domain, via, "", 0)).startsWith("SIP/2.0 200"));
        }
        long after = security.status().counters().getOrDefault("unparsable", 0L);
        assertEquals(before + 2, after);
    }

    /**
     * Issue 16 item 3 over the stream transports. Over TLS the stack answers a request with a malformed mandatory
     * header with its own 400 (when the message keeps a parsable copy of each mandatory header; otherwise it stays
     * silent), made safe like the UDP one; over TCP it closes the connection without an answer
     * (JAIN-SIP's TCP channel), so nothing of the request or the parser can leak there either.
     */
    @Test
    public void anUnparsableRequestOverTlsGetsTheStandardReasonPhraseAndOverTcpNoEcho() throws Exception {
        String domain = registrarDomain();
        long before = security.status().counters().getOrDefault("unparsable", 0L);
        InetAddress source = InetAddress.getByName("127.0.0.131");
        try (SSLSocket tls = tlsSocket(source)) {
            String via = "SIP/2.0/TLS 127.0.0.131:" + tls.getLocalPort();
            // the stack answers on a connection it has seen a valid message on (before that it has not cached the
            // socket and tries to open a new connection to the client's port)
            assertTrue(exchange(tls, options(domain, via, "", 0)).startsWith("SIP/2.0 200"));
            // a second, unparsable CSeq: the channel answers when the message still has every mandatory header
            String answer = exchange(tls, options(domain, via, "CSeq: 36893488147419103232 OPTIONS\r\n", 1));
            assertEquals(answer, "SIP/2.0 400 Bad Request", answer.lines().findFirst().orElse(""));
            assertTrue(answer, answer.contains("\r\nWarning: 399 ") && answer.contains(" \"Malformed request\"\r\n"));
            assertTrue(answer, answer.endsWith("\r\nContent-Length: 0\r\n\r\n"));
            assertTrue(answer, !answer.contains("36893488147419103232") && !answer.contains("[C@"));
        }
        assertEquals(before + 1, (long) security.status().counters().getOrDefault("unparsable", 0L));
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), ParleyContainer.SIP_PORT, source, 0)) {
            tcp.setSoTimeout(5000);
            String via = "SIP/2.0/TCP 127.0.0.131:" + tcp.getLocalPort();
            tcp.getOutputStream().write(options(domain, via, "", 0)
                    .replaceAll("CSeq: [^\r]*\r\n", "CSeq: 36893488147419103232 OPTIONS\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(-1, tcp.getInputStream().read());
        }
        // the listener lives on for everyone else
        try (SSLSocket tls = tlsSocket(source)) {
            String via = "SIP/2.0/TLS 127.0.0.131:" + tls.getLocalPort();
            assertTrue(exchange(tls, options(domain, via, "", 0)).startsWith("SIP/2.0 200"));
        }
    }

    /**
     * Issue 16 item 4: wrong credentials on INVITE count toward the source's failures exactly like REGISTER's,
     * even while a phone registered behind the same address authenticates between the guesses (a success used
     * to erase the address's failures, so the guesser was never throttled).
     */
    @Test
    public void anInviteGuesserBehindARegisteredPhonesAddressIsThrottledWhileThePhoneAuthenticates() throws Exception {
        String ip = "127.0.0.130";
        String domain = registrarDomain();
        String ext = extension();
        String password = createPhone(ext);
        String victim = extensionOfAnyPhone();
        try (DatagramSocket phone = new DatagramSocket(0, InetAddress.getByName(ip))) {
            phone.setSoTimeout(2000);
            int[] cseq = {1};
            assertEquals("SIP/2.0 200", registerUdp(phone, ext, password, domain, cseq).substring(0, 11));
            boolean dropped = false;
            int guesses = 0;
            while (guesses < 12 && !dropped) {
                String answer = guessInvite(ip, ext, victim, domain, guesses++);
                if (answer == null) {
                    dropped = true;
                } else {
                    assertTrue(answer, answer.startsWith("SIP/2.0 403"));
                    // the phone behind the same address registers again, authenticated, between the guesses
                    try {
                        registerUdp(phone, ext, password, domain, cseq);
                    } catch (java.net.SocketTimeoutException throttled) {
                        // once throttled, one request a second gets through: the phone's second step may be dropped
                    }
                }
            }
            int tried = guesses;
            SipSecurityStatus.Source source = security.status().sources().stream().filter(s -> s.ip().equals(ip))
                    .findFirst().orElseThrow(() -> new AssertionError("never throttled after " + tried
                            + " wrong INVITE passwords: " + security.status()));
            assertTrue(source.toString(), Set.of("throttled", "blocked").contains(source.state()));
        } finally {
            security.unblock(ip);
        }
    }

    /**
     * Issue 19 item 3, RFC 3261 §8.2.6.2: every answer outside a dialog but a 100 carries a To tag — the 200 to
     * OPTIONS, the 405 and 501 to methods the appliance refuses, the registrar's 401. SIPp checks each To.
     */
    @Test
    public void answersOutsideADialogCarryAToTag() throws Exception {
        Sipp.Result run = Sipp.scenario("out_of_dialog_to_tag.xml").from("127.0.0.131").service(extension()).run();
        assertEquals(run.toString(), 0, run.exit());
    }

    // ---- helpers ----

    private static String extension() {
        return "6" + (100 + ThreadLocalRandom.current().nextInt(900)) + ThreadLocalRandom.current().nextInt(10);
    }

    private String createPhone(String ext) {
        Api.Answer created = admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\",\"name\":\"SIPp " + ext
                + "\",\"transport\":\"udp\"}");
        assertEquals(created.toString(), 201, created.status());
        return created.json().get("sip_password").asText();
    }

    /** One SIPp run of sipp/register.xml from 127.0.0.1; its error log says what the appliance answered. */
    private static Sipp.Result sipp(String ext, String password) throws Exception {
        return Sipp.scenario("register.xml").service(ext).auth(ext, password).args("-l", "1").run();
    }

    private String registrarDomain() {
        return admin.get(inst + "/phones/" + extensionOfAnyPhone() + "/provisioning").json().path("registrar").asText();
    }

    private String extensionOfAnyPhone() {
        String ext = extension();
        createPhone(ext);
        return ext;
    }

    private static String register(String ext, String domain, String via, int cseq, String authorization) {
        String contact = via.substring(via.indexOf(' ') + 1);
        return "REGISTER sip:" + domain + " SIP/2.0\r\n"
                + "Via: " + via + ";rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + ext + "@" + domain + ">;tag=it" + ext + "\r\n"
                + "To: <sip:" + ext + "@" + domain + ">\r\n"
                + "Call-ID: tls-" + ext + "@127.0.0.1\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + ext + "@" + contact + ";transport=tls>\r\n"
                + "Expires: 300\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "User-Agent: itest-tls/1.0\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String options(String domain, String via, String header, int times) {
        return "OPTIONS sip:" + domain + " SIP/2.0\r\n"
                + "Via: " + via + ";rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + domain + ">;tag=o" + System.nanoTime() + "\r\n"
                + "To: <sip:" + domain + ">\r\n"
                + "Call-ID: opt-" + System.nanoTime() + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + header.repeat(times)
                + "Content-Length: 0\r\n\r\n";
    }

    /** The MD5 digest answer to {@code challenge} (qop=auth). */
    private static String digest(String challenge, String user, String realm, String password) throws Exception {
        Matcher n = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        assertTrue(challenge, n.find());
        String uri = "sip:" + realm;
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5("REGISTER:" + uri);
        String response = md5(ha1 + ":" + n.group(1) + ":00000001:1tls:auth:" + ha2);
        return "Digest username=\"" + user + "\",realm=\"" + realm + "\",nonce=\"" + n.group(1) + "\",uri=\"" + uri
                + "\",response=\"" + response + "\",algorithm=MD5,qop=auth,nc=00000001,cnonce=\"1tls\"";
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** REGISTER over UDP answering the 401 with the password: the final answer (a SocketTimeoutException if none). */
    private static String registerUdp(DatagramSocket udp, String ext, String password, String domain, int[] cseq)
            throws Exception {
        String via = "SIP/2.0/UDP " + udp.getLocalAddress().getHostAddress() + ":" + udp.getLocalPort();
        String challenge = exchange(udp, register(ext, domain, via, cseq[0]++, null).replace(";transport=tls", ""));
        if (!challenge.startsWith("SIP/2.0 401")) {
            return challenge;
        }
        return exchange(udp, register(ext, domain, via, cseq[0]++, digest(challenge, ext, domain, password))
                .replace(";transport=tls", ""));
    }

    /**
     * One INVITE from {@code ip} as {@code ext} to {@code target} with a wrong digest answer, from a port of its own
     * (a device other than the phone): the final answer, acknowledged, or null when none came (dropped).
     */
    private static String guessInvite(String ip, String ext, String target, String domain, int n) throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getByName(ip))) {
            udp.setSoTimeout(2000);
            String branch = "z9hG4bKguess" + n + System.nanoTime();
            String head = "sip:" + target + "@" + domain;
            String via = "Via: SIP/2.0/UDP " + ip + ":" + udp.getLocalPort() + ";rport;branch=" + branch + "\r\n";
            String from = "From: <sip:" + ext + "@" + domain + ">;tag=g" + n + "\r\n";
            String callId = "Call-ID: guess-" + n + "-" + System.nanoTime() + "@" + ip + "\r\n";
            String invite = "INVITE " + head + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + from
                    + "To: <" + head + ">\r\n" + callId + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:" + ext + "@" + ip + ":" + udp.getLocalPort() + ">\r\n"
                    + "Proxy-Authorization: Digest username=\"" + ext + "\",realm=\"" + domain
                    + "\",nonce=\"guess" + n + "\",uri=\"" + head + "\",response=\"" + "0".repeat(32)
                    + "\",algorithm=MD5\r\nContent-Length: 0\r\n\r\n";
            String answer;
            try {
                answer = exchange(udp, invite);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            String to = answer.lines().filter(l -> l.regionMatches(true, 0, "To:", 0, 3)).findFirst().orElse("To: <" + head + ">");
            String ack = "ACK " + head + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + from + to + "\r\n" + callId
                    + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
            byte[] bytes = ack.getBytes(StandardCharsets.UTF_8);
            udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), ParleyContainer.SIP_PORT));
            return answer;
        }
    }

    /** Sends over TLS/TCP and reads the first final response's head. */
    /** A TLS connection to the SIP TLS port that trusts the certificate the appliance generated. */
    private static SSLSocket tlsSocket() throws Exception {
        return tlsSocket(InetAddress.getLoopbackAddress());
    }

    /** The same from a chosen loopback address, so a test's failures are counted against an address of its own. */
    private static SSLSocket tlsSocket(InetAddress local) throws Exception {
        KeyStore generated = KeyStore.getInstance("PKCS12");
        Path dir = Path.of(System.getProperty("karaf.data"), "parley");
        try (InputStream in = Files.newInputStream(dir.resolve("sip-tls.p12"))) {
            generated.load(in, Files.readString(dir.resolve("sip-tls.password")).strip().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(generated);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                ParleyContainer.SIP_TLS_PORT, local, 0);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static String exchange(Socket socket, String message) throws IOException {
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

    private static String exchange(DatagramSocket udp, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), ParleyContainer.SIP_PORT));
        byte[] buf = new byte[8192];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            udp.receive(p);
            String answer = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!answer.startsWith("SIP/2.0 100")) {
                return answer;
            }
        }
    }

    private String shell(String command) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } catch (Exception e) {
            throw new IOException(command + ": " + e.getMessage(), e);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
