package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.LegInfo;
import io.parley.api.instance.InstanceService;
import io.parley.api.sip.TrunkRegistration;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.TrunkConnector;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * SIP trunk connectors are plug-in bundles: the carrier_account connector is stopped, started and
 * updated while a call through its carrier and a phone-to-phone call are up — neither call drops (their
 * audio keeps flowing and both end with the appliance's BYE), the channel shows {@code unavailable} in
 * {@code parley:sip-trunks}, REST and {@code /health} while it is away, a call placed then fails with
 * {@code carrier_error} and the carrier's own INVITE gets 503, and the registration to the SIPp carrier
 * is made anew each time it comes back. The example connector (a public_trunk variant adding
 * P-Asserted-Identity and Diversion) goes in and out through {@code deploy/}. Loopback addresses
 * 127.0.0.101-108.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipTrunkConnectorIT {

    private static final String CARRIER_IP = "127.0.0.101";
    private static final String ALICE_IP = "127.0.0.102";
    private static final String BOB_IP = "127.0.0.103";
    private static final String CAROL_IP = "127.0.0.104";
    private static final String PEER_IP = "127.0.0.105";
    private static final String DAVE_IP = "127.0.0.106";
    private static final String CARRIER_CONNECTOR = "parley-trunk-carrier-account";
    private static final String EXAMPLE_CONNECTOR = "parley-example-trunk-connector";

    @Inject
    BundleContext context;

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Inject
    SipPhoneService phones;

    @Inject
    SipChannelService channels;

    @Inject
    CallControl calls;

    @Inject
    TrunkService trunks;

    @Inject
    SessionFactory sessions;

    private Api admin;
    private long instanceId;
    private String domain;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkPollSeconds", "1"),
                // one probe when a public_trunk channel is opened, none during the test
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"),
                systemProperty("parley.example.trunk.connector").value(
                        new File(System.getProperty("parley.example.trunk.connector")).getAbsolutePath()));
    }

    @Before
    public void setUp() {
        admin = Api.appliance().asAdmin(auth);
        instanceId = instances.create("Connectors " + unique(), "Asia/Shanghai").id();
        domain = instanceId + "." + phones.serverInfo().sipDomain();
    }

    @Test
    public void updatingTheCarrierConnectorKeepsACarrierCallAndAPhoneCallUpAndRegistersAgain() throws Exception {
        String user = "tc" + ThreadLocalRandom.current().nextInt(1_000_000);
        String password = "Carrier#" + ThreadLocalRandom.current().nextInt(1_000_000) + "x";
        int carrierPort = Sipp.freePort(CARRIER_IP, false);
        Phone alice = phone(ALICE_IP);
        Phone bob = phone(BOB_IP);
        Phone carol = phone(CAROL_IP);
        try (RtpPeer aliceRtp = new RtpPeer(ALICE_IP, 6000, RtpPeer.oppositeSign(6000));
             RtpPeer carrierRtp = new RtpPeer(CARRIER_IP, -6000, RtpPeer.oppositeSign(-6000));
             RtpPeer bobRtp = new RtpPeer(BOB_IP, 7000, RtpPeer.oppositeSign(7000));
             RtpPeer carolRtp = new RtpPeer(CAROL_IP, -7000, RtpPeer.oppositeSign(-7000))) {
            // three registrations (first, after the start, after the update), each ended by its unregister,
            // and the one call: exit 0 once all four are done
            Sipp.Running carrier = Sipp.scenario("tc_carrier.xml").from(CARRIER_IP).port(carrierPort).to(null).calls(4)
                    .args("-key", "rtpport", Integer.toString(carrierRtp.port())).timeout(Duration.ofSeconds(500)).start();
            String name = "Carrier " + unique();
            long channel = channels.create(ChannelDraftBuilder.channel(name, "sip_trunk", "carrier_account")
                    .carrier(user, password, CARRIER_IP, carrierPort).transport("udp").build()).channel().id();
            String number = landline();
            channels.addNumbers(channel, List.of(NumberDraftBuilder.number(number, instanceId).outboundPrefix(false, null)
                    .build()));
            Instant first = registeredAt(channel, Instant.EPOCH);

            // the carrier call: alice dials out through the carrier, both sides talk until the appliance hangs up
            String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
            Sipp.Running aliceCalls = alice.sipp("phone_call_wait_bye.xml", dialled, aliceRtp.port())
                    .timeout(Duration.ofSeconds(500)).start();
            CallInfo carrierCall = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            // the phone call: bob calls carol
            Sipp.Running carolAnswers = Sipp.scenario("phone_answer.xml").from(CAROL_IP).port(carol.port)
                    .service(carol.ext).args("-key", "rtpport", Integer.toString(carolRtp.port()))
                    .timeout(Duration.ofSeconds(500)).start();
            Thread.sleep(300);
            Sipp.Running bobCalls = bob.sipp("phone_call_wait_bye.xml", carol.ext, bobRtp.port())
                    .timeout(Duration.ofSeconds(500)).start();
            CallInfo phoneCall = await("a bridged call from " + bob.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(bob.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            Audio audio = new Audio(List.of(aliceRtp, carrierRtp, bobRtp, carolRtp));
            audio.flowing("before the connector stops");

            Bundle connector = bundle(CARRIER_CONNECTOR);
            connector.stop();
            try {
                awaitTrue("the channel unavailable", () -> trunks.trunkStatus(channel)
                        .map(s -> TrunkStatus.UNAVAILABLE.equals(s.status())).orElse(false));
                Api.Answer view = admin.get("/sip-channels/" + channel);
                assertEquals(view.toString(), "unavailable", view.json().get("status").asText());
                Api.Answer health = admin.get("/health");
                assertEquals(health.toString(), 503, health.status());
                assertTrue(health.toString(), names(health.json().path("trunks").path("unavailable_channels")).contains(name));
                String table = shell("parley:sip-trunks " + channel);
                assertTrue(table, table.contains("unavailable") && table.contains("no carrier_account trunk connector"));

                // a new call through the channel fails with the SPEC status, and the carrier's own INVITE gets 503
                Dialing out = calls.originate(Destination.external(instanceId, "139" + (10_000_000
                        + ThreadLocalRandom.current().nextInt(89_999_999)), null), null);
                LegInfo failed = out.outcome().toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertEquals(failed.toString(), "carrier_error", failed.failureStatus());
                Sipp.Result refused = Sipp.scenario("tc_invite_unavailable.xml").from(CARRIER_IP).service(number)
                        .args("-key", "caller", "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000)))
                        .run();
                assertEquals(refused.toString(), 0, refused.exit());

                audio.flowing("while the connector is stopped");
            } finally {
                connector.start();
            }
            Instant second = registeredAt(channel, first);
            audio.flowing("after the connector started again");

            connector.update();
            registeredAt(channel, second);
            audio.flowing("after the connector was updated");

            // both calls end as calls do: each party gets the appliance's BYE
            calls.hangup(carrierCall.id(), "normal_end");
            calls.hangup(phoneCall.id(), "normal_end");
            for (Sipp.Running party : List.of(aliceCalls, bobCalls, carolAnswers)) {
                Sipp.Result r = party.await(Duration.ofSeconds(60));
                assertEquals(r.toString(), 0, r.exit());
            }
            // the last registration leaves with the connector: the carrier saw every call and registration end well
            connector.stop();
            try {
                Sipp.Result seen = carrier.await(Duration.ofSeconds(60));
                assertEquals(seen.toString(), 0, seen.exit());
                assertTrue(seen.messages(), seen.messages().contains("INVITE sip:" + dialled + "@" + CARRIER_IP));
                assertTrue(seen.messages(), seen.messages().contains("BYE sip:"));
            } finally {
                connector.start();
            }
        }
    }

    @Test
    public void theExampleConnectorDroppedIntoDeployCarriesItsHeadersOnOutboundLegsUntilRemoved() throws Exception {
        int peerPort = Sipp.freePort(PEER_IP, false);
        long channel = channels.create(SipChannelDraft.named("Peer " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(PEER_IP, peerPort)))).channel().id();
        String number = landline();
        channels.addNumbers(channel, List.of(NumberDraftBuilder.number(number, instanceId).outboundPrefix(false, null)
                .build()));
        awaitTrue("the channel followed", () -> trunks.trunkStatus(channel).isPresent());
        Phone dave = phone(DAVE_IP);
        Path deployed = Path.of(System.getProperty("karaf.home"), "deploy", EXAMPLE_CONNECTOR + ".jar");
        Files.copy(Path.of(System.getProperty("parley.example.trunk.connector")), deployed,
                StandardCopyOption.REPLACE_EXISTING);
        try (RtpPeer daveRtp = new RtpPeer(DAVE_IP, 6000, RtpPeer.oppositeSign(6000));
             RtpPeer peerRtp = new RtpPeer(PEER_IP, -6000, RtpPeer.oppositeSign(-6000))) {
            awaitTrue("the example connector picked up from deploy/", () -> exampleRunning());
            // the core follows the channels again on a connector's arrival, on its own thread: a moment to switch
            Thread.sleep(2000);
            // the peer requires both headers: without them its run fails
            Sipp.Running peer = Sipp.scenario("tc_peer_headers.xml").from(PEER_IP).port(peerPort).to(null).calls(10)
                    .args("-key", "rtpport", Integer.toString(peerRtp.port())).timeout(Duration.ofSeconds(120)).start();
            Thread.sleep(300);
            String dialled = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
            Sipp.Result call = dave.sipp("phone_call.xml", dialled, daveRtp.port()).args("-d", "1000").run();
            assertEquals(call.toString(), 0, call.exit());
            Sipp.Result seen = peer.end();
            assertTrue(seen.messages(), seen.messages().contains("INVITE sip:" + dialled + "@" + PEER_IP));
            // the trunk number in the national form the carrier gave it (the leg's From user)
            assertTrue(seen.messages(), seen.messages().contains("P-Asserted-Identity: <sip:" + number + "@" + PEER_IP
                    + ";user=phone>"));
            assertTrue(seen.messages(), seen.messages().contains(";reason=unconditional"));
            assertFalse(seen.errors(), seen.errors().contains("regexp"));

            // out of deploy/: the built-in connector keeps the channel again, and the headers are gone
            Files.delete(deployed);
            awaitTrue("the example connector gone", () -> !exampleRunning());
            awaitTrue("the built-in connector keeps the channel again", () -> trunks.trunkStatus(channel)
                    .map(s -> !TrunkStatus.UNAVAILABLE.equals(s.status())).orElse(false));
            Sipp.Running plain = Sipp.scenario("chk_answer.xml").from(PEER_IP).port(peerPort).to(null).calls(10)
                    .service("peer").args("-key", "rtpport", Integer.toString(peerRtp.port()))
                    .timeout(Duration.ofSeconds(120)).start();
            Thread.sleep(300);
            Sipp.Result again = dave.sipp("phone_call.xml", dialled, daveRtp.port()).args("-d", "500").run();
            assertEquals(again.toString(), 0, again.exit());
            Sipp.Result seenAgain = plain.end();
            assertTrue(seenAgain.messages(), seenAgain.messages().contains("INVITE sip:" + dialled + "@" + PEER_IP));
            assertFalse(seenAgain.messages(), seenAgain.messages().contains("P-Asserted-Identity"));
            assertFalse(seenAgain.messages(), seenAgain.messages().contains("Diversion"));
        } finally {
            Files.deleteIfExists(deployed);
        }
    }

    private boolean exampleRunning() {
        try {
            return context.getServiceReferences(TrunkConnector.class, "(parley.trunk.variant=asserted-identity)").stream()
                    .anyMatch(r -> r.getBundle() != null && EXAMPLE_CONNECTOR.equals(r.getBundle().getSymbolicName()));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the channel's registration is newer than {@code after}; returns when it registered. */
    private Instant registeredAt(long channel, Instant after) throws InterruptedException {
        return await("channel " + channel + " registered after " + after, () -> trunks.trunkStatus(channel)
                .filter(s -> TrunkStatus.REGISTERED.equals(s.status())).map(TrunkStatus::registration)
                .map(TrunkRegistration::registeredAt).filter(at -> at != null && at.isAfter(after)));
    }

    /** The audio of every party of the calls up. */
    private final class Audio {
        private final List<RtpPeer> peers;

        Audio(List<RtpPeer> peers) {
            this.peers = peers;
        }

        /** Over the next moments every party hears its partner. */
        void flowing(String when) throws InterruptedException {
            int[] before = peers.stream().mapToInt(p -> p.count(RtpPeer.HEARD)).toArray();
            awaitTrue(when + ": both calls carry audio both ways " + peers, () -> {
                for (int i = 0; i < before.length; i++) {
                    if (peers.get(i).count(RtpPeer.HEARD) <= before[i] + 25) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " not installed"));
    }

    private String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private final class Phone {
        final String ext;
        final String password;
        final String ip;
        final int port;

        Phone(String ext, String password, String ip, int port) {
            this.ext = ext;
            this.password = password;
            this.ip = ip;
            this.port = port;
        }

        Sipp sipp(String scenario, String dial, int rtpPort) {
            return Sipp.scenario(scenario).from(ip).port(port).service(ext).auth(ext, password)
                    .args("-key", "domain", domain, "-key", "dial", dial, "-key", "rtpport", Integer.toString(rtpPort))
                    .timeout(Duration.ofSeconds(30));
        }
    }

    /** A new phone of the test instance, registered from {@code ip}. */
    private Phone phone(String ip) throws Exception {
        String ext = "7" + (100 + ThreadLocalRandom.current().nextInt(900)) + ThreadLocalRandom.current().nextInt(10);
        Api.Answer created = admin.post("/instances/" + instanceId + "/phones",
                "{\"extension\":\"" + ext + "\",\"name\":\"SIPp " + ext + "\",\"transport\":\"udp\"}");
        assertEquals(created.toString(), 201, created.status());
        String password = created.json().get("sip_password").asText();
        int port = Sipp.freePort(ip, false);
        Sipp.Result r = Sipp.scenario("phone_register.xml").from(ip).port(port).service(ext).auth(ext, password)
                .args("-key", "domain", domain).run();
        assertEquals(r.toString(), 0, r.exit());
        return new Phone(ext, password, ip, port);
    }

    private static String landline() {
        return "0" + (210 + ThreadLocalRandom.current().nextInt(80)) + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    private <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; calls now: " + calls.calls());
    }

    private void awaitTrue(String what, BooleanSupplier probe) throws InterruptedException {
        await(what, () -> probe.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}
