package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.instance.InstanceService;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.telephony.TrunkNumberDraft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.inject.Inject;
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

/**
 * Service bundles restart under live calls: {@code parley-telephony}, {@code parley-directory}
 * and {@code parley-tts-freetts} are stopped and started one at a time while a phone-to-phone
 * call and a carrier's public-trunk call carry RTP (SIPp for the signalling, {@link RtpPeer}s for
 * the media). Both calls keep their audio flowing both ways throughout; while a bundle is away
 * its REST endpoints answer 503 with the SPEC §0.2 body (not Jetty's 404 page), the others 200,
 * and {@code /health} names what is missing; once it is back everything answers 200 and new
 * calls connect. Loopback addresses 127.0.0.91-96.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServiceRestartIT {

    private static final String ALICE_IP = "127.0.0.91";
    private static final String BOB_IP = "127.0.0.92";
    private static final String CARRIER_IP = "127.0.0.93";
    private static final String CAROL_IP = "127.0.0.94";
    private static final String DAVE_IP = "127.0.0.95";
    private static final String FRESH_CARRIER_IP = "127.0.0.96";
    private static final int ALICE_LEVEL = 6000;
    private static final int BOB_LEVEL = -6000;
    private static final int CARRIER_LEVEL = 9000;

    @Inject
    BundleContext context;

    // used before any bundle is stopped only: a restart replaces these service objects
    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Inject
    SipPhoneService phones;

    @Inject
    SipChannelService channels;

    /** The sip bundle's, which is not restarted here. */
    @Inject
    CallControl calls;

    private Api admin;
    private long instanceId;
    private String domain;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"));
    }

    @Before
    public void setUp() {
        admin = Api.appliance().asAdmin(auth);
        instanceId = instances.create("Restarts " + unique(), "Asia/Shanghai").id();
        domain = instanceId + "." + phones.serverInfo().sipDomain();
    }

    @Test
    public void telephonyDirectoryAndTtsRestartOneAtATimeWhileTwoCallsKeepTheirAudio() throws Exception {
        Phone alice = phone(ALICE_IP);
        Phone bob = phone(BOB_IP);
        int carrierPort = Sipp.freePort(CARRIER_IP, false);
        long channel = channels.create(SipChannelDraft.named("Carrier " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(CARRIER_IP, carrierPort)))).channel().id();
        String number = landline();
        channels.addNumbers(channel, List.of(new TrunkNumberDraft(number, instanceId, false, null, null, null, null,
                null, null, null, null, null, null, null, null, false, false)));
        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        String base = "/instances/" + instanceId;

        try (RtpPeer aliceRtp = new RtpPeer(ALICE_IP, ALICE_LEVEL, RtpPeer.oppositeSign(ALICE_LEVEL));
             RtpPeer bobRtp = new RtpPeer(BOB_IP, BOB_LEVEL, RtpPeer.oppositeSign(BOB_LEVEL));
             RtpPeer carrierRtp = new RtpPeer(CARRIER_IP, CARRIER_LEVEL, RtpPeer.levels(CARRIER_LEVEL))) {
            // both calls talk until the test hangs them up: their SIPp ends well only on the appliance's BYE
            Sipp.Running bobAnswers = Sipp.scenario("phone_answer.xml").from(BOB_IP).port(bob.port).service(bob.ext)
                    .args("-key", "rtpport", Integer.toString(bobRtp.port())).timeout(Duration.ofSeconds(400)).start();
            Thread.sleep(300);
            Sipp.Running aliceCalls = alice.sipp("phone_call_wait_bye.xml", bob.ext, aliceRtp.port())
                    .timeout(Duration.ofSeconds(400)).start();
            CallInfo phoneCall = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            Thread.sleep(2500);   // trunk admission re-reads the channels every second
            Sipp.Running carrierCalls = Sipp.scenario("rs_carrier_call_wait_bye.xml").from(CARRIER_IP).port(carrierPort)
                    .service(number).args("-key", "caller", caller, "-key", "rtpport", Integer.toString(carrierRtp.port()))
                    .timeout(Duration.ofSeconds(400)).start();
            CallInfo trunkCall = await("an answered call from " + caller, () -> calls.calls().stream()
                    .filter(c -> c.caller().endsWith(caller) && c.legs().get(0).isAnswered()).findFirst());
            Audio audio = new Audio(aliceRtp, bobRtp, carrierRtp, trunkCall.id());
            audio.flowing("before any restart");

            List<String> telephonyPaths = List.of("/sip-channels", base + "/phones", base + "/numbers",
                    base + "/hot-words", base + "/audio-files");
            List<String> directoryPaths = List.of("/instances", base + "/skill-groups", base + "/agents",
                    base + "/settings/inbound", base + "/break-reasons");
            // directory's blocklist reads numbers through telephony's NumberService: it goes with either
            List<String> blocklistPaths = List.of(base + "/blocklist");
            List<String> elsewhere = List.of("/ivr/node-types", "/openapi.json");

            // telephony: its endpoints go, directory's stay
            restart("parley-telephony", "SipChannelService", audio, concat(telephonyPaths, blocklistPaths),
                    concat(directoryPaths, elsewhere), List.of("/sip-channels", "/instances/{instanceId}/phones"));
            // directory: its endpoints go, and telephony's with them (its managers need the instances);
            // callers verified just before keep their access
            restart("parley-directory", "InstanceService", audio,
                    concat(concat(directoryPaths, blocklistPaths), telephonyPaths), elsewhere,
                    List.of("/instances/{instanceId}/agents", "/sip-channels"));
            // TTS: no endpoint of its own; health names the bundle
            restart("parley-tts-freetts", null, audio, List.of(),
                    concat(concat(concat(directoryPaths, blocklistPaths), telephonyPaths), elsewhere),
                    List.of());

            // a new phone call connects once everything is back (registration, digest, routing to the extension)
            Phone carol = phone(CAROL_IP);
            Phone dave = phone(DAVE_IP);
            Sipp.Running daveAnswers = Sipp.scenario("phone_answer.xml").from(DAVE_IP).port(dave.port).service(dave.ext)
                    .args("-key", "rtpport", "40002").timeout(Duration.ofSeconds(30)).start();
            Thread.sleep(300);
            Sipp.Result carolRun = carol.sipp("phone_call.xml", dave.ext, 40000).args("-d", "1000").run();
            assertEquals(carolRun.toString(), 0, carolRun.exit());
            assertEquals(0, daveAnswers.await(Duration.ofSeconds(40)).exit());

            // the calls up through all restarts end normally: each party gets the appliance's BYE
            calls.hangup(phoneCall.id(), "normal_end");
            calls.hangup(trunkCall.id(), "normal_end");
            Sipp.Result aliceRun = aliceCalls.await(Duration.ofSeconds(60));
            assertEquals(aliceRun.toString(), 0, aliceRun.exit());
            Sipp.Result bobRun = bobAnswers.await(Duration.ofSeconds(60));
            assertEquals(bobRun.toString(), 0, bobRun.exit());
            Sipp.Result carrierRun = carrierCalls.await(Duration.ofSeconds(60));
            assertEquals(carrierRun.toString(), 0, carrierRun.exit());
        }
    }

    /**
     * Stops {@code bundleName}: the calls keep their audio, {@code gone} answer 503 naming a missing
     * service, {@code kept} 200, health 503 naming the bundle (and {@code missingService}), the
     * OpenAPI document leaves out {@code undocumented}; then starts it and expects all of it back.
     */
    private void restart(String bundleName, String missingService, Audio audio, List<String> gone, List<String> kept,
                         List<String> undocumented) throws Exception {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> bundleName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(bundleName + " not installed"));
        bundle.stop();
        try {
            for (String path : gone) {
                Api.Answer a = awaitAnswer(path, 503);
                assertEquals(path + ": " + a, "SERVICE_UNAVAILABLE", a.errorCode());
                assertTrue(path + ": " + a, a.json().path("error").path("message").asText().contains("is not running"));
            }
            for (String path : kept) {
                Api.Answer a = admin.get(path);
                assertEquals(bundleName + " stopped, " + path + ": " + a, 200, a.status());
            }
            Api.Answer health = awaitAnswer("/health", 503);
            assertEquals(health.toString(), "degraded", health.json().get("status").asText());
            assertTrue(health.toString(), names(health.json().get("inactive_bundles")).contains(bundleName));
            if (missingService != null) {
                List<String> missing = new ArrayList<>();
                health.json().get("missing").forEach(m -> missing.add(m.get("service").asText()));
                assertTrue(health.toString(), missing.contains(missingService));
            }
            JsonNode paths = admin.get("/openapi.json").json().get("paths");
            for (String path : undocumented) {
                assertTrue(bundleName + " stopped, the document still lists " + path, paths.get(path) == null);
            }
            audio.flowing("while " + bundleName + " is stopped");
        } finally {
            bundle.start();
        }
        awaitAnswer("/health", 200);
        for (String path : concat(gone, kept)) {
            Api.Answer a = awaitAnswer(path, 200);
            assertEquals(bundleName + " started, " + path + ": " + a, 200, a.status());
        }
        JsonNode paths = admin.get("/openapi.json").json().get("paths");
        for (String path : undocumented) {
            assertTrue(bundleName + " started, the document lists " + path, paths.get(path) != null);
        }
        audio.flowing("after " + bundleName + " started again");
    }

    /** The audio of both calls, heard at each party. */
    private final class Audio {
        private final RtpPeer alice;
        private final RtpPeer bob;
        private final RtpPeer carrier;
        private final String trunkCall;

        Audio(RtpPeer alice, RtpPeer bob, RtpPeer carrier, String trunkCall) {
            this.alice = alice;
            this.bob = bob;
            this.carrier = carrier;
            this.trunkCall = trunkCall;
        }

        /** Over the next moments alice and bob each hear the other, the carrier hears the appliance and it the carrier. */
        void flowing(String when) throws InterruptedException {
            int aliceHeard = alice.count(RtpPeer.HEARD);
            int bobHeard = bob.count(RtpPeer.HEARD);
            int carrierHeard = carrier.total();
            long fromCarrier = carrierLegReceived();
            awaitTrue(when + ": both calls carry audio both ways (alice " + alice + ", bob " + bob + ", carrier "
                            + carrier + ")",
                    () -> alice.count(RtpPeer.HEARD) > aliceHeard + 25 && bob.count(RtpPeer.HEARD) > bobHeard + 25
                            && carrier.total() > carrierHeard + 25 && carrierLegReceived() > fromCarrier + 25);
        }

        private long carrierLegReceived() {
            return calls.call(trunkCall).map(c -> c.legs().get(0).rtpReceived()).orElse(-1L);
        }
    }

    /** Asks {@code path} until it answers {@code status} (a bundle's services come and go within seconds). */
    private Api.Answer awaitAnswer(String path, int status) throws InterruptedException {
        Api.Answer[] last = new Api.Answer[1];
        await(path + " answering " + status + " (last: " + Arrays.toString(last) + ")", () -> {
            last[0] = admin.get(path);
            return last[0].status() == status ? Optional.of(last[0]) : Optional.empty();
        });
        return last[0];
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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

    /** A new phone of the test instance, registered from {@code ip} (over REST: telephony may have restarted). */
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
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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
