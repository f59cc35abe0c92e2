package io.parley.sip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.sip.PeerReachability;
import io.parley.api.sip.TrunkHealth;
import io.parley.api.store.DatabaseInfo;
import io.parley.api.system.ApplianceStatus;
import io.parley.api.sip.TrunkRegistration;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.auth.Digest;
import io.parley.sip.auth.DigestClient;
import io.parley.sip.edge.ChannelAdmission;
import io.parley.sip.edge.EdgeGate;
import io.parley.sip.edge.SipSecurity;
import io.parley.sip.registrar.PhoneDirectory;
import io.parley.sip.registrar.PhoneRegistrar;
import io.parley.sip.trunk.TrunkSettings;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Carrier registration and the OPTIONS keepalive over real loopback UDP: the appliance's stack
 * on one side, a hand-written carrier or peer (a datagram socket) on the other.
 */
public class SipTrunksTest {

    private static final String CARRIER_REALM = "carrier.test";
    private static final String USER = "acct42";
    private static final String PASSWORD = "Pa55word!";
    private static final String USER_AGENT = "Parley-Test/1.0";

    private final List<SipChannel> channels = new CopyOnWriteArrayList<>();
    private SipSignalling sip;
    private SipTrunkManager trunks;
    private int sipPort;
    private DatagramSocket carrier;

