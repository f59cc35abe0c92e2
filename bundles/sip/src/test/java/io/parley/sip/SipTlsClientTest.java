package io.parley.sip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.sip.TrunkStatus;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.auth.Digest;
import io.parley.sip.edge.TlsKeystore;
import io.parley.sip.registrar.PhoneDirectory;
import io.parley.sip.registrar.PhoneRegistrar;
import io.parley.sip.trunk.TrunkSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The appliance as a TLS client: a carrier_account channel with transport tls registers to a
 * carrier (a TLS server socket on loopback with a self-signed certificate) when that certificate
 * is in the configured {@code tlsTruststore} and issued to the channel's server_host, and not at
 * all when the trust is the JDK's CA certificates or the certificate names another host. Before {@code tlsTruststore} JAIN-SIP trusted only the appliance's own keystore, so
 * no carrier certificate ever verified.
 */
public class SipTlsClientTest {

    private static final String USER = "acct77";
    private static final String PASSWORD = "Pa55word!";

    private final List<SipChannel> channels = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final AtomicInteger handshakeFailures = new AtomicInteger();
    private final List<SSLSocket> accepted = new CopyOnWriteArrayList<>();
    private Path dir;
    private TlsKeystore.Store carrierKeys;
    private SSLServerSocket carrier;
    private SipSignalling sip;
    private SipTrunkManager trunks;

    @Before
    public void directory() throws IOException {
        dir = Files.createTempDirectory("sip-tls-client");
    }

