package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.event.CallEvents;
import io.parley.api.event.RecordEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.TrunkNumberDraft;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Service records (SPEC §27) through the real distribution: SIPp carriers call a number bound to
 * an IVR flow; one presses 2 and the flow ends the call, one hangs up inside the menu. Their
 * records, read over REST (every answer checked against the served OpenAPI document), carry the
 * IVR path, the §27.2 status, the durations and the hang-up party, and {@code parley/record/CLOSED}
 * carried the same record once. Then the §27.3 filters and the 31-day rule (4xx naming the
 * field), the CSV export, the remark, and the {@code parley:record-*} commands. The two calls are
 * made once for the class (one booted container).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServiceRecordIT {

    private static final String CARRIER_IP = "127.0.0.83";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Inject
    SipChannelService channels;
    @Inject
    InstanceService instances;
    @Inject
    IvrFlowService flows;
    @Inject
    BundleContext context;
    @Inject
    AuthenticationService auth;
    @Inject
    org.apache.karaf.shell.api.console.SessionFactory sessions;
    @Inject
    io.parley.api.blocklist.BlocklistService blocklist;

    /** What the class's two calls left, made by the first test that needs them. */
    private static Calls calls;

    private record Calls(long instanceId, String number, String ended, String endedCaller, String hungUp,
                         String hungUpCaller, Instant before, List<Event> events, long channel, int peerPort) {
    }

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration(
                editConfigurationFilePut("etc/io.parley.sip.cfg", "admissionRefreshSeconds", "1"),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "trunkOptionsIntervalSeconds", "3600"));
    }

    @Before
    public void callOnce() throws Exception {
        if (calls != null) {
            return;
        }
        List<Event> events = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, new String[] {CallEvents.ENDED, RecordEvents.CLOSED});
        context.registerService(EventHandler.class, events::add, props);
        long instanceId = instances.create("Records " + unique(), ZONE.getId()).id();
        int peerPort = Sipp.freePort(CARRIER_IP, false);
        long channel = channels.create(SipChannelDraft.named("Carrier " + unique(), "sip_trunk", "public_trunk")
                .withPeers(List.of(new SipChannelDraft.PeerDraft(CARRIER_IP, peerPort)))).channel().id();
        IvrFlow flow = flows.create(instanceId, IvrFlow.INBOUND, "Hotline " + unique(), null);
        IvrVersion v = flows.saveVersion(instanceId, flow.id(), IvrVersion.MAIN, flows.parseGraph(MENU), "menu");
        assertEquals(v.problems().toString(), IvrVersion.PUBLISHED, v.status());
        String number = landline();
        channels.addNumbers(channel, List.of(new TrunkNumberDraft(number, instanceId, false, null, null, null, "inbound",
                null, flow.id(), IvrVersion.MAIN, null, null, null, null, null, false, false)));
        Thread.sleep(2500);   // trunk admission re-reads the channels every second
        Instant before = Instant.now();

        String endedCaller = mobile();
        String template = Files.readString(Path.of(System.getProperty("parley.itest.sipp.dir"), "ivr_caller.template"),
                StandardCharsets.ISO_8859_1);
        String scenario = template.replace("PRESS_KEYS", "  <pause milliseconds=\"3000\"/>\n  <label id=\"1\"/>\n"
                        + "  <nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_2.pcap\"/></action></nop>\n")
                .replace("BYE_TIMEOUT", "timeout=\"9000\" ontimeout=\"1\"");
        Path file = Files.createTempFile("ivr_caller", ".xml");
        Files.writeString(file, scenario, StandardCharsets.ISO_8859_1);
        Sipp.Result r = Sipp.scenario(file.toString()).from(CARRIER_IP).port(peerPort).service(number)
                .args("-key", "caller", endedCaller, "-mp", Integer.toString(mediaPort(CARRIER_IP)))
                .timeout(Duration.ofSeconds(90)).run();
        assertEquals(r.toString(), 0, r.exit());
        String ended = session(events, endedCaller);

        String hungUpCaller = mobile();
        Sipp.Result h = Sipp.scenario("rec_ivr_caller_hangup.xml").from(CARRIER_IP).port(peerPort).service(number)
                .args("-key", "caller", hungUpCaller, "-mp", Integer.toString(mediaPort(CARRIER_IP)), "-d", "5000")
                .timeout(Duration.ofSeconds(60)).run();
        assertEquals(h.toString(), 0, h.exit());
        String hungUp = session(events, hungUpCaller);
        calls = new Calls(instanceId, number, ended, endedCaller, hungUp, hungUpCaller, before, events, channel,
                peerPort);
    }

    @Test
    public void anIvrCallLeavesARecordWithItsPathStatusDurationsAndHangUpParty() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        JsonNode r = closedRecord(admin, calls.ended());
        assertEquals(r.toString(), "ivr_ended", r.get("status").asText());
        assertEquals("system", r.get("hangup_party").asText());
        assertEquals("inbound", r.get("direction").asText());
        assertEquals("telephone", r.get("category").asText());
        assertTrue(r.toString(), r.get("caller_number").asText().endsWith(calls.endedCaller()));
        assertEquals("0086" + calls.number(), r.get("callee_number").asText());
        assertEquals(List.of("Start", "Welcome", "Menu", "Sales", "Bye two"), labels(r));
        assertEquals("2", r.at("/ivr_path/2/key").asText());
        assertEquals("01HMENU0000000000000000000", r.at("/ivr_path/2/node_id").asText());
        assertTrue(r.toString(), r.get("duration_s").asInt() >= 3);
        assertEquals(0, r.get("talk_duration_s").asInt());
        assertEquals(0, r.get("queue_duration_s").asInt());
        long time = r.get("time").asLong();
        assertTrue(r.toString(), time >= calls.before().getEpochSecond() - 1 && time <= Instant.now().getEpochSecond());

        JsonNode h = closedRecord(admin, calls.hungUp());
        assertEquals(h.toString(), "abandoned_in_ivr", h.get("status").asText());
        assertEquals("customer", h.get("hangup_party").asText());
        List<String> path = labels(h);
        assertEquals(h.toString(), "Menu", path.get(path.size() - 1));
        assertTrue(h.toString(), h.get("duration_s").asInt() >= 4);

        // the same record went out once with parley/record/CLOSED
        List<Event> closed = calls.events().stream().filter(e -> RecordEvents.CLOSED.equals(e.getTopic())
                && calls.ended().equals(e.getProperty(RecordEvents.SESSION_ID))).toList();
        assertEquals(1, closed.size());
        JsonNode posted = Api.JSON.readTree((String) closed.get(0).getProperty(RecordEvents.RECORD_JSON));
        assertEquals("ivr_ended", posted.get("status").asText());
        assertEquals(5, posted.get("ivr_path").size());
        assertEquals(calls.instanceId(), closed.get(0).getProperty(RecordEvents.INSTANCE_ID));
    }

    @Test
    public void theListFiltersByTheSpec27Point3FieldsAndRefusesRangesOver31DaysNamingTheField() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        closedRecord(admin, calls.ended());
        closedRecord(admin, calls.hungUp());
        String records = "/instances/" + calls.instanceId() + "/records";
        String range = "from=" + (calls.before().getEpochSecond() - 60) + "&to=" + (Instant.now().getEpochSecond() + 60);
        assertEquals(List.of(calls.hungUp(), calls.ended()), sessions(admin.get(records + "?" + range)));
        assertEquals(List.of(calls.ended()), sessions(admin.get(records + "?" + range + "&status=ivr_ended")));
        assertEquals(List.of(calls.hungUp()), sessions(admin.get(records + "?" + range + "&status=abandoned_in_ivr")));
        assertEquals(List.of(calls.hungUp()), sessions(admin.get(records + "?" + range + "&hangup_party=customer")));
        assertEquals(List.of(calls.ended()), sessions(admin.get(records + "?" + range + "&caller=" + calls.endedCaller())));
        assertEquals(2, sessions(admin.get(records + "?" + range + "&callee=" + calls.number().substring(1))).size());
        assertEquals(2, sessions(admin.get(records + "?" + range + "&direction=inbound&category=telephone")).size());
        assertEquals(List.of(), sessions(admin.get(records + "?" + range + "&direction=outbound")));
        assertEquals(List.of(), sessions(admin.get(records + "?" + range + "&category=internal")));
        assertEquals(List.of(), sessions(admin.get(records + "?" + range + "&agent_id=1001")));
        assertEquals(List.of(), sessions(admin.get(records + "?" + range + "&agent_terminal=sip_phone")));
        assertEquals(List.of(), sessions(admin.get(records + "?" + range + "&skill_group=2001")));
        String rfc = "from=" + enc(calls.before().minusSeconds(60).atZone(ZONE).toOffsetDateTime().toString())
                + "&to=" + enc(Instant.now().plusSeconds(60).atZone(ZONE).toOffsetDateTime().toString());
        assertEquals(2, sessions(admin.get(records + "?" + rfc)).size());
        Api.Answer page = admin.get(records + "?" + range + "&page=1&page_size=10");
        assertEquals(2, page.json().get("total").asInt());

        // the default range is today in the instance's time zone
        boolean today = LocalDate.ofInstant(calls.before(), ZONE).equals(LocalDate.now(ZONE));
        Api.Answer byDefault = admin.get(records);
        assertEquals(byDefault.toString(), 200, byDefault.status());
        assertEquals(today, sessions(byDefault).contains(calls.ended()));

        // bad input: 4xx naming the field
        long now = Instant.now().getEpochSecond();
        assertError(admin.get(records + "?from=" + (now - 40 * 86400) + "&to=" + now), 422, "to");
        assertError(admin.get(records + "?from=" + now + "&to=" + (now - 10)), 422, "to");
        assertEquals(200, admin.get(records + "?from=" + (now - 31 * 86400) + "&to=" + now).status());
        assertError(admin.get(records + "?from=yesterday"), 400, "from");
        assertError(admin.get(records + "?status=hung_up"), 422, "status");
        assertError(admin.get(records + "?hangup_party=nobody"), 422, "hangup_party");
        assertError(admin.get(records + "?direction=sideways"), 422, "direction");
        assertError(admin.get(records + "?agent_terminal=fax"), 422, "agent_terminal");
        assertError(admin.get(records + "?category=other"), 422, "category");
        assertError(admin.get(records + "?skill_group=abc"), 400, "skill_group");
        assertError(admin.get(records + "?page_size=5"), 422, "page_size");
        assertEquals(404, admin.get(records + "/no-such-session").status());
        assertEquals(404, admin.get("/instances/" + instances.defaultInstance().id() + "/records/" + calls.ended())
                .status());
    }

    @Test
    public void theCsvExportStreamsTheFilteredRecordsWithHoursMinutesSeconds() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        JsonNode r = closedRecord(admin, calls.ended());
        String export = "/instances/" + calls.instanceId() + "/records:export?from="
                + (calls.before().getEpochSecond() - 60) + "&to=" + (Instant.now().getEpochSecond() + 60);
        Api.Answer all = admin.get(export);
        assertEquals(all.toString(), 200, all.status());
        String[] lines = all.body().split("\r\n");
        assertEquals(all.body(), 3, lines.length);
        assertTrue(lines[0], lines[0].startsWith("session_id,time,category,direction,caller_number,callee_number,status,"
                + "duration,"));
        String mine = lines[1].startsWith(calls.ended()) ? lines[1] : lines[2];
        int seconds = r.get("duration_s").asInt();
        assertTrue(mine, mine.contains(",ivr_ended," + String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60) + ","));
        assertTrue(mine, mine.contains("Start > Welcome > Menu [2] > Sales > Bye two"));
        Api.Answer filtered = admin.get(export + "&status=abandoned_in_ivr");
        assertEquals(2, filtered.body().split("\r\n").length);
        assertTrue(filtered.body(), filtered.body().contains(calls.hungUp()));
        long now = Instant.now().getEpochSecond();
        assertError(admin.get("/instances/" + calls.instanceId() + "/records:export?from=" + (now - 40 * 86400)
                + "&to=" + now), 422, "to");
    }

    @Test
    public void aRemarkOfAtMost200CharactersIsKeptAndLongerIsRefusedNamingRemark() throws Exception {
        Api admin = Api.appliance().asAdmin(auth);
        closedRecord(admin, calls.hungUp());
        String remark = "/instances/" + calls.instanceId() + "/records/" + calls.hungUp() + "/remark";
        Api.Answer set = admin.patch(remark, "{\"remark\":\"called back, wants a quote\"}");
        assertEquals(set.toString(), 200, set.status());
        assertEquals("called back, wants a quote", set.json().get("remark").asText());
        assertEquals("called back, wants a quote", admin.get("/instances/" + calls.instanceId() + "/records/"
                + calls.hungUp()).json().get("remark").asText());
        assertError(admin.patch(remark, "{\"remark\":\"" + "x".repeat(201) + "\"}"), 422, "remark");
        assertError(admin.patch(remark, "{\"note\":\"x\"}"), 400, "note");
        assertEquals(200, admin.patch(remark, "{\"remark\":\"" + "y".repeat(200) + "\"}").status());
        assertEquals(404, admin.patch("/instances/" + calls.instanceId() + "/records/nope/remark",
                "{\"remark\":\"x\"}").status());
        String range = "from=" + (calls.before().getEpochSecond() - 60) + "&to=" + (Instant.now().getEpochSecond() + 60);
        assertEquals(List.of(calls.hungUp()), sessions(admin.get("/instances/" + calls.instanceId() + "/records?" + range
                + "&remark=YYY")));
    }

    @Test
    public void theShellListsShowsAndExportsRecords() throws Exception {
        closedRecord(Api.appliance().asAdmin(auth), calls.ended());
        String i = " --instance " + calls.instanceId() + " ";
        String window = "--from " + calls.before().minusSeconds(60) + " --to " + Instant.now().plusSeconds(60) + " ";
        String list = shell("parley:record-list" + i + window);
        assertTrue(list, list.contains(calls.ended()) && list.contains(calls.hungUp()) && list.contains("2 record(s)"));
        String show = shell("parley:record-show" + i + calls.ended());
        assertTrue(show, show.contains("ivr_ended") && show.contains("Start > Welcome > Menu [2] > Sales > Bye two"));
        Path csv = Files.createTempFile("records", ".csv");
        String wrote = shell("parley:record-export" + i + window + "--status ivr_ended " + csv);
        assertTrue(wrote, wrote.contains("Wrote"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(lines.toString(), 2, lines.size());
        assertTrue(lines.get(1), lines.get(1).startsWith(calls.ended() + ","));
        String json = shell("parley:record-show --json" + i + calls.hungUp());
        assertTrue(json, json.contains("\"status\"") && json.contains("abandoned_in_ivr"));
    }

    @Test
    public void aBlocklistedCallerRefusedWith603LeavesABlocklistedRecord() throws Exception {
        // its own instance and number, so the other tests' lists stay as they are
        long instanceId = instances.create("Blocked " + unique(), ZONE.getId()).id();
        String number = landline();
        channels.addNumbers(calls.channel(), List.of(new TrunkNumberDraft(number, instanceId, false, null, null, null,
                "inbound", null, null, null, null, null, null, null, null, false, false)));
        String blocked = mobile();
        blocklist.add(instanceId, "+86" + blocked, "admin", "ServiceRecordIT", null);
        Thread.sleep(2500);   // trunk admission re-reads the channels every second
        Instant before = Instant.now();
        Sipp.Result refused = Sipp.scenario("carrier_call.xml").from(CARRIER_IP).port(calls.peerPort()).service(number)
                .args("-key", "caller", blocked, "-d", "100").run();
        assertTrue(refused.toString(), refused.answer().contains("SIP/2.0 603"));

        Api admin = Api.appliance().asAdmin(auth);
        String query = "/instances/" + instanceId + "/records?from=" + (before.getEpochSecond() - 60) + "&to="
                + (Instant.now().getEpochSecond() + 60) + "&caller=" + blocked;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Api.Answer list = admin.get(query);
        while (System.nanoTime() < until && !(list.json().get("total").asInt() == 1
                && !list.json().at("/items/0/open").asBoolean())) {
            Thread.sleep(200);
            list = admin.get(query);
        }
        assertEquals(list.toString(), 1, list.json().get("total").asInt());
        JsonNode r = list.json().at("/items/0");
        assertFalse(r.toString(), r.get("open").asBoolean());
        assertEquals(r.toString(), "blocklisted", r.get("status").asText());
        assertEquals("system", r.get("hangup_party").asText());
        assertEquals("0086" + number, r.get("callee_number").asText());
        assertEquals(0, r.get("ivr_path").size());
    }

    // ---- helpers ----

    /** The record over REST once it is final (it is written while the call goes, final a moment after its end). */
    private static JsonNode closedRecord(Api admin, String session) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Api.Answer last = null;
        while (System.nanoTime() < until) {
            last = admin.get("/instances/" + calls.instanceId() + "/records/" + session);
            if (last.status() == 200 && !last.json().get("open").asBoolean()) {
                return last.json();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("record " + session + " not final: " + last);
    }

    private static List<String> labels(JsonNode record) {
        List<String> out = new ArrayList<>();
        record.get("ivr_path").forEach(s -> out.add(s.get("label").asText()));
        return out;
    }

    private static List<String> sessions(Api.Answer a) {
        assertEquals(a.toString(), 200, a.status());
        List<String> out = new ArrayList<>();
        a.json().get("items").forEach(r -> out.add(r.get("session_id").asText()));
        return out;
    }

    private static void assertError(Api.Answer a, int status, String field) {
        assertEquals(a.toString(), status, a.status());
        assertEquals(a.toString(), field, a.errorField());
    }

    private static String session(List<Event> events, String caller) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            for (Event e : events) {
                if (CallEvents.ENDED.equals(e.getTopic()) && String.valueOf(e.getProperty(CallEvents.CALLER)).endsWith(caller)) {
                    return (String) e.getProperty(CallEvents.SESSION_ID);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no ENDED for caller " + caller);
    }

    private String shell(String command) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessions.create(
                new java.io.ByteArrayInputStream(new byte[0]), out, out);
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static final String MENU = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HWELCOME000000000000000A","type":"prompt","label":"Welcome",
               "params":{"prompt":{"mode":"tts","text":"Welcome"},"interruptible":true,"play_count":1}},
              {"id":"01HMENU0000000000000000000","type":"branch","label":"Menu",
               "params":{"prompt":{"mode":"tts","text":"Press one for support, two for sales"},
                         "keys":[{"digit":"1","label":"Support"},{"digit":"2","label":"Sales"}],
                         "timeout_s":10,"max_errors":3,"on_max_errors":"hangup"}},
              {"id":"01HSALES000000000000000000","type":"prompt","label":"Sales",
               "params":{"prompt":{"mode":"tts","text":"Sales"},"interruptible":false,"play_count":1}},
              {"id":"01HBYE1000000000000000000A","type":"end","label":"Bye one"},
              {"id":"01HBYE2000000000000000000A","type":"end","label":"Bye two"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HWELCOME000000000000000A"},
              {"from_node":"01HWELCOME000000000000000A","from_port":"next","to_node":"01HMENU0000000000000000000"},
              {"from_node":"01HMENU0000000000000000000","from_port":"key:1","to_node":"01HBYE1000000000000000000A"},
              {"from_node":"01HMENU0000000000000000000","from_port":"key:2","to_node":"01HSALES000000000000000000"},
              {"from_node":"01HSALES000000000000000000","from_port":"next","to_node":"01HBYE2000000000000000000A"}]}""";

    private static String landline() {
        return "0" + (210 + ThreadLocalRandom.current().nextInt(80)) + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String mobile() {
        return "13" + (100_000_000 + ThreadLocalRandom.current().nextInt(800_000_000));
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    private static int mediaPort(String ip) {
        for (int n = 0; n < 50; n++) {
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
