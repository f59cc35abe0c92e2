package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.parley.api.agent.AgentDraft;
import io.parley.api.agent.AgentService;
import io.parley.api.call.CallControl;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.LegInfo;
import io.parley.api.instance.InstanceService;
import io.parley.api.role.BuiltinRole;
import io.parley.api.role.RoleService;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.SettingsSection;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.skillgroup.SkillGroupDraft;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.TrunkNumberDraft;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Outbound calls to carriers, against SIPp on distinct loopback addresses.
 *
 * <p>SPEC §11.2: an agent's external call (CallControl with {@code Destination.external(..., agentId)})
 * goes out with the caller number the instance's {@code display_rule} picks: the number bound to the
 * agent's skill group ({@code skill_group}), the number in the callee's area ({@code same_area}); an
 * agent's own choice is checked; no number gives {@code NO_CALLER_NUMBER}.
 *
 * <p>carrier_account channels over TCP and TLS: the appliance registers to the carrier and calls
 * through it with digest authentication, ACK and BYE over the same transport. Debian's SIPp has no
 * TLS, so the TLS carrier is SIPp over TCP behind a TLS relay of this test, whose certificate is
 * self-signed and trusted only through the container's {@code tlsTruststore}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipOutboundIT {

    private static final String CARRIER_IP = "127.0.0.52";
    private static final String TCP_CARRIER_IP = "127.0.0.50";
    private static final String TLS_CARRIER_IP = "127.0.0.51";
    private static final String CARRIER_KEYSTORE_PASSWORD = "carrier-keys";
    private static final String TRUSTSTORE_PASSWORD = "trusted-carriers";

    @Inject
    SipChannelService channels;

    @Inject
    InstanceService instances;

    @Inject
    CallControl calls;

    @Inject
    TrunkService trunks;

    @Inject
    AgentService agents;

    @Inject
    SkillGroupService skillGroups;

    @Inject
    RoleService roles;

    @Inject
    InstanceSettingsService settings;

    private long instanceId;

    @Configuration
    public Option[] config() throws Exception {
        Path dir = new File("target/sip-outbound-tls").getAbsoluteFile().toPath();
        Path keys = dir.resolve("carrier.p12");
        Path trust = dir.resolve("trusted-carriers.p12");
        carrierCertificate(dir, keys, trust);
        return ParleyContainer.configuration(
                // trunk admission and the trunk monitor follow new channels within a second; no OPTIONS storms
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"),
                // the TLS carrier's self-signed certificate is what the appliance trusts as a TLS client
                editConfigurationFilePut("etc/io.parley.sip.cfg", "tlsTruststore", trust.toString()),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "tlsTruststorePassword", TRUSTSTORE_PASSWORD),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "tlsTruststoreType", "PKCS12"),
                systemProperty("parley.itest.carrier.keystore").value(keys.toString()));
    }

    /** A self-signed carrier certificate (keytool of this JDK) and a truststore holding only it. */
    private static void carrierCertificate(Path dir, Path keys, Path trust) throws Exception {
        Files.createDirectories(dir);
        Files.deleteIfExists(keys);
        Files.deleteIfExists(trust);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "carrier", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=carrier.test", "-ext", "SAN=dns:carrier.test,ip:" + TLS_CARRIER_IP,
                "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", CARRIER_KEYSTORE_PASSWORD);
        Path pem = dir.resolve("carrier.pem");
        run(keytool, "-exportcert", "-rfc", "-alias", "carrier", "-file", pem.toString(), "-keystore", keys.toString(),
                "-storetype", "PKCS12", "-storepass", CARRIER_KEYSTORE_PASSWORD);
        run(keytool, "-importcert", "-noprompt", "-alias", "carrier", "-file", pem.toString(), "-keystore",
                trust.toString(), "-storetype", "PKCS12", "-storepass", TRUSTSTORE_PASSWORD);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    @Before
    public void setUp() {
        instanceId = instances.create("Outbound " + unique(), "Asia/Shanghai").id();
    }

    // ---- SPEC §11.2 ----

    @Test
    public void anAgentsCallGoesOutWithTheNumberOfItsSkillGroupAndItsOwnChoiceIsChecked() throws Exception {
        long sales = skillGroups.create(instanceId, SkillGroupDraft.named("Sales " + unique())).id();
        long support = skillGroups.create(instanceId, SkillGroupDraft.named("Support " + unique())).id();
        String agent = agent(List.of(sales));
        String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));

        // no number at all yet: the leg ends at once, NO_CALLER_NUMBER, nothing is sent
        LegInfo none = outcome(calls.originate(Destination.external(instanceId, dialled, null, agent), "SipOutboundIT"));
        assertEquals(none.toString(), LegInfo.NO_CALLER_NUMBER, none.failureReason());
        assertEquals(none.toString(), "carrier_error", none.failureStatus());

        int peerPort = Sipp.freePort(CARRIER_IP, false);
        long channel = publicTrunk(CARRIER_IP, peerPort);
        // the first number (lowest id, what a system call takes) is unbound, the second bound to the agent's group
        String unbound = landline("0" + (210 + ThreadLocalRandom.current().nextInt(80)));
        String ofSales = landline("0" + (210 + ThreadLocalRandom.current().nextInt(80)));
        String ofSupport = landline("0" + (210 + ThreadLocalRandom.current().nextInt(80)));
        addNumber(channel, unbound, List.of());
        addNumber(channel, ofSales, List.of(sales));
        addNumber(channel, ofSupport, List.of(support));
        Thread.sleep(1500);   // trunk admission re-reads the channels every second

        Sipp.Running carrier = Sipp.scenario(refusing("486")).from(CARRIER_IP).port(peerPort).to(null).calls(10)
                .timeout(Duration.ofSeconds(60)).start();
        Thread.sleep(300);
        LegInfo leg = outcome(calls.originate(Destination.external(instanceId, dialled, null, agent), "SipOutboundIT"));
        assertEquals(leg.toString(), "callee_busy", leg.failureStatus());
        assertNull(leg.toString(), leg.failureReason());

        // the agent's own choice: refused while the instance does not let agents choose
        LegInfo notAllowed = outcome(calls.originate(Destination.external(instanceId, dialled, ofSales, agent), "SipOutboundIT"));
        assertEquals(notAllowed.toString(), LegInfo.CALLER_NUMBER_NOT_ALLOWED, notAllowed.failureReason());
        settings.update(instanceId, SettingsSection.OUTBOUND, Map.of("allow_agent_choose_number", true));
        // then only a number bound to one of its groups: not the other group's, not the unbound one
        for (String wrong : List.of(ofSupport, unbound)) {
            LegInfo refused = outcome(calls.originate(Destination.external(instanceId, dialled, wrong, agent), "SipOutboundIT"));
            assertEquals(wrong + ": " + refused, LegInfo.CALLER_NUMBER_NOT_ALLOWED, refused.failureReason());
        }
        LegInfo chosen = outcome(calls.originate(Destination.external(instanceId, dialled, ofSales, agent), "SipOutboundIT"));
        assertEquals(chosen.toString(), "callee_busy", chosen.failureStatus());

        // the trunk monitor's first OPTIONS may or may not reach SIPp: it runs until stopped, not for a call count
        carrier.stop();
        Sipp.Result seen = carrier.await(Duration.ofSeconds(10));
        // exactly the two calls that were placed reached the carrier, both from the Sales number
        assertEquals(seen.messages(), List.of(ofSales, ofSales), callerNumbersOfInvites(seen.messages()));
    }

    @Test
    public void withSameAreaAnAgentsCallGoesOutWithTheNumberInTheCalleesArea() throws Exception {
        settings.update(instanceId, SettingsSection.OUTBOUND, Map.of("display_rule", "same_area"));
        String agent = agent(List.of());
        int peerPort = Sipp.freePort(CARRIER_IP, false);
        long channel = publicTrunk(CARRIER_IP, peerPort);
        String beijing = landline("010");
        String guangzhou = landline("020");
        addNumber(channel, beijing, List.of());
        addNumber(channel, guangzhou, List.of());
        Thread.sleep(1500);

        String calleeInGuangzhou = landline("020");
        String calleeInBeijing = landline("010");
        Sipp.Running carrier = Sipp.scenario(refusing("486")).from(CARRIER_IP).port(peerPort).to(null).calls(10)
                .timeout(Duration.ofSeconds(60)).start();
        Thread.sleep(300);
        for (String callee : List.of(calleeInGuangzhou, calleeInBeijing)) {
            LegInfo leg = outcome(calls.originate(Destination.external(instanceId, callee, null, agent), "SipOutboundIT"));
            assertEquals(leg.toString(), "callee_busy", leg.failureStatus());
        }
        // the trunk monitor's first OPTIONS may or may not reach SIPp: it runs until stopped, not for a call count
        carrier.stop();
        Sipp.Result seen = carrier.await(Duration.ofSeconds(10));
        assertEquals(seen.messages(), "<sip:" + guangzhou + "@", fromOfInvite(seen.messages(), calleeInGuangzhou));
        assertEquals(seen.messages(), "<sip:" + beijing + "@", fromOfInvite(seen.messages(), calleeInBeijing));
    }

    /** The caller numbers in the From of every INVITE the carrier received, in order. */
    private static List<String> callerNumbersOfInvites(String messages) {
        List<String> numbers = new java.util.ArrayList<>();
        for (int invite = messages.indexOf("\nINVITE sip:"); invite >= 0; invite = messages.indexOf("\nINVITE sip:", invite + 1)) {
            int from = messages.indexOf("From:", invite);
            int start = messages.indexOf("<sip:", from) + "<sip:".length();
            numbers.add(messages.substring(start, messages.indexOf('@', start)));
        }
        return numbers;
    }

    /** The caller number in the From of the INVITE to {@code callee}, as {@code <sip:number@}. */
    private static String fromOfInvite(String messages, String callee) {
        int invite = messages.indexOf("INVITE sip:" + callee + "@");
        assertTrue("no INVITE to " + callee + ": " + messages, invite >= 0);
        int from = messages.indexOf("From:", invite);
        int start = messages.indexOf("<sip:", from);
        return messages.substring(start, messages.indexOf('@', start) + 1);
    }

    // ---- carrier_account over TCP and TLS ----

    @Test
    public void aCarrierAccountOverTcpRegistersAndCarriesACallWithDigest() throws Exception {
        int carrierPort = Sipp.freePort(TCP_CARRIER_IP, true);
        callThroughAStreamCarrier(TCP_CARRIER_IP, carrierPort, carrierPort, "tcp");
    }

    @Test
    public void aCarrierAccountOverTlsRegistersAndCarriesACallWithDigest() throws Exception {
        int sippPort = Sipp.freePort(TLS_CARRIER_IP, true);
        try (TlsRelay relay = new TlsRelay(TLS_CARRIER_IP, sippPort)) {
            Sipp.Result seen = callThroughAStreamCarrier(TLS_CARRIER_IP, sippPort, relay.port(), "tls");
            assertTrue(seen.messages(), seen.messages().contains("Via: SIP/2.0/TLS "));
            assertTrue("every connection of the appliance was TLS through the relay: " + relay.connections,
                    relay.connections.size() >= 1 && relay.failures.isEmpty());
        }
    }

    /**
     * A carrier_account channel on {@code transport} to SIPp ({@code -t t1}) at ip:sippPort, reached at
     * ip:serverPort (the relay's port for TLS): registration, then an originated call answered by the
     * carrier and hung up by the appliance. SIPp verifies both digests; returns what it saw.
     */
    private Sipp.Result callThroughAStreamCarrier(String ip, int sippPort, int serverPort, String transport)
            throws Exception {
        String user = "cc" + ThreadLocalRandom.current().nextInt(1_000_000);
        String password = "Carrier#" + ThreadLocalRandom.current().nextInt(1_000_000) + "x";
        int rtpPort = Sipp.freePort("127.0.0.1", false);
        Sipp.Running carrier = Sipp.scenario("chk_carrier_account_stream.xml").from(ip).port(sippPort).transport("t1")
                .to(null).calls(2).args("-key", "user", user, "-key", "pass", password,
                        "-key", "rtpport", Integer.toString(rtpPort),
                        "-key", "carrier_contact", "sip:carrier@" + ip + ":" + serverPort + ";transport=" + transport)
                .timeout(Duration.ofSeconds(60)).start();
        Thread.sleep(300);
        long channel = channels.create(ChannelDraftBuilder.channel("Carrier " + transport + " " + unique(), "sip_trunk",
                "carrier_account").carrier(user, password, ip, serverPort).transport(transport).build()).channel().id();
        String number = landline("0" + (210 + ThreadLocalRandom.current().nextInt(80)));
        addNumber(channel, number, List.of());
        awaitTrue("channel " + channel + " registered over " + transport,
                () -> trunks.trunkStatus(channel).map(TrunkStatus::up).orElse(false));
        String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        Dialing dialing = calls.originate(Destination.external(instanceId, dialled, null), "SipOutboundIT");
        LegInfo leg = outcome(dialing);
        assertTrue(leg.toString(), leg.isAnswered());
        calls.hangup(dialing.callId(), null);
        Sipp.Result seen = carrier.await(Duration.ofSeconds(40));
        assertEquals("the carrier verified the REGISTER and INVITE digests and got the BYE: " + seen, 0, seen.exit());
        String messages = seen.messages();
        assertTrue(messages, messages.contains("REGISTER sip:" + ip + ":" + serverPort + ";transport=" + transport));
        assertTrue(messages, messages.contains("INVITE sip:" + dialled + "@" + ip + ":" + serverPort + ";transport=" + transport));
        assertTrue(messages, messages.contains("<sip:" + number + "@"));
        assertTrue(messages, messages.contains("Authorization: Digest"));
        assertTrue(messages, messages.contains("BYE sip:carrier@" + ip + ":" + serverPort));
        // the BYE's Via names the address the carrier can answer, not the wildcard bind address
        assertFalse(messages, messages.contains(" 0.0.0.0:"));
        return seen;
    }

    // ---- helpers ----

    private String agent(List<Long> groups) {
        long role = roles.builtin(instanceId, BuiltinRole.ORDINARY_AGENT).id();
        String id = Long.toString(100_000 + ThreadLocalRandom.current().nextInt(900_000));
        agents.create(instanceId, new AgentDraft(id, "Agent " + id, "A", "agent" + id + "." + unique() + "@example.com",
                role, groups, null, null, false));
        return id;
    }

    private LegInfo outcome(Dialing dialing) throws Exception {
        return dialing.outcome().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private long publicTrunk(String ip, int port) {
        return channels.create(SipChannelDraft.named("Carrier " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(ip, port)))).channel().id();
    }

    private void addNumber(long channel, String number, List<Long> outboundSkillGroups) {
        channels.addNumbers(channel, List.of(NumberDraftBuilder.number(number, instanceId).outboundPrefix(false, null)
                .outboundSkillGroupIds(outboundSkillGroups).build()));
    }

    /** A landline of the area code, 8 random subscriber digits. */
    private static String landline(String areaCode) {
        return areaCode + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    /** carrier_refuse.template with its status: SIPp reads response codes when it loads the scenario. */
    private static String refusing(String status) throws IOException {
        Path template = Path.of(System.getProperty("parley.itest.sipp.dir"), "carrier_refuse.template");
        Path copy = Files.createTempFile("carrier_refuse_" + status, ".xml");
        Files.writeString(copy, Files.readString(template).replace("[status]", status));
        return copy.toAbsolutePath().toString();
    }

    private void awaitTrue(String what, java.util.function.BooleanSupplier probe) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            if (probe.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /**
     * The TLS side of the test carrier: accepts TLS on ip (the carrier's certificate) and relays
     * each connection's bytes both ways to SIPp's TCP port. A failed handshake is recorded.
     */
    private static final class TlsRelay implements AutoCloseable {
        private final SSLServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        final List<String> connections = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        TlsRelay(String ip, int sippPort) throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(System.getProperty("parley.itest.carrier.keystore")))) {
                keys.load(in, CARRIER_KEYSTORE_PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, CARRIER_KEYSTORE_PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getByName(ip));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) server.accept();
                        open.add(tls);
                        Thread t = new Thread(() -> relay(tls, ip, sippPort), "tls-relay-conn");
                        t.setDaemon(true);
                        t.start();
                    }
                } catch (IOException closed) {
                    // relay closed
                }
            }, "tls-relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void relay(javax.net.ssl.SSLSocket tls, String ip, int sippPort) {
            try {
                tls.startHandshake();
                connections.add(tls.getRemoteSocketAddress() + " " + tls.getSession().getProtocol());
                Socket tcp = new Socket();
                open.add(tcp);
                tcp.connect(new InetSocketAddress(ip, sippPort), 5000);
                Thread back = new Thread(() -> pump(tcp, tls), "tls-relay-back");
                back.setDaemon(true);
                back.start();
                pump(tls, tcp);
            } catch (IOException e) {
                failures.add(e.toString());
            }
        }

        private static void pump(Socket from, Socket to) {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
