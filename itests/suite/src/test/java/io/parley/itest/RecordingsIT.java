package io.parley.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.event.CallEvents;
import io.parley.api.event.RecordEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.telephony.TrunkNumberDraft;
import io.parley.api.recording.Recording;
import io.parley.api.store.RecordingStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Recordings (SPEC §28, §27.3) against the real distribution and SIPp peers on loopback: two
 * registered phones talk, each sending its own constant level, and the call leaves a 2-channel
 * WAV whose left channel is the caller (customer) and right channel the callee; it plays over
 * REST whole, by byte range (206, 416) and as a download, 404 when missing; a ZIP export job of
 * it runs to done and its ZIP holds the same bytes; a caller leaving a voicemail in an IVR flow
 * leaves a mono WAV with the caller's audio, served at {@code …/voicemail}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RecordingsIT {

    private static final String CARRIER_IP = "127.0.0.91";
    private static final int ALICE_LEVEL = 6000;
    private static final int BOB_LEVEL = -6000;
    private static final long QUOTA = 2_000_000;

    @Inject
    InstanceService instances;

    @Inject
    SipPhoneService phoneService;

    @Inject
    SipChannelService channels;

    @Inject
    IvrFlowService flows;

    @Inject
    CallControl calls;

    @Inject
    AuthenticationService auth;

    @Inject
    BundleContext context;

    @Inject
    RecordingStore store;

    @Inject
    org.apache.karaf.shell.api.console.SessionFactory sessions;

    private long instanceId;
    private String domain;
    private Api admin;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> listener;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"),
                // a short test clock: sweeps and disk checks every 2 s; the recordings may take 2 MB
                editConfigurationFilePut("etc/io.parley.recordings.cfg", "retentionSweepSeconds", "2"),
                editConfigurationFilePut("etc/io.parley.recordings.cfg", "watermarkCheckSeconds", "2"),
                editConfigurationFilePut("etc/io.parley.recordings.cfg", "quotaBytes", Long.toString(QUOTA)));
    }

    @Before
    public void setUp() {
        instanceId = instances.create("Recordings " + unique(), "Asia/Shanghai").id();
        domain = instanceId + "." + phoneService.serverInfo().sipDomain();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, new String[] {RecordEvents.RECORDING_READY, CallEvents.ENDED});
        listener = context.registerService(EventHandler.class, events::add, props);
        admin = Api.appliance().asAdmin(auth);
    }

    @After
    public void tearDown() {
        if (listener != null) {
            listener.unregister();
        }
    }

    @Test
    public void aBridgedCallLeavesATwoChannelWavWithTheCallerLeftAndTheCalleeRightPlayableByRangeAndExportedAsZip()
            throws Exception {
        String session = bridgedCall();
        Event ready = ready(session, "recording");
        assertEquals(2, ready.getProperty(RecordEvents.CHANNELS));
        assertNotNull(ready.getProperty(RecordEvents.RECORDING_ID));
        Path file = Path.of((String) ready.getProperty(RecordEvents.FILE));
        // laid out by instance and date under the data directory
        assertTrue(file.toString(), file.toString().replace('\\', '/')
                .matches(".*/parley/recordings/" + instanceId + "/\\d{4}/\\d{2}/\\d{2}/" + session + "\\.wav"));
        int seconds = (Integer) ready.getProperty(RecordEvents.DURATION_S);
        assertTrue("duration " + seconds, seconds >= 3);

        // the whole file over REST is the file, a valid 2-channel 8 kHz WAV
        String path = "/instances/" + instanceId + "/records/" + session + "/recording";
        Api.Bytes whole = admin.bytes(path, null);
        assertEquals(whole.toString(), 200, whole.status());
        assertEquals("audio/wav", whole.header("Content-Type"));
        assertEquals("bytes", whole.header("Accept-Ranges"));
        assertTrue(whole.header("Content-Disposition"), whole.header("Content-Disposition").startsWith("inline"));
        byte[] wav = whole.body();
        assertArrayEquals(Files.readAllBytes(file), wav);
        ByteBuffer header = ByteBuffer.wrap(wav, 0, 44).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(2, header.getShort(22));
        assertEquals(8000, header.getInt(24));
        assertEquals(wav.length - 44, header.getInt(40));

        // each party on its own channel: the caller (customer) left at +6000, the callee right at -6000
        Map<String, Integer> frames = channelLevels(wav);
        int all = frames.get("frames");
        assertTrue("caller's level on the left in " + frames, frames.get("left=alice") > all / 3);
        assertTrue("callee's level on the right in " + frames, frames.get("right=bob") > all / 3);
        assertTrue("no party on the wrong channel: " + frames, frames.get("left=bob") + frames.get("right=alice") < all / 50);

        // playback by range: the header alone, a tail, a range past the end
        Api.Bytes head = admin.bytes(path, "bytes=0-43");
        assertEquals(head.toString(), 206, head.status());
        assertEquals("bytes 0-43/" + wav.length, head.header("Content-Range"));
        assertArrayEquals(Arrays.copyOf(wav, 44), head.body());
        Api.Bytes tail = admin.bytes(path, "bytes=-1000");
        assertEquals(206, tail.status());
        assertArrayEquals(Arrays.copyOfRange(wav, wav.length - 1000, wav.length), tail.body());
        Api.Bytes past = admin.bytes(path, "bytes=" + wav.length + "-");
        assertEquals(past.toString(), 416, past.status());
        assertEquals("bytes */" + wav.length, past.header("Content-Range"));
        // download
        Api.Bytes download = admin.bytes(path + "?download=1", null);
        assertEquals(200, download.status());
        assertEquals("attachment; filename=\"" + session + ".wav\"", download.header("Content-Disposition"));
        assertEquals(400, admin.bytes(path + "?download=yes", null).status());
        // missing: no such session, and no voicemail in this one
        Api.Bytes none = admin.bytes("/instances/" + instanceId + "/records/nosuchsession/recording", null);
        assertEquals(none.toString(), 404, none.status());
        assertEquals(404, admin.bytes("/instances/" + instanceId + "/records/" + session + "/voicemail", null).status());

        // ZIP export: the job runs to done and its ZIP holds the recording's bytes
        Api.Answer bad = admin.post("/instances/" + instanceId + "/records:export-recordings", "{}");
        assertEquals(bad.toString(), 422, bad.status());
        assertEquals("session_ids", bad.errorField());
        Api.Answer started = admin.post("/instances/" + instanceId + "/records:export-recordings",
                "{\"session_ids\":[\"" + session + "\",\"nosuchsession\"]}");
        assertEquals(started.toString(), 202, started.status());
        String job = started.json().path("id").asText();
        assertEquals("[\"nosuchsession\"]", started.json().path("missing_session_ids").toString());
        JsonNode status = null;
        for (int i = 0; i < 300; i++) {
            status = admin.get("/instances/" + instanceId + "/recording-exports/" + job).json();
            if (!"running".equals(status.path("status").asText())) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(status.toString(), "done", status.path("status").asText());
        assertEquals(100, status.path("progress_pct").asInt());
        assertEquals(1, status.path("total").asInt());
        Api.Bytes zip = admin.bytes("/instances/" + instanceId + "/recording-exports/" + job + "/content", null);
        assertEquals(zip.toString(), 200, zip.status());
        assertEquals("application/zip", zip.header("Content-Type"));
        Map<String, byte[]> entries = unzip(zip.body());
        assertEquals(List.of(session + "/recording.wav"), List.copyOf(entries.keySet()));
        assertArrayEquals(wav, entries.get(session + "/recording.wav"));
        assertEquals(404, admin.get("/instances/" + instanceId + "/recording-exports/NOSUCHJOB").status());
    }

    @Test
    public void aCallerLeavingAVoicemailLeavesAMonoWavWithTheirAudioServedAtTheRecord() throws Exception {
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Voicemail " + unique(), null);
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(VOICEMAIL), "vm");
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        int peerPort = Sipp.freePort(CARRIER_IP, false);
        long channel = channels.create(SipChannelDraft.named("Carrier " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(CARRIER_IP, peerPort)))).channel().id();
        String number = landline();
        channels.addNumbers(channel, List.of(new TrunkNumberDraft(number, instanceId, false, null, null, null, "inbound",
                null, flow.id(), IvrVersion.MAIN, null, null, null, null, null, false, false)));
        Thread.sleep(2500);   // trunk admission re-reads the channels every second

        // the caller speaks (sip-tester's 7 s G.711 A-law sample) from the answer on, and waits for the appliance's BYE
        String template = Files.readString(Path.of(System.getProperty("parley.itest.sipp.dir"), "ivr_caller.template"),
                StandardCharsets.ISO_8859_1);
        String scenario = template.replace("PRESS_KEYS",
                        "  <nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/g711a.pcap\"/></action></nop>\n")
                .replace("BYE_TIMEOUT", "");
        Path file = Files.createTempFile("vm_caller", ".xml");
        Files.writeString(file, scenario, StandardCharsets.ISO_8859_1);
        String caller = "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
        Sipp.Result r = Sipp.scenario(file.toString()).from(CARRIER_IP).port(peerPort).service(number)
                .args("-key", "caller", caller, "-mp", Integer.toString(mediaPort(CARRIER_IP)))
                .timeout(Duration.ofSeconds(90)).run();
        assertEquals(r.toString(), 0, r.exit());
        String callee = "0086" + number;
        Event ended = await("the call's end", () -> events.stream().filter(e -> CallEvents.ENDED.equals(e.getTopic())
                && callee.equals(e.getProperty(CallEvents.CALLEE))).findFirst());
        String session = (String) ended.getProperty(CallEvents.SESSION_ID);

        Event ready = ready(session, "voicemail");
        assertEquals(1, ready.getProperty(RecordEvents.CHANNELS));
        int seconds = (Integer) ready.getProperty(RecordEvents.DURATION_S);
        assertTrue("the message stops at max_duration_s 5: " + seconds, seconds >= 4 && seconds <= 5);
        Api.Bytes vm = admin.bytes("/instances/" + instanceId + "/records/" + session + "/voicemail", null);
        assertEquals(vm.toString(), 200, vm.status());
        byte[] wav = vm.body();
        assertArrayEquals(Files.readAllBytes(Path.of((String) ready.getProperty(RecordEvents.FILE))), wav);
        assertEquals(1, ByteBuffer.wrap(wav, 0, 44).order(ByteOrder.LITTLE_ENDIAN).getShort(22));
        // the caller's speech is in it: a good share of 20 ms frames are audible
        int audible = 0;
        int total = 0;
        for (int at = 44; at + 320 <= wav.length; at += 320) {
            double sum = 0;
            for (int i = at; i < at + 320; i += 2) {
                short s = (short) ((wav[i] & 0xff) | (wav[i + 1] << 8));
                sum += (double) s * s;
            }
            total++;
            if (Math.sqrt(sum / 160) > 300) {
                audible++;
            }
        }
        assertTrue("audible frames " + audible + " of " + total, audible > total / 4);
        Api.Bytes range = admin.bytes("/instances/" + instanceId + "/records/" + session + "/voicemail", "bytes=44-143");
        assertEquals(206, range.status());
        assertArrayEquals(Arrays.copyOfRange(wav, 44, 144), range.body());
        // a voicemail-only session has no call recording
        assertEquals(404, admin.bytes("/instances/" + instanceId + "/records/" + session + "/recording", null).status());
    }

    @Test
    public void theRetentionSweepDeletesRecordingsPastTheMonthsSetAndKeepsTheRest() throws Exception {
        String settings = "/instances/" + instanceId + "/settings/storage";
        Api.Answer bad = admin.patch(settings, "{\"recordings_retention_months\":0}");
        assertEquals(bad.toString(), 422, bad.status());
        assertEquals("recordings_retention_months", bad.errorField());
        assertEquals(3, admin.get(settings).json().path("recordings_retention_months").asInt());
        Recording old = indexed("rold", Instant.now().minus(Duration.ofDays(62)), 1000, true);
        Recording young = indexed("ryoung", Instant.now().minus(Duration.ofDays(10)), 1000, true);
        Thread.sleep(4500);   // two sweeps: within the default 3 months both stay
        assertTrue(Files.exists(Path.of(old.file())));

        Api.Answer changed = admin.patch(settings, "{\"recordings_retention_months\":1}");
        assertEquals(changed.toString(), 200, changed.status());
        assertEquals(1, changed.json().path("recordings_retention_months").asInt());
        await("the sweep to delete the recording of 62 days ago", () -> store.find(old.id()).isEmpty()
                ? Optional.of(true) : Optional.empty());
        assertTrue(!Files.exists(Path.of(old.file())));
        assertTrue("ten days old is kept", Files.exists(Path.of(young.file())) && store.find(young.id()).isPresent());
        store.delete(young.id());
        Files.deleteIfExists(Path.of(young.file()));
    }

    @Test
    public void overTheWatermarkDeletableRecordingsGoAnAlarmShowsInHealthAndStatusAndClears() throws Exception {
        String settings = "/instances/" + instanceId + "/settings/storage";
        // the S3 copy on (nothing uploads to it here): what is not uploaded yet must stay
        Api.Answer s3 = admin.patch(settings, "{\"recordings_retention_months\":120,\"s3\":{\"enabled\":true,"
                + "\"endpoint\":\"http://127.0.0.1:9\",\"region\":\"us-east-1\",\"bucket\":\"parley-test\","
                + "\"prefix\":\"rec\",\"access_key\":\"key\",\"secret_key\":\"secret\",\"path_style\":true}}");
        assertEquals(s3.toString(), 200, s3.status());
        assertTrue(s3.body(), s3.json().path("s3").path("secret_key_set").asBoolean());
        assertTrue("the secret is write-only: " + s3.body(), s3.json().path("s3").path("secret_key").isMissingNode());
        Instant day = Instant.now().minus(Duration.ofDays(1));
        Recording oldest = indexed("wold", day, 200_000, true);
        Recording pinned1 = indexed("wpin1", day.plusSeconds(1), 1_000_000, false);
        Recording pinned2 = indexed("wpin2", day.plusSeconds(2), 1_000_000, false);
        try {
            JsonNode health = await("the watermark alarm in /health", () -> {
                Api.Answer h = Api.anonymous(ParleyContainer.HTTP_PORT).get("/health");
                return h.status() == 503 && h.body().contains(ALARM) ? Optional.of(h.json()) : Optional.empty();
            });
            assertEquals("degraded", health.path("status").asText());
            assertEquals(ALARM, health.path("alarms").path(0).path("code").asText());
            assertTrue(shell("parley:status").contains("ALARM     " + ALARM));
            await("the oldest uploaded recording deleted", () -> store.find(oldest.id()).isEmpty()
                    ? Optional.of(true) : Optional.empty());
            assertTrue(!Files.exists(Path.of(oldest.file())));
            assertTrue("never deleted before its upload", Files.exists(Path.of(pinned1.file()))
                    && Files.exists(Path.of(pinned2.file())) && store.find(pinned1.id()).isPresent());
        } finally {
            // the operator frees the space: the next check clears the alarm
            for (Recording r : List.of(pinned1, pinned2)) {
                store.delete(r.id());
                Files.deleteIfExists(Path.of(r.file()));
            }
            admin.patch(settings, "{\"s3\":{\"enabled\":false}}");
        }
        await("the alarm cleared", () -> Api.anonymous(ParleyContainer.HTTP_PORT).get("/health").status() == 200
                ? Optional.of(true) : Optional.empty());
        assertTrue(!shell("parley:status").contains(ALARM));
    }

    private static final String ALARM = "DISK_HIGH_WATERMARK";

    /** A closed recording of the test instance in the index, its file a WAV header and {@code bytes} of silence. */
    private Recording indexed(String name, Instant started, int bytes, boolean uploaded) throws IOException {
        Path file = Path.of(System.getProperty("karaf.data"), "parley", "recordings", Long.toString(instanceId), "test",
                name + unique() + ".wav");
        Files.createDirectories(file.getParent());
        byte[] wav = new byte[44 + bytes];
        ByteBuffer h = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + bytes).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(bytes);
        Files.write(file, wav);
        Recording r = new Recording(name + unique(), instanceId, "s" + unique(), Recording.RECORDING, file.toString(), 1,
                bytes / 16000, started, started.plusSeconds(bytes / 16000), "telephone", null, wav.length,
                uploaded ? started.plusSeconds(60) : null);
        store.insert(r);
        return r;
    }

    private String shell(String command) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
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

    // ---- the flow ----

    private static final String VOICEMAIL = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HVOICEMA1L00000000000000","type":"voicemail","label":"Message",
               "params":{"prompt":{"mode":"tts","text":"Hello"},"beep":false,"max_duration_s":5}},
              {"id":"01HEND00000000000000000000","type":"end","label":"Bye"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HVOICEMA1L00000000000000"},
              {"from_node":"01HVOICEMA1L00000000000000","from_port":"next","to_node":"01HEND00000000000000000000"}]}""";

    // ---- helpers ----

    /** Alice calls Bob (registered SIPp phones), each RTP peer sending its own level; returns the session once ended. */
    private String bridgedCall() throws Exception {
        Phone alice = phone();
        Phone bob = phone();
        try (RtpPeer aliceRtp = new RtpPeer("127.0.0.1", ALICE_LEVEL, RtpPeer.oppositeSign(ALICE_LEVEL));
             RtpPeer bobRtp = new RtpPeer("127.0.0.1", BOB_LEVEL, RtpPeer.oppositeSign(BOB_LEVEL))) {
            Sipp.Running answering = Sipp.scenario("phone_answer.xml").port(bob.port).service(bob.ext)
                    .args("-key", "rtpport", Integer.toString(bobRtp.port())).timeout(Duration.ofSeconds(40)).start();
            Thread.sleep(300);
            Sipp.Running calling = alice.sipp("phone_call.xml", bob.ext, aliceRtp.port(), "6000").start();
            CallInfo live = await("a bridged call from " + alice.ext, () -> calls.calls().stream()
                    .filter(c -> c.caller().equals(alice.ext) && CallInfo.BRIDGED.equals(c.state())).findFirst());
            Sipp.Result caller = calling.await(Duration.ofSeconds(40));
            Sipp.Result callee = answering.await(Duration.ofSeconds(40));
            assertEquals(caller.toString(), 0, caller.exit());
            assertEquals(callee.toString(), 0, callee.exit());
            assertTrue("both heard each other", aliceRtp.count(RtpPeer.HEARD) > 25 && bobRtp.count(RtpPeer.HEARD) > 25);
            return live.id();
        }
    }

    private Event ready(String session, String kind) throws InterruptedException {
        Event e = await(kind + " of " + session + " ready", () -> events.stream()
                .filter(x -> RecordEvents.RECORDING_READY.equals(x.getTopic()) && session.equals(x.getProperty(RecordEvents.SESSION_ID))
                        && kind.equals(x.getProperty(RecordEvents.KIND))).findFirst());
        assertEquals(instanceId, e.getProperty(RecordEvents.INSTANCE_ID));
        return e;
    }

    /** Counts 20 ms stereo frames whose left or right channel holds Alice's or Bob's level. */
    private static Map<String, Integer> channelLevels(byte[] wav) {
        Map<String, Integer> out = new HashMap<>(Map.of("frames", 0, "left=alice", 0, "left=bob", 0, "right=alice", 0,
                "right=bob", 0));
        for (int at = 44; at + 640 <= wav.length; at += 640) {
            long left = 0;
            long right = 0;
            for (int i = at; i < at + 640; i += 4) {
                left += (short) ((wav[i] & 0xff) | (wav[i + 1] << 8));
                right += (short) ((wav[i + 2] & 0xff) | (wav[i + 3] << 8));
            }
            out.merge("frames", 1, Integer::sum);
            classify(out, "left", left / 160);
            classify(out, "right", right / 160);
        }
        return out;
    }

    private static void classify(Map<String, Integer> out, String channel, long mean) {
        if (Math.abs(mean - ALICE_LEVEL) <= Math.abs(ALICE_LEVEL) / 5) {
            out.merge(channel + "=alice", 1, Integer::sum);
        } else if (Math.abs(mean - BOB_LEVEL) <= Math.abs(BOB_LEVEL) / 5) {
            out.merge(channel + "=bob", 1, Integer::sum);
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** A SIP phone of the test instance, registered by SIPp on 127.0.0.1. */
    private final class Phone {
        final String ext;
        final String password;
        final int port;

        Phone(String ext, String password, int port) {
            this.ext = ext;
            this.password = password;
            this.port = port;
        }

        Sipp sipp(String scenario, String dial, int rtpPort, String holdMs) {
            return Sipp.scenario(scenario).from("127.0.0.1").port(port).service(ext).auth(ext, password)
                    .args("-key", "domain", domain, "-key", "dial", dial, "-key", "rtpport", Integer.toString(rtpPort),
                            "-d", holdMs)
                    .timeout(Duration.ofSeconds(30));
        }
    }

    private Phone phone() throws Exception {
        String ext = "7" + (100 + ThreadLocalRandom.current().nextInt(900)) + ThreadLocalRandom.current().nextInt(10);
        String password = phoneService.create(instanceId, new SipPhoneDraft(ext, "SIPp " + ext, null, null, null, "udp"))
                .sipPassword();
        int port = Sipp.freePort("127.0.0.1", false);
        Sipp.Result r = Sipp.scenario("phone_register.xml").from("127.0.0.1").port(port).service(ext).auth(ext, password)
                .args("-key", "domain", domain).run();
        assertEquals(r.toString(), 0, r.exit());
        return new Phone(ext, password, port);
    }

    private <T> T await(String what, java.util.function.Supplier<Optional<T>> probe) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; events: " + events.stream()
                .map(e -> e.getTopic() + " " + e.getProperty(CallEvents.SESSION_ID) + " " + e.getProperty(RecordEvents.KIND))
                .toList());
    }

    private static String landline() {
        return "0" + (210 + ThreadLocalRandom.current().nextInt(80)) + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    /** An even UDP port pair free on {@code ip} for SIPp's media ({@code -mp}). */
    private static int mediaPort(String ip) {
        for (int i = 0; i < 50; i++) {
            int p = 30_000 + 2 * ThreadLocalRandom.current().nextInt(10_000);
            try (DatagramSocket a = new DatagramSocket(p, InetAddress.getByName(ip));
                 DatagramSocket b = new DatagramSocket(p + 1, InetAddress.getByName(ip))) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free media port on " + ip);
    }
}