    @Before
    public void start() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sipPort = probe.getLocalPort();
        }
        PhoneDirectory nobody = new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                return Optional.empty();
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
            }
        };
        sip = new SipSignalling(nobody, new SipSignalling.Endpoint("127.0.0.1", sipPort, true, false, 16384),
                new PhoneRegistrar.Settings("parley.local", 60, 3600, 3600, 3, List.of("MD5")), Duration.ofSeconds(30),
                Clock.systemUTC());
        // refresh 2 s after a 20 s grant (margin 18 s), retry after 1 s, probe every 300 ms
        trunks = BuiltInConnectors.bind(new SipTrunkManager(sip, () -> List.copyOf(channels), new TrunkSettings(Duration.ofMillis(200), Duration.ofMillis(300), 3,
                Duration.ofSeconds(18), Duration.ofSeconds(1), Duration.ofSeconds(4), "", USER_AGENT)));
        carrier = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        carrier.setSoTimeout(5000);
    }

    @After
    public void stop() {
        stopSip();
        carrier.close();
    }

    private SipChannel carrierChannel(long id) {
        return carrierChannel(id, PASSWORD);
    }

    private SipChannel carrierChannel(long id, String password) {
        return new SipChannel(id, "carrier " + id, "landline", "sip_trunk", "carrier_account", null, null,
                new SipChannel.CarrierAccount(USER, password, "127.0.0.1", carrier.getLocalPort(), null, null, "udp", 60),
                Instant.EPOCH);
    }

    @Test
    public void aNewRegisterWaitsForTheCarriersFinalAnswerToTheOldBindingsRemoval() throws Exception {
        channels.add(carrierChannel(17));
        Received first = receive();
        assertEquals(USER_AGENT, header(first.text, "User-Agent"));
        reply(first, ok(first.text, 60));
        awaitTrue(() -> trunks.trunkStatus(17).map(TrunkStatus::up).orElse(false));

        // the password is edited: the old binding is removed first
        channels.set(0, carrierChannel(17, "N3w-password!"));
        Received unregister = receive();
        assertEquals("0", header(unregister.text, "Expires"));
        assertEquals(header(first.text, "Call-ID"), header(unregister.text, "Call-ID"));
        // the carrier takes its time: for 2 s only the unregister's retransmissions arrive, no new REGISTER
        long quietUntil = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < quietUntil) {
            Received r = receive();
            assertEquals("no new REGISTER before the carrier answered the unregister", "0", header(r.text, "Expires"));
            assertEquals(header(unregister.text, "CSeq"), header(r.text, "CSeq"));
        }
        reply(unregister, ok(unregister.text, 0));
        Received fresh = receive();
        while ("0".equals(header(fresh.text, "Expires"))) {
            fresh = receive();   // a retransmission that crossed our answer
        }
        assertEquals("60", header(fresh.text, "Expires"));
        assertFalse("a new registration, a new Call-ID", header(first.text, "Call-ID").equals(header(fresh.text, "Call-ID")));
        assertEquals(USER_AGENT, header(fresh.text, "User-Agent"));
        reply(fresh, ok(fresh.text, 60));
        // the followed registration is the new one: up once the carrier accepted the fresh REGISTER
        awaitTrue(() -> trunks.trunkStatus(17).map(TrunkStatus::up).orElse(false));
    }

    @Test
    public void answersToAnUnknownSourceStayAnonymousWhateverTheTrunkUserAgent() throws Exception {
        String options = "OPTIONS sip:127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + carrier.getLocalPort() + ";branch=z9hG4bK-anon1\r\n"
                + "From: <sip:scanner@127.0.0.1>;tag=s1\r\n"
                + "To: <sip:127.0.0.1:" + sipPort + ">\r\n"
                + "Call-ID: anon-1@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        String answer = exchange(options);
        assertTrue(answer, answer.startsWith("SIP/2.0 "));
        assertNull(answer, header(answer, "User-Agent"));
        assertNull(answer, header(answer, "Server"));
    }

    @Test
    public void aCarrierThatNeverAnswersTheUnregisterDelaysTheNewRegisterOnlyUntilTheTransactionTimesOut() throws Exception {
        channels.add(carrierChannel(18));
        Received first = receive();
        reply(first, ok(first.text, 60));
        awaitTrue(() -> trunks.trunkStatus(18).map(TrunkStatus::up).orElse(false));
        channels.set(0, carrierChannel(18, "N3w-password!"));
        Received unregister = receive();
        assertEquals("0", header(unregister.text, "Expires"));
        // never answered: the new REGISTER comes after the unregister's transaction timeout (Timer F, 64*T1 = 32 s)
        carrier.setSoTimeout(40_000);
        Received fresh = receive();
        while ("0".equals(header(fresh.text, "Expires"))) {
            fresh = receive();
        }
        assertEquals("60", header(fresh.text, "Expires"));
    }

    @Test
    public void aCarrierRefusingOurCredentialsIsCountedAndDegradesHealthUntilItAccepts() throws Exception {
        channels.add(carrierChannel(19));
        assertTrue(trunks.health().healthy());
        Received first = receive();
        reply(first, challenge(first.text, "n-1"));
        Received answered = receive();
        reply(answered, response(answered.text, "403 Forbidden", ""));
        awaitTrue(() -> trunks.health().credentialRefusals() == 1);
        TrunkHealth refused = trunks.health();
        assertFalse(refused.healthy());
        assertEquals(List.of("carrier 19"), refused.failingCarrierAccounts());
        assertEquals(1, refused.carrierAccounts());
        assertFalse("parley:status and /health say degraded", new ApplianceStatus("1", Instant.EPOCH, Duration.ZERO,
                new DatabaseInfo("Derby", "10", "jdbc:derby:x", 1, true), List.of(), refused).healthy());

        // the retry after the back-off is accepted: healthy again, the refusal stays counted
        Received retry = receive();
        reply(retry, ok(retry.text, 60));
        awaitTrue(() -> trunks.health().healthy());
        assertEquals(1, trunks.health().credentialRefusals());
    }

    @Test
    public void registersWithDigestRefreshesBeforeExpiryAndUnregistersWhenTheChannelGoes() throws Exception {
        channels.add(carrierChannel(7));

        Received first = receive();
        assertTrue(first.text, first.text.startsWith("REGISTER sip:127.0.0.1:" + carrier.getLocalPort() + " SIP/2.0"));
        assertEquals("60", header(first.text, "Expires"));
        assertTrue(first.text, header(first.text, "Contact").contains("sip:" + USER + "@127.0.0.1:" + sipPort));
        assertNull(header(first.text, "Authorization"));
        reply(first, challenge(first.text, "n-1"));

        Received second = receive();
        assertTrue(verify(second.text, "n-1"));
        assertEquals(header(first.text, "Call-ID"), header(second.text, "Call-ID"));
        reply(second, ok(second.text, 20));
        awaitTrue(() -> trunks.trunkStatus(7).map(s -> TrunkStatus.REGISTERED.equals(s.status())).orElse(false));
        TrunkRegistration r = trunks.trunkStatus(7).orElseThrow().registration();
        assertEquals(Integer.valueOf(200), r.lastStatusCode());
        assertNotNull(r.expiresAt());
        assertTrue(r.toString(), r.nextAttemptAt().isBefore(r.expiresAt()));

        // the refresh, about 2 s later: the same Call-ID, a higher CSeq, challenged again
        Received refresh = receive();
        assertEquals(header(first.text, "Call-ID"), header(refresh.text, "Call-ID"));
        assertEquals("3 REGISTER", header(refresh.text, "CSeq"));
        reply(refresh, challenge(refresh.text, "n-2"));
        Received refreshed = receive();
        assertTrue(verify(refreshed.text, "n-2"));
        reply(refreshed, ok(refreshed.text, 20));

        channels.clear();
        Received leave = receive();
        assertEquals("0", header(leave.text, "Expires"));
        reply(leave, challenge(leave.text, "n-3"));
        Received left = receive();
        assertTrue(verify(left.text, "n-3"));
        assertEquals("0", header(left.text, "Expires"));
        reply(left, ok(left.text, 0));
        awaitTrue(() -> trunks.trunkStatus(7).isEmpty());
    }

    @Test
    public void aStoppedConnectorUnregistersItsChannelsShowUnavailableAndItsSuccessorRegistersAgain() throws Exception {
        // the test's own carrier_account connector, ranked above the built-in one
        SipTrunkManager mine = trunks;
        io.parley.api.sip.trunk.TrunkConnector first = new io.parley.trunk.carrieraccount.CarrierAccountConnector();
        mine.connector(first, java.util.Map.of(io.parley.api.sip.trunk.TrunkConnector.DOCKING_MODE, "carrier_account",
                "service.id", 1000L, "service.ranking", 10));
        channels.add(carrierChannel(9));
        Received register = receive();
        while (!"60".equals(header(register.text, "Expires"))) {
            register = receive();
        }
        reply(register, ok(register.text, 60));
        awaitTrue(() -> trunks.trunkStatus(9).map(TrunkStatus::up).orElse(false));

        // the connector stops: its registration leaves the carrier, and the built-in one (still bound, lower
        // ranking) takes the mode over, registering anew once the carrier has answered the removal
        mine.connectorGone(first);
        Received leave = receive();
        assertEquals("0", header(leave.text, "Expires"));
        reply(leave, ok(leave.text, 0));
        Received again = receive();
        while ("0".equals(header(again.text, "Expires"))) {
            again = receive();
        }
        assertEquals("60", header(again.text, "Expires"));
        assertFalse("a new registration, a new Call-ID", header(register.text, "Call-ID").equals(header(again.text, "Call-ID")));
        reply(again, ok(again.text, 60));
        awaitTrue(() -> trunks.trunkStatus(9).map(TrunkStatus::up).orElse(false));
    }

    @Test
    public void withoutAConnectorOfItsModeAChannelIsUnavailableInStatusAndHealthUntilOneStarts() throws Exception {
        SipTrunkManager bare = new SipTrunkManager(sip, () -> List.copyOf(channels), new TrunkSettings(Duration.ofMillis(200),
                Duration.ofMillis(300), 3, Duration.ofSeconds(18), Duration.ofSeconds(1), Duration.ofSeconds(4), "", USER_AGENT));
        try {
            channels.add(carrierChannel(11));
            awaitTrue(() -> bare.trunkStatus(11).map(s -> TrunkStatus.UNAVAILABLE.equals(s.status())).orElse(false));
            awaitTrue(() -> bare.health().unavailableChannels().contains("carrier 11"));
            assertFalse(bare.health().healthy());
            // the built-in trunks (the @Before manager) register the channel too: answer them, then watch ours
            io.parley.api.sip.trunk.TrunkConnector connector = BuiltInConnectors.bind(bare, "carrier_account",
                    new io.parley.trunk.carrieraccount.CarrierAccountConnector());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!bare.trunkStatus(11).map(TrunkStatus::up).orElse(false) && System.nanoTime() < deadline) {
                try {
                    Received r = receive();
                    reply(r, ok(r.text, 60));
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
            }
            assertEquals(TrunkStatus.REGISTERED, bare.trunkStatus(11).orElseThrow().status());
            assertTrue(bare.health().unavailableChannels().isEmpty());
            bare.connectorGone(connector);
            assertEquals(TrunkStatus.UNAVAILABLE, bare.trunkStatus(11).orElseThrow().status());
        } finally {
            bare.stop();
        }
    }

    @Test
    public void aRefusalIsReportedAndRetriedAfterTheBackOff() throws Exception {
        channels.add(carrierChannel(8));
        Received first = receive();
        reply(first, challenge(first.text, "n-1"));
        Received wrong = receive();
        reply(wrong, response(wrong.text, "403 Forbidden", ""));
        awaitTrue(() -> trunks.trunkStatus(8).map(s -> s.registration().lastStatusCode() != null).orElse(false));
        TrunkStatus s = trunks.trunkStatus(8).orElseThrow();
        assertEquals(TrunkStatus.UNREGISTERED, s.status());
        assertEquals(Integer.valueOf(403), s.registration().lastStatusCode());
        assertEquals(1, s.registration().consecutiveFailures());

        long at = System.nanoTime();
        Received retry = receive();
        assertTrue(retry.text, retry.text.startsWith("REGISTER "));
        assertTrue("retried after the 1 s back-off", System.nanoTime() - at > 500_000_000L);
    }

    @Test
    public void aSecondChallengeAfterAnAnswerIsAFailureNotALoop() throws Exception {
        channels.add(carrierChannel(9));
        Received first = receive();
        reply(first, challenge(first.text, "n-1"));
        Received answered = receive();
        reply(answered, challenge(answered.text, "n-2"));
        awaitTrue(() -> trunks.trunkStatus(9).map(s -> s.registration().consecutiveFailures() == 1).orElse(false));
        assertEquals(Integer.valueOf(401), trunks.trunkStatus(9).orElseThrow().registration().lastStatusCode());
    }

    @Test
    public void peersThatAnswerAreReachableAndThreeMissesMakeThemUnreachable() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            channels.add(new SipChannel(11, "peers", "landline", "sip_trunk", "public_trunk", null,
                    List.of(new SipChannel.Peer("127.0.0.1", carrier.getLocalPort()),
                            new SipChannel.Peer("127.0.0.1", silent.getLocalPort())), null, Instant.EPOCH));
            // answer OPTIONS for a while
            for (int i = 0; i < 3; i++) {
                Received options = receive();
                assertTrue(options.text, options.text.startsWith("OPTIONS sip:127.0.0.1:" + carrier.getLocalPort()));
                reply(options, response(options.text, "200 OK", ""));
            }
            awaitTrue(() -> trunks.trunkStatus(11).map(s -> TrunkStatus.REACHABLE.equals(s.status())).orElse(false));
            List<PeerReachability> peers = trunks.trunkStatus(11).orElseThrow().peers();
            assertTrue(peers.toString(), peers.get(0).reachable());
            assertNotNull(peers.get(0).roundTripMillis());
            assertFalse(peers.get(1).reachable());
            awaitTrue(() -> trunks.trunkStatus(11).orElseThrow().peers().get(1).consecutiveFailures() >= 3);

            // the answering peer falls silent: unreachable once three probes in a row went unanswered
            awaitTrue(() -> !trunks.trunkStatus(11).orElseThrow().peers().get(0).reachable());
            assertEquals(TrunkStatus.UNREACHABLE, trunks.trunkStatus(11).orElseThrow().status());
            PeerReachability down = trunks.trunkStatus(11).orElseThrow().peers().get(0);
            assertEquals(down.toString(), 3, down.consecutiveFailures());
            assertEquals("no answer", down.lastError());

            // one answer brings it back (the socket still holds the unanswered probes: answer all until the live one)
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!TrunkStatus.REACHABLE.equals(trunks.trunkStatus(11).orElseThrow().status())) {
                assertTrue("never reachable again", System.nanoTime() < deadline);
                Received again = receive();
                reply(again, response(again.text, "200 OK", ""));
            }
            assertEquals(0, trunks.trunkStatus(11).orElseThrow().peers().get(0).consecutiveFailures());
        }
    }

    /** With an outbound proxy the REGISTER goes to the proxy, loose-routed, still naming the carrier's registrar. */
    @Test
    public void anOutboundProxyCarriesTheRegistrationToTheRegistrar() throws Exception {
        channels.add(new SipChannel(12, "via proxy", "landline", "sip_trunk", "carrier_account", null, null,
                new SipChannel.CarrierAccount(USER, PASSWORD, "registrar.carrier.test", 5070, "127.0.0.1",
                        carrier.getLocalPort(), "udp", 60), Instant.EPOCH));
        Received first = receive();
        assertTrue(first.text, first.text.startsWith("REGISTER sip:registrar.carrier.test:5070 SIP/2.0"));
        assertEquals("<sip:127.0.0.1:" + carrier.getLocalPort() + ";lr>", header(first.text, "Route"));
        assertTrue(first.text, header(first.text, "To").contains("sip:" + USER + "@registrar.carrier.test"));
        reply(first, challenge(first.text, "p-1"));
        Received second = receive();
        assertTrue(verify(second.text, "p-1"));
        reply(second, ok(second.text, 20));
        awaitTrue(() -> trunks.trunkStatus(12).map(s -> TrunkStatus.REGISTERED.equals(s.status())).orElse(false));
        assertEquals("127.0.0.1:" + carrier.getLocalPort(), trunks.trunkStatus(12).orElseThrow().registration().outboundProxy());
    }

    /**
     * transport tcp: the REGISTER arrives over a TCP connection, Via and Contact say TCP, and the carrier's
     * answers on that connection complete the registration. (With JAIN-SIP's NioMessageProcessorFactory the
     * client side opened two connections and wrote the REGISTER to neither: the stack now uses the classic
     * processors.)
     */
    @Test
    public void registersOverTcp() throws Exception {
        // a stack that listens on TCP too
        stopSip();
        sip = new SipSignalling(new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                return Optional.empty();
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
            }
        }, new SipSignalling.Endpoint("127.0.0.1", sipPort, true, true, 16384),
                new PhoneRegistrar.Settings("parley.local", 60, 3600, 3600, 3, List.of("MD5")), Duration.ofSeconds(30),
                Clock.systemUTC());
        trunks = BuiltInConnectors.bind(new SipTrunkManager(sip, () -> List.copyOf(channels), new TrunkSettings(Duration.ofMillis(200), Duration.ofSeconds(30), 3,
                Duration.ofSeconds(18), Duration.ofSeconds(1), Duration.ofSeconds(4), "")));
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // JAIN-SIP's NIO client may open a connection and replace it by another at once ("old socket
            // different than new socket"): read every accepted connection, answer on the one a message came on
            record StreamMessage(String text, java.net.Socket from) {
            }
            java.util.concurrent.BlockingQueue<StreamMessage> received = new java.util.concurrent.LinkedBlockingQueue<>();
            List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket conn = server.accept();
                        accepted.add(conn);
                        Thread reader = new Thread(() -> {
                            try {
                                while (true) {
                                    received.add(new StreamMessage(readStream(conn.getInputStream()), conn));
                                }
                            } catch (IOException | AssertionError closed) {
                                // connection ended
                            }
                        });
                        reader.setDaemon(true);
                        reader.start();
                    }
                } catch (IOException closed) {
                    // server closed: test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try {
                channels.add(new SipChannel(13, "tcp carrier", "landline", "sip_trunk", "carrier_account", null, null,
                        new SipChannel.CarrierAccount(USER, PASSWORD, "127.0.0.1", server.getLocalPort(), null, null, "tcp",
                                60), Instant.EPOCH));
                StreamMessage first = received.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                assertNotNull("no REGISTER over tcp", first);
                assertTrue(first.text(), first.text().startsWith("REGISTER sip:127.0.0.1:" + server.getLocalPort()
                        + ";transport=tcp SIP/2.0"));
                assertTrue(first.text(), header(first.text(), "Via").startsWith("SIP/2.0/TCP "));
                assertTrue(first.text(), header(first.text(), "Contact").contains(";transport=tcp"));
                first.from().getOutputStream().write(challenge(first.text(), "t-1").getBytes(StandardCharsets.UTF_8));
                StreamMessage second = received.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                assertNotNull("no answer to the challenge", second);
                assertTrue(verify(second.text(), "t-1"));
                second.from().getOutputStream().write(ok(second.text(), 20).getBytes(StandardCharsets.UTF_8));
                awaitTrue(() -> trunks.trunkStatus(13).map(s -> TrunkStatus.REGISTERED.equals(s.status())).orElse(false));
            } finally {
                for (java.net.Socket c : accepted) {
                    c.close();
                }
            }
        }
    }

    /** One SIP message off a stream: the headers up to the blank line (our REGISTERs carry no body). */
    private static String readStream(java.io.InputStream in) throws IOException {
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

    /** appliance_account: the status follows the gateway's registration to the appliance's registrar. */
    @Test
    public void anApplianceAccountChannelIsRegisteredWhileItsGatewayIs() throws Exception {
        String gateway = "gateway800000021";
        String a1 = gateway + ":parley.local:Gw-pass-21";
        channels.add(new SipChannel(21, "HQ gateway", "landline", "e1_t1", "appliance_account",
                new io.parley.api.telephony.SipDigest(gateway, "parley.local", Digest.hex("MD5", a1),
                        Digest.hex("SHA-256", a1)), List.of(), null, Instant.EPOCH));
        // a stack whose registrar knows the gateway accounts of the same channels the trunks follow
        stopSip();
        SipSignalling.Edge edge = new SipSignalling.Edge(0, null, EdgeGate.Limits.defaults(16384),
                SipSecurity.Limits.defaults(), new ChannelAdmission.Sources() {
                    @Override
                    public List<SipChannel> channels() {
                        return List.copyOf(channels);
                    }

                    @Override
                    public List<String> resolve(String host) {
                        return List.of();
                    }
                }, Duration.ofSeconds(1));
        sip = new SipSignalling(new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                return Optional.empty();
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
            }
        }, new SipSignalling.Endpoint("127.0.0.1", sipPort, true, false, 16384),
                new PhoneRegistrar.Settings("parley.local", 60, 3600, 3600, 3, List.of("MD5")), Duration.ofSeconds(30),
                Clock.systemUTC(), edge);
        trunks = BuiltInConnectors.bind(new SipTrunkManager(sip, () -> List.copyOf(channels), new TrunkSettings(Duration.ofMillis(200), Duration.ofSeconds(30), 3,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(4), "")));
        // unavailable until the appliance_account connector has opened the channel's trunk (a moment under load)
        awaitTrue(() -> trunks.trunkStatus(21).filter(s -> s.status() != TrunkStatus.UNAVAILABLE).isPresent());
        assertEquals(TrunkStatus.UNREGISTERED, trunks.trunkStatus(21).orElseThrow().status());

        // the gateway registers (here: the carrier socket plays the gateway), answering the 401 with DigestClient
        javax.sip.SipFactory f = javax.sip.SipFactory.getInstance();
        javax.sip.message.MessageFactory messages = f.createMessageFactory();
        javax.sip.header.HeaderFactory headers = f.createHeaderFactory();
        String register = "REGISTER sip:parley.local SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + carrier.getLocalPort() + ";rport;branch=z9hG4bK%s\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + gateway + "@parley.local>;tag=g1\r\n"
                + "To: <sip:" + gateway + "@parley.local>\r\nCall-ID: gw21@127.0.0.1\r\nCSeq: %d REGISTER\r\n"
                + "Contact: <sip:" + gateway + "@127.0.0.1:" + carrier.getLocalPort() + ">\r\nExpires: %d\r\n"
                + "User-Agent: unit-gateway\r\nContent-Length: 0\r\n\r\n";
        javax.sip.message.Request first = messages.createRequest(String.format(register, "a1", 1, 300));
        String challenge = exchange(first.toString());
        assertTrue(challenge, challenge.startsWith("SIP/2.0 401"));
        javax.sip.message.Response r401 = messages.createResponse(401, first);
        r401.addHeader(headers.createHeader("WWW-Authenticate", header(challenge, "WWW-Authenticate")));
        javax.sip.message.Request second = messages.createRequest(String.format(register, "a2", 2, 300));
        second.addHeader(new DigestClient(headers).answer(r401, second, gateway, "Gw-pass-21").orElseThrow());
        String ok = exchange(second.toString());
        assertTrue(ok, ok.startsWith("SIP/2.0 200"));

        TrunkStatus up = trunks.trunkStatus(21).orElseThrow();
        assertEquals(TrunkStatus.REGISTERED, up.status());
        assertEquals(1, up.gateways().size());
        assertEquals(gateway, up.gateways().get(0).username());
        assertEquals("unit-gateway", up.gateways().get(0).userAgent());
        assertNull(up.registration());
    }

    private String exchange(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        carrier.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), sipPort));
        while (true) {
            Received r = receiveAny();
            if (!r.text.startsWith("SIP/2.0 100")) {
                return r.text;
            }
        }
    }

    private Received receiveAny() throws IOException {
        byte[] buf = new byte[8192];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        carrier.receive(p);
        return new Received(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8),
                (InetSocketAddress) p.getSocketAddress());
    }

    // ---- a hand-written carrier ----

    private record Received(String text, InetSocketAddress from) {
    }

    private Received receive() throws IOException {
        byte[] buf = new byte[8192];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                carrier.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("nothing received", e);
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!text.startsWith("SIP/2.0")) {
                return new Received(text, (InetSocketAddress) p.getSocketAddress());
            }
        }
    }

    private void reply(Received to, String response) throws IOException {
        byte[] b = response.getBytes(StandardCharsets.UTF_8);
        carrier.send(new DatagramPacket(b, b.length, to.from));
    }

    private static String challenge(String request, String nonce) {
        return response(request, "401 Unauthorized", "WWW-Authenticate: Digest realm=\"" + CARRIER_REALM
                + "\", nonce=\"" + nonce + "\", qop=\"auth\", algorithm=MD5\r\n");
    }

    private static String ok(String request, int expires) {
        return response(request, "200 OK", expires == 0 ? "" : "Contact: <" + uri(header(request, "Contact"))
                + ">;expires=" + expires + "\r\n");
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

    /** Checks the Authorization as a carrier would, knowing the password. */
    private static boolean verify(String request, String nonce) {
        String auth = header(request, "Authorization");
        assertNotNull(request, auth);
        String ha1 = Digest.hex("MD5", USER + ":" + CARRIER_REALM + ":" + PASSWORD);
        String expected = Digest.response("MD5", ha1, nonce, "REGISTER", param(auth, "uri"), param(auth, "qop"),
                param(auth, "nc"), param(auth, "cnonce"));
        return USER.equals(param(auth, "username")) && nonce.equals(param(auth, "nonce"))
                && expected.equals(param(auth, "response"));
    }

    private static String header(String message, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE)
                .matcher(message);
        return m.find() ? m.group(1).strip() : null;
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile("(?:^|[ ,])" + name + "=(\"([^\"]*)\"|[^,\\s]+)").matcher(header);
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(1)) : null;
    }

    private static String uri(String contact) {
        int lt = contact.indexOf('<');
        return lt < 0 ? contact : contact.substring(lt + 1, contact.indexOf('>'));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(50);
        }
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