    /** The carrier: a TLS server on 127.0.0.1 with a self-signed certificate issued to {@code name}. */
    private void carrier(String name) throws Exception {
        carrierKeys = TlsKeystore.generate(dir.resolve("carrier.p12"), dir.resolve("carrier.password"), name);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(TlsKeystore.load(carrierKeys), carrierKeys.password().toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        carrier = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    SSLSocket conn = (SSLSocket) carrier.accept();
                    accepted.add(conn);
                    Thread reader = new Thread(() -> {
                        try {
                            conn.startHandshake();
                            while (true) {
                                received.add(readStream(conn.getInputStream()) + "\u0000" + accepted.indexOf(conn));
                            }
                        } catch (javax.net.ssl.SSLException refused) {
                            handshakeFailures.incrementAndGet();
                        } catch (IOException | AssertionError closed) {
                            // connection ended
                        }
                    });
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @After
    public void stop() throws IOException {
        if (sip != null) {
            stopSip();
        }
        if (carrier != null) {
            carrier.close();
        }
        for (SSLSocket s : accepted) {
            s.close();
        }
    }

    @Test
    public void registersOverTlsToACarrierWhoseCertificateIsInTheTruststore() throws Exception {
        carrier("127.0.0.1");   // the channel's server_host
        start(trustingTheCarrier());

        String first = next();
        assertNotNull("no REGISTER over tls", first);
        assertTrue(first, first.startsWith("REGISTER sip:127.0.0.1:" + carrier.getLocalPort() + ";transport=tls SIP/2.0"));
        assertTrue(first, header(first, "Via").startsWith("SIP/2.0/TLS "));
        assertTrue(first, header(first, "Contact").contains(";transport=tls"));
        reply(first, response(first, "401 Unauthorized", "WWW-Authenticate: Digest realm=\"carrier.test\", "
                + "nonce=\"s-1\", algorithm=MD5\r\n"));
        String second = next();
        assertNotNull("no answer to the challenge", second);
        String auth = header(second, "Authorization");
        assertNotNull(second, auth);
        String expected = Digest.response("MD5", Digest.hex("MD5", USER + ":carrier.test:" + PASSWORD), "s-1",
                "REGISTER", param(auth, "uri"), null, null, null);
        assertEquals(auth, expected, param(auth, "response"));
        reply(second, response(second, "200 OK", "Contact: " + header(second, "Contact") + ";expires=60\r\n"));
        awaitRegistered();
        assertEquals(0, handshakeFailures.get());
    }

    @Test
    public void aCarrierCertificateTheTruststoreDoesNotHoldIsRefusedAndNoRegisterIsSent() throws Exception {
        carrier("127.0.0.1");
        // the default: the JDK's CA certificates, which do not hold the carrier's self-signed one
        start(null);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handshakeFailures.get() == 0 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue("the appliance tried and gave up the handshake", handshakeFailures.get() > 0);
        assertNull("nothing was sent over the unverified connection", received.poll(1, TimeUnit.SECONDS));
        Optional<TrunkStatus> status = trunks.trunkStatus(77);
        assertFalse(status.toString(), status.map(s -> TrunkStatus.REGISTERED.equals(s.status())).orElse(false));
    }

    @Test
    public void aTrustedCertificateIssuedToAnotherHostIsRefusedAndNoRegisterIsSent() throws Exception {
        // the chain verifies, but the certificate names carrier.test and the channel's server_host is 127.0.0.1
        carrier("carrier.test");
        start(trustingTheCarrier());
        assertNull("nothing was sent to a carrier of the wrong name", received.poll(5, TimeUnit.SECONDS));
        assertEquals(0, handshakeFailures.get());
        Optional<TrunkStatus> status = trunks.trunkStatus(77);
        assertFalse(status.toString(), status.map(s -> TrunkStatus.REGISTERED.equals(s.status())).orElse(false));
    }

    /** A truststore holding only the carrier's certificate. */
    private TlsKeystore.Store trustingTheCarrier() throws Exception {
        Path trustFile = dir.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("carrier", TlsKeystore.load(carrierKeys).getCertificate("parley-sip"));
        try (OutputStream out = Files.newOutputStream(trustFile)) {
            trust.store(out, "trust-pass".toCharArray());
        }
        return TlsKeystore.trust(trustFile.toString(), "trust-pass", "PKCS12");
    }

    private void start(TlsKeystore.Store truststore) throws Exception {
        int port;
        int tlsPort;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = a.getLocalPort();
            tlsPort = b.getLocalPort();
        }
        TlsKeystore.Store own = TlsKeystore.of("", "", "", dir, "parley.local");
        SipSignalling.Edge plain = SipSignalling.Edge.plain(16384);
        SipSignalling.Edge edge = new SipSignalling.Edge(tlsPort, own, plain.limits(), plain.security(), plain.channels(),
                plain.admissionRefresh(), truststore);
        sip = new SipSignalling(new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                return Optional.empty();
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
            }
        }, new SipSignalling.Endpoint("127.0.0.1", port, true, true, 16384),
                new PhoneRegistrar.Settings("parley.local", 60, 3600, 3600, 3, List.of("MD5")), Duration.ofSeconds(30),
                Clock.systemUTC(), edge);
        trunks = BuiltInConnectors.bind(new SipTrunkManager(sip, () -> List.copyOf(channels), new TrunkSettings(Duration.ofMillis(200), Duration.ofSeconds(30), 3,
                Duration.ofSeconds(18), Duration.ofSeconds(1), Duration.ofSeconds(4), "")));
        channels.add(new SipChannel(77, "tls carrier", "landline", "sip_trunk", "carrier_account", null, null,
                new SipChannel.CarrierAccount(USER, PASSWORD, "127.0.0.1", carrier.getLocalPort(), null, null, "tls", 60),
                Instant.EPOCH));
    }

    /** The next message, its text with the index of the connection it came on after a NUL. */
    private String next() throws InterruptedException {
        return received.poll(10, TimeUnit.SECONDS);
    }

    private void reply(String request, String response) throws IOException {
        SSLSocket conn = accepted.get(Integer.parseInt(request.substring(request.indexOf('\u0000') + 1)));
        conn.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
        conn.getOutputStream().flush();
    }

    private void awaitRegistered() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            if (trunks.trunkStatus(77).map(s -> TrunkStatus.REGISTERED.equals(s.status())).orElse(false)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not registered: " + trunks.trunkStatus(77));
    }

    private static String readStream(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n") || b.toString().strip().isEmpty()) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("connection closed after: " + b);
            }
            b.append((char) c);
        }
        return b.toString().stripLeading();
    }

    private static String response(String request, String status, String extra) {
        return "SIP/2.0 " + status + "\r\n"
                + "Via: " + header(request, "Via") + "\r\n"
                + "From: " + header(request, "From") + "\r\n"
                + "To: " + header(request, "To") + ";tag=carrier\r\n"
                + "Call-ID: " + header(request, "Call-ID") + "\r\n"
                + "CSeq: " + header(request, "CSeq") + "\r\n"
                + extra + "Content-Length: 0\r\n\r\n";
    }

    private static String header(String message, String name) {
        String text = message.contains("\u0000") ? message.substring(0, message.indexOf('\u0000')) : message;
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE)
                .matcher(text);
        return m.find() ? m.group(1).strip() : null;
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile("(?:^|[ ,])" + name + "=(\"([^\"]*)\"|[^,\\s]+)").matcher(header);
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(1)) : null;
    }

    /** Stops the trunks (unregistering from the carriers) and then the stack, as DS does. */
    private void stopSip() {
        if (trunks != null) {
            trunks.stop();
            trunks = null;
        }
        sip.stop();
    }
}
