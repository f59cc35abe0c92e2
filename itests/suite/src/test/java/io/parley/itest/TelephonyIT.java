package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * Telephony resources over real HTTP on the booted distribution: one or two assertions per
 * SPEC rule of §1–3 (channels, numbers), §10 (audio files), §12 (SIP phones), §17 (hot words).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class TelephonyIT {

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Inject
    SessionFactory sessions;

    private Api admin;
    private String password;
    private String inst;
    private long instanceId;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    @Before
    public void connect() {
        password = Api.adminPassword(auth);
        admin = Api.appliance().basic("admin", password);
        instanceId = instances.defaultInstance().id();
        inst = "/instances/" + instanceId;
    }

    // ---- §17 hot words ----

    @Test
    public void hotWordLimitsAndAnExportImportRoundTrip() {
        assertError(admin.post(inst + "/hot-words", "{\"name\":\"refund\",\"weight\":11}"), 422, "INVALID", "weight");
        assertError(admin.post(inst + "/hot-words", "{\"name\":\"" + "a".repeat(21) + "\"}"), 422, "INVALID", "name");
        assertEquals(201, admin.post(inst + "/hot-words", "{\"name\":\"退款\",\"weight\":7}").status());
        assertEquals(201, admin.post(inst + "/hot-words", "{\"name\":\"mysql-5\"}").status());

        Answer exported = raw("GET", inst + "/hot-words:export", null, null);
        assertEquals(200, exported.status());
        assertTrue(exported.text(), exported.text().contains("退款|7\n"));
        assertEquals(200, raw("POST", inst + "/hot-words:import", "text/plain; charset=utf-8",
                exported.bytes()).status());
        assertEquals(exported.text(), raw("GET", inst + "/hot-words:export", null, null).text());

        // a bad line is reported by number and nothing changes
        Answer bad = raw("POST", inst + "/hot-words:import", "text/plain; charset=utf-8",
                "ok|3\nbad|99\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(bad.text(), 422, bad.status());
        assertTrue(bad.text(), bad.text().contains("line 2"));
        assertEquals(exported.text(), raw("GET", inst + "/hot-words:export", null, null).text());

        // at most 1000
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append("w").append(i).append("|5\n");
        }
        assertEquals(422, raw("POST", inst + "/hot-words:import", "text/plain", many.toString()
                .getBytes(StandardCharsets.UTF_8)).status());
    }

    // ---- §12 SIP phones ----

    @Test
    public void phoneExtensionRules() {
        assertError(admin.post(inst + "/phones", "{\"extension\":\"9001\",\"name\":\"Desk\"}"), 422, "INVALID", "extension");
        assertError(admin.post(inst + "/phones", "{\"extension\":\"123\",\"name\":\"Desk\"}"), 422, "INVALID", "extension");
        String ext = "7" + (100 + ThreadLocalRandom.current().nextInt(800));
        Api.Answer group = admin.post(inst + "/skill-groups", "{\"name\":\"Phones " + ext + "\",\"extension\":\"" + ext + "\"}");
        assertEquals(group.toString(), 201, group.status());
        assertError(admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\",\"name\":\"Desk\"}"), 409, "CONFLICT",
                "extension");
        Api.Answer phone = admin.post(inst + "/phones", "{\"extension\":\"" + ext + "1\",\"name\":\"Desk\"}");
        assertEquals(phone.toString(), 201, phone.status());
        assertEquals(20, phone.json().get("sip_password").asText().length());
        assertFalse(admin.get(inst + "/phones/" + ext + "1").body().contains("sip_password"));
    }

    // ---- §1–3 channels and numbers ----

    @Test
    public void channelRulesPerDockingMode() {
        String n = unique();
        assertError(admin.post("/sip-channels", "{\"name\":\"T" + n + "\",\"device_type\":\"sip_trunk\","
                + "\"docking_mode\":\"public_trunk\"}"), 422, "INVALID", "peers");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\",\"device_type\":\"sip_trunk\","
                + "\"docking_mode\":\"carrier_account\",\"username\":\"acct1\",\"password\":\"weakpass\","
                + "\"server_host\":\"sip.example.com\"}"), 422, "INVALID", "password");
        Api.Answer gw = admin.post("/sip-channels", "{\"name\":\"G" + n + "\",\"device_type\":\"e1_t1\","
                + "\"docking_mode\":\"appliance_account\"}");
        assertEquals(gw.toString(), 201, gw.status());
        assertTrue(gw.json().get("gateway_username").asText().startsWith("gateway"));
        assertNotNull(gw.json().get("gateway_password"));
        long id = gw.json().get("id").asLong();
        assertFalse(admin.get("/sip-channels/" + id).body().contains("gateway_password"));
        assertError(admin.patch("/sip-channels/" + id, "{\"docking_mode\":\"public_trunk\"}"), 422, "INVALID",
                "docking_mode");
        assertError(admin.post("/sip-channels", "{\"name\":\"g" + n + "\",\"device_type\":\"e1_t1\","
                + "\"docking_mode\":\"appliance_account\"}"), 409, "CONFLICT", "name");
        assertEquals(204, admin.delete("/sip-channels/" + id).status());
    }

    @Test
    public void numbersAreAddedAllOrNothingAndHoldTheirChannel() {
        Api.Answer trunk = admin.post("/sip-channels", "{\"name\":\"N" + unique() + "\",\"device_type\":\"sip_trunk\","
                + "\"docking_mode\":\"public_trunk\",\"peers\":[{\"ip\":\"203.0.113.7\"}]}");
        assertEquals(trunk.toString(), 201, trunk.status());
        assertEquals(5060, trunk.json().path("peers").get(0).get("port").asInt());
        long channel = trunk.json().get("id").asLong();
        String area = "0" + (200 + ThreadLocalRandom.current().nextInt(700));
        String landline = area + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));

        // a mobile number in row 1 refuses the whole request
        assertError(admin.post("/sip-channels/" + channel + "/numbers", "{\"numbers\":[{\"number\":\"" + landline
                + "\",\"instance_id\":" + instanceId + "},{\"number\":\"13800138000\",\"instance_id\":" + instanceId
                + "}]}"), 422, "INVALID", "numbers[1].number");
        assertEquals(0, admin.get("/sip-channels/" + channel + "/numbers").json().get("total").asInt());
        assertError(admin.post("/sip-channels/" + channel + "/numbers", "{\"numbers\":[{\"number\":\"" + landline
                + "\",\"instance_id\":" + instanceId + ",\"has_outbound_prefix\":true,\"outbound_prefix\":\"12345678901\"}]}"),
                422, "INVALID", "numbers[0].outbound_prefix");

        Api.Answer added = admin.post("/sip-channels/" + channel + "/numbers", "{\"numbers\":[{\"number\":\"" + landline
                + "\",\"instance_id\":" + instanceId + "}]}");
        assertEquals(added.toString(), 201, added.status());
        JsonNode number = added.json().get("items").get(0);
        assertEquals("0086" + landline, number.get("number").asText());
        assertEquals(0, number.get("max_concurrent_calls").asInt());
        assertEquals("inbound_outbound", number.get("call_type").asText());
        long numberId = number.get("id").asLong();

        // unique appliance-wide, and a channel holding numbers cannot be deleted
        assertError(admin.post("/sip-channels/" + channel + "/numbers", "{\"numbers\":[{\"number\":\"+86" + landline.substring(1)
                + "\",\"instance_id\":" + instanceId + "}]}"), 409, "CONFLICT", "numbers[0].number");
        assertError(admin.delete("/sip-channels/" + channel), 409, "CONFLICT", null);

        // instance-level settings (§3)
        assertEquals(1, admin.get(inst + "/numbers?q=" + landline.substring(1)).json().get("total").asInt());
        assertError(admin.patch(inst + "/numbers/" + numberId, "{\"max_concurrent_calls\":-1}"), 422, "INVALID",
                "max_concurrent_calls");
        assertError(admin.patch(inst + "/numbers/" + numberId, "{\"call_type\":\"both\"}"), 422, "INVALID", "call_type");
        Api.Answer edited = admin.patch(inst + "/numbers/" + numberId, "{\"max_concurrent_calls\":30,\"call_type\":\"inbound\"}");
        assertEquals(edited.toString(), 200, edited.status());
        assertEquals(30, edited.json().get("max_concurrent_calls").asInt());

        assertEquals(204, admin.delete("/sip-channels/" + channel + "/numbers/" + numberId).status());
        assertEquals(204, admin.delete("/sip-channels/" + channel).status());
    }

    // ---- §10 audio files ----

    @Test
    public void audioUploadsAreCheckedByContentAndDecodedTo8kPcm() throws Exception {
        byte[] mp3 = sox("tone.mp3", "-r", "22050", "-c", "1");
        Answer up = raw("POST", inst + "/audio-files?name=Welcome&file_name=welcome.mp3", "audio/mpeg", mp3);
        assertEquals(up.text(), 201, up.status());
        JsonNode a = Api.JSON.readTree(up.text());
        assertEquals("mp3", a.get("format").asText());
        assertEquals("approved", a.get("review_status").asText());
        assertEquals(2000, a.get("duration_ms").asLong(), 120);
        Answer wav = raw("GET", inst + "/audio-files/" + a.get("id").asText() + "/content", null, null);
        assertEquals(200, wav.status());
        assertEquals("RIFF", new String(wav.bytes(), 0, 4, StandardCharsets.US_ASCII));
        long samples = (wav.bytes().length - 44) / 2;
        assertEquals(a.get("duration_ms").asLong(), samples * 1000 / 8000, 1);

        // a WAV named .mp3 is a WAV; multipart upload
        byte[] stereo = sox("tone.wav", "-r", "44100", "-c", "2");
        Answer multi = multipart(inst + "/audio-files", "Stereo", "named-wrong.mp3", stereo);
        assertEquals(multi.text(), 201, multi.status());
        JsonNode w = Api.JSON.readTree(multi.text());
        assertEquals("wav", w.get("format").asText());
        assertEquals(2000, w.get("duration_ms").asLong(), 2);

        // a PNG renamed .mp3, and a file one byte over 5 MB
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertErrorRaw(multipart(inst + "/audio-files", "Logo", "logo.mp3", png), 422, "file");
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(mp3, 0, big, 0, mp3.length);
        assertErrorRaw(raw("POST", inst + "/audio-files?name=Big", "audio/mpeg", big), 422, "file");

        assertEquals(200, admin.patch(inst + "/audio-files/" + w.get("id").asText(), "{\"name\":\"Renamed\"}").status());
        assertEquals(204, admin.delete(inst + "/audio-files/" + w.get("id").asText()).status());
        assertEquals(404, admin.get(inst + "/audio-files/" + w.get("id").asText()).status());
    }

    // ---- §2–3 number tags, filters, bulk edit, approval, location ----

    @Test
    public void numberTagsFiltersBulkEditApprovalAndDerivedLocation() {
        long channel = publicTrunk();
        String digits = Long.toString(10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        Api.Answer added = admin.post("/sip-channels/" + channel + "/numbers", "{\"numbers\":[{\"number\":\"0755" + digits
                + "\",\"instance_id\":" + instanceId + "},{\"number\":\"+86 10 " + digits + "\",\"instance_id\":"
                + instanceId + "}]}");
        assertEquals(added.toString(), 201, added.status());
        JsonNode shenzhen = added.json().get("items").get(0);
        JsonNode beijing = added.json().get("items").get(1);
        assertEquals("Shenzhen", shenzhen.get("location").asText());
        assertEquals("Beijing", beijing.get("location").asText());
        assertEquals("active", shenzhen.get("status").asText());
        assertTrue(shenzhen.get("usable").asBoolean());
        long n0 = shenzhen.get("id").asLong();
        long n1 = beijing.get("id").asLong();
        String numbers = inst + "/numbers/";
        try {
            // location: admin override, and an empty string gives the derived one back
            assertEquals("Nanshan", admin.patch(numbers + n0, "{\"location\":\"Nanshan\"}").json().get("location").asText());
            assertEquals("Shenzhen", admin.patch(numbers + n0, "{\"location\":\"\"}").json().get("location").asText());
            assertError(admin.patch(numbers + n0, "{\"location\":\"" + "x".repeat(65) + "\"}"), 422, "INVALID", "location");

            // tags: 1..20 characters, unique ignoring case, must exist to be used
            String tag = "T" + digits;
            assertError(admin.post(inst + "/number-tags", "{\"name\":\"" + "t".repeat(21) + "\"}"), 422, "INVALID", "name");
            assertError(admin.post(inst + "/number-tags", "{\"name\":\"\"}"), 422, "INVALID", "name");
            Api.Answer created = admin.post(inst + "/number-tags", "{\"name\":\"" + tag + "\"}");
            assertEquals(created.toString(), 201, created.status());
            long tagId = created.json().get("id").asLong();
            assertError(admin.post(inst + "/number-tags", "{\"name\":\"" + tag.toLowerCase() + "\"}"), 409, "CONFLICT", "name");
            assertError(admin.patch(numbers + n0, "{\"tags\":[\"" + tag + "\",\"missing" + digits + "\"]}"), 422, "INVALID",
                    "tags[1]");
            Api.Answer tagged = admin.patch(numbers + n0, "{\"tags\":[\"" + tag.toLowerCase() + "\"]}");
            assertEquals(tagged.toString(), 200, tagged.status());
            assertEquals(tag, tagged.json().get("tags").get(0).asText());
            JsonNode byTag = admin.get(inst + "/numbers?tag=" + tag).json();
            assertEquals(1, byTag.get("total").asInt());
            assertEquals(n0, byTag.get("items").get(0).get("id").asLong());
            assertEquals(1, admin.get(inst + "/numbers?untagged=true&q=86010" + digits).json().get("total").asInt());
            assertEquals(0, admin.get(inst + "/numbers?untagged=true&q=860755" + digits).json().get("total").asInt());
            assertError(admin.get(inst + "/numbers?untagged=maybe"), 400, "MALFORMED", "untagged");
            assertError(admin.get(inst + "/numbers?tag=missing" + digits), 422, "INVALID", "tag");
            assertError(admin.get(inst + "/numbers?status=gone"), 422, "INVALID", "status");
            JsonNode summary = admin.get(inst + "/number-tags").json();
            assertEquals(1, tagCount(summary, tag));
            assertTrue(summary.toString(), summary.get("all").asLong() >= 2);
            assertTrue(summary.toString(), summary.get("untagged").asLong() >= 1);

            // bulk edit: all or nothing; the error names the number and the field
            Api.Answer bad = admin.post(inst + "/numbers:bulk-edit", "{\"ids\":[" + n1 + "," + n0 + "],\"changes\":"
                    + "{\"max_concurrent_calls\":5,\"has_outbound_prefix\":true,\"outbound_prefix\":\"990755\"}}");
            assertError(bad, 422, "INVALID", "ids[1].outbound_prefix");
            assertTrue(bad.toString(), bad.body().contains("number " + n0 + " (00860755" + digits + ")"));
            assertEquals(0, admin.get(numbers + n1).json().get("max_concurrent_calls").asInt());
            assertError(admin.post(inst + "/numbers:bulk-edit", "{\"ids\":[],\"changes\":{\"max_concurrent_calls\":5}}"),
                    422, "INVALID", "ids");
            assertError(admin.post(inst + "/numbers:bulk-edit", "{\"ids\":[" + n0 + "],\"changes\":{}}"), 422, "INVALID",
                    "changes");
            assertError(admin.post(inst + "/numbers:bulk-edit", "{\"ids\":[" + n0 + "],\"changes\":{\"speed\":1}}"), 400,
                    "MALFORMED", "changes.speed");
            Api.Answer bulk = admin.post(inst + "/numbers:bulk-edit", "{\"ids\":[" + n0 + "," + n1 + "],\"changes\":"
                    + "{\"max_concurrent_calls\":5,\"tags\":[\"" + tag + "\"],\"status\":\"disabled\"}}");
            assertEquals(bulk.toString(), 200, bulk.status());
            for (long id : new long[] {n0, n1}) {
                JsonNode n = admin.get(numbers + id).json();
                assertEquals(5, n.get("max_concurrent_calls").asInt());
                assertEquals("disabled", n.get("status").asText());
                assertFalse(n.get("usable").asBoolean());
            }
            assertEquals(2, tagCount(admin.get(inst + "/number-tags").json(), tag));
            assertTrue(admin.patch(numbers + n0, "{\"status\":\"active\"}").json().get("usable").asBoolean());

            // deleting a tag removes it from its numbers
            assertEquals(204, admin.delete(inst + "/number-tags/" + tagId).status());
            assertEquals(0, admin.get(numbers + n0).json().get("tags").size());
            assertEquals(404, admin.delete(inst + "/number-tags/" + tagId).status());

            // approval: off by default, then new numbers wait for approve or reject
            assertFalse(admin.get(inst + "/settings/numbers").json().get("number_approval_required").asBoolean());
            assertError(admin.post(numbers + n0 + ":approve", null), 409, "CONFLICT", "number_approval_required");
            assertError(admin.patch(inst + "/settings/numbers", "{\"number_approval_required\":\"yes\"}"), 400,
                    "MALFORMED", "number_approval_required");
            assertTrue(admin.patch(inst + "/settings/numbers", "{\"number_approval_required\":true}").json()
                    .get("number_approval_required").asBoolean());
            Api.Answer waiting = admin.post("/sip-channels/" + channel + "/numbers", "{\"numbers\":[{\"number\":\"0571"
                    + digits + "\",\"instance_id\":" + instanceId + "},{\"number\":\"020" + digits + "\",\"instance_id\":"
                    + instanceId + "}]}");
            assertEquals(waiting.toString(), 201, waiting.status());
            long p0 = waiting.json().get("items").get(0).get("id").asLong();
            long p1 = waiting.json().get("items").get(1).get("id").asLong();
            assertEquals("pending_approval", waiting.json().get("items").get(0).get("status").asText());
            assertFalse(waiting.json().get("items").get(0).get("usable").asBoolean());
            assertError(admin.patch(numbers + p0, "{\"status\":\"active\"}"), 409, "CONFLICT", "status");
            Api.Answer approved = admin.post(numbers + p0 + ":approve", null);
            assertEquals(approved.toString(), 200, approved.status());
            assertTrue(approved.json().get("usable").asBoolean());
            assertEquals("rejected", admin.post(numbers + p1 + ":reject", null).json().get("status").asText());
            assertError(admin.post(numbers + p1 + ":approve", null), 409, "CONFLICT", "status");
            assertEquals(1, admin.get(inst + "/numbers?status=rejected&q=86020" + digits).json().get("total").asInt());
            assertEquals(204, admin.delete("/sip-channels/" + channel + "/numbers/" + p0).status());
            assertEquals(204, admin.delete("/sip-channels/" + channel + "/numbers/" + p1).status());
        } finally {
            admin.patch(inst + "/settings/numbers", "{\"number_approval_required\":false}");
        }
        assertEquals(204, admin.delete("/sip-channels/" + channel + "/numbers/" + n0).status());
        assertEquals(204, admin.delete("/sip-channels/" + channel + "/numbers/" + n1).status());
        assertEquals(204, admin.delete("/sip-channels/" + channel).status());
    }

    // ---- §10 audio in use, §3.1 inbound failure prompt ----

    @Test
    public void anAudioFilePlayedByANumberCannotBeDeleted() throws IOException {
        Answer up = raw("POST", inst + "/audio-files?name=Sorry&file_name=sorry.wav", "audio/wav", wav(8000));
        assertEquals(up.text(), 201, up.status());
        String audioId = Api.JSON.readTree(up.text()).get("id").asText();
        long channel = publicTrunk();
        Api.Answer added = admin.post("/sip-channels/" + channel + "/numbers", "{\"numbers\":[{\"number\":\"0571"
                + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999)) + "\",\"instance_id\":" + instanceId + "}]}");
        assertEquals(added.toString(), 201, added.status());
        long number = added.json().get("items").get(0).get("id").asLong();
        String path = inst + "/numbers/" + number;
        assertError(admin.patch(path, "{\"inbound_failure_prompt\":{\"mode\":\"tts\",\"text\":\"" + "x".repeat(601) + "\"}}"),
                422, "INVALID", "inbound_failure_prompt.text");
        assertError(admin.patch(path, "{\"inbound_failure_prompt\":{\"mode\":\"audio\"}}"), 422, "INVALID",
                "inbound_failure_prompt.audio_id");
        assertError(admin.patch(path, "{\"inbound_failure_prompt\":{\"mode\":\"video\"}}"), 422, "INVALID",
                "inbound_failure_prompt.mode");
        Api.Answer bound = admin.patch(path, "{\"inbound_failure_prompt\":{\"mode\":\"audio\",\"audio_id\":\"" + audioId
                + "\"}}");
        assertEquals(bound.toString(), 200, bound.status());
        assertEquals(audioId, bound.json().get("inbound_failure_prompt").get("audio_id").asText());

        Api.Answer refused = admin.delete(inst + "/audio-files/" + audioId);
        assertEquals(refused.toString(), 409, refused.status());
        assertTrue(refused.toString(), refused.body().contains("number " + number + " ("));
        assertEquals(200, admin.get(inst + "/audio-files/" + audioId).status());

        assertEquals(200, admin.patch(path, "{\"inbound_failure_prompt\":null}").status());
        assertEquals(204, admin.delete(inst + "/audio-files/" + audioId).status());
        assertEquals(204, admin.delete("/sip-channels/" + channel + "/numbers/" + number).status());
        assertEquals(204, admin.delete("/sip-channels/" + channel).status());
    }

    // ---- completeness: every §1, §2, §3, §10, §12, §17 limit over HTTP, with its status and field ----

    @Test
    public void everyChannelAndNumberLimitIsRefusedNamingTheField() {
        String n = unique();
        String carrier = "\"device_type\":\"sip_trunk\",\"docking_mode\":\"carrier_account\",\"username\":\"acct1\","
                + "\"password\":\"Str0ng!pass\",\"server_host\":\"sip.example.com\"";
        assertError(admin.post("/sip-channels", "{\"name\":\"\",\"device_type\":\"analog\",\"docking_mode\":"
                + "\"appliance_account\"}"), 422, "INVALID", "name");
        assertError(admin.post("/sip-channels", "{\"name\":\"" + "c".repeat(65) + "\",\"device_type\":\"analog\","
                + "\"docking_mode\":\"appliance_account\"}"), 422, "INVALID", "name");
        assertError(admin.post("/sip-channels", "{\"name\":\"M" + n + "\",\"number_type\":\"mobile\","
                + "\"device_type\":\"analog\",\"docking_mode\":\"appliance_account\"}"), 422, "INVALID", "number_type");
        assertError(admin.post("/sip-channels", "{\"name\":\"D" + n + "\",\"device_type\":\"gsm\","
                + "\"docking_mode\":\"appliance_account\"}"), 422, "INVALID", "device_type");
        assertError(admin.post("/sip-channels", "{\"name\":\"D" + n + "\",\"device_type\":\"analog\"}"), 422,
                "INVALID", "docking_mode");
        assertError(admin.post("/sip-channels", "{\"name\":\"P" + n + "\",\"device_type\":\"sip_trunk\","
                + "\"docking_mode\":\"public_trunk\",\"peers\":[{\"ip\":\"carrier.example.com\"}]}"), 422, "INVALID",
                "peers[0].ip");
        assertError(admin.post("/sip-channels", "{\"name\":\"P" + n + "\",\"device_type\":\"sip_trunk\","
                + "\"docking_mode\":\"public_trunk\",\"peers\":[{\"ip\":\"2001:db8::1\",\"port\":0}]}"), 422, "INVALID",
                "peers[0].port");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier.replace("acct1", "acct_1") + "}"),
                422, "INVALID", "username");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier.replace("sip.example.com",
                "bad host!") + "}"), 422, "INVALID", "server_host");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier + ",\"server_port\":65536}"),
                422, "INVALID", "server_port");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier + ",\"transport\":\"sctp\"}"),
                422, "INVALID", "transport");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier + ",\"registration_expiry_s\":59}"),
                422, "INVALID", "registration_expiry_s");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier
                + ",\"registration_expiry_s\":86401}"), 422, "INVALID", "registration_expiry_s");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier + ",\"peers\":[]}"), 422, "INVALID",
                "peers");
        assertError(admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier + ",\"colour\":\"red\"}"), 400,
                "MALFORMED", "colour");
        Api.Answer ok = admin.post("/sip-channels", "{\"name\":\"C" + n + "\"," + carrier + "}");
        assertEquals(ok.toString(), 201, ok.status());
        assertEquals("udp", ok.json().get("transport").asText());
        assertEquals(3600, ok.json().get("registration_expiry_s").asInt());
        assertFalse("the carrier password is write-only", ok.body().contains("Str0ng!pass"));
        long channel = ok.json().get("id").asLong();

        String add = "/sip-channels/" + channel + "/numbers";
        String landline = "021" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String row = "{\"numbers\":[{\"number\":\"" + landline + "\",\"instance_id\":" + instanceId;
        assertError(admin.post(add, "{\"numbers\":[{\"number\":\"" + landline + "\"}]}"), 422, "INVALID",
                "numbers[0].instance_id");
        assertError(admin.post(add, "{\"numbers\":[]}"), 422, "INVALID", "numbers");
        assertError(admin.post(add, "{\"numbers\":[{\"number\":\"abc\",\"instance_id\":" + instanceId + "}]}"), 422,
                "INVALID", "numbers[0].number");
        assertError(admin.post(add, row + ",\"outbound_prefix\":\"99\"}]}"), 422, "INVALID", "numbers[0].outbound_prefix");
        assertError(admin.post(add, row + ",\"has_outbound_prefix\":true}]}"), 422, "INVALID", "numbers[0].outbound_prefix");
        assertError(admin.post(add, row + ",\"has_outbound_prefix\":true,\"outbound_prefix\":\"0086\"}]}"), 422, "INVALID",
                "numbers[0].outbound_prefix");
        assertError(admin.post(add, row + ",\"has_outbound_prefix\":true,\"outbound_prefix\":\"9a\"}]}"), 422, "INVALID",
                "numbers[0].outbound_prefix");
        assertError(admin.post(add, row + ",\"max_calls_per_second\":-1}]}"), 422, "INVALID",
                "numbers[0].max_calls_per_second");
        assertError(admin.post(add, row + ",\"call_type\":\"both\"}]}"), 422, "INVALID", "numbers[0].call_type");
        assertError(admin.post(add, row + ",\"last_outbound_agent_mode\":\"mode3\"}]}"), 422, "INVALID",
                "numbers[0].last_outbound_agent_mode");
        assertError(admin.post(add, row + ",\"outbound_skill_group_ids\":[999999999]}]}"), 422, "INVALID",
                "numbers[0].outbound_skill_group_ids[0]");
        assertError(admin.post(add, row + ",\"inbound_ivr_version\":\"V1\"}]}"), 422, "INVALID",
                "numbers[0].inbound_ivr_version");
        assertError(admin.post(add, row + ",\"inbound_ivr_id\":0}]}"), 422, "INVALID", "numbers[0].inbound_ivr_id");
        assertError(admin.post(add, row + ",\"status\":\"active\"}]}"), 400, "MALFORMED", "numbers[0].status");
        assertError(admin.post(add, row + ",\"max_concurrent_calls\":\"ten\"}]}"), 400, "MALFORMED",
                "numbers[0].max_concurrent_calls");
        // only a published version of an existing inbound flow can be bound (SPEC §3.2), 409 naming the number
        assertError(admin.post(add, row + ",\"inbound_ivr_id\":999999999}]}"), 409, "CONFLICT", "numbers[0].inbound_ivr_id");
        Api.Answer added = admin.post(add, row + ",\"prioritize_last_outbound_agent\":true}]}");
        assertEquals(added.toString(), 201, added.status());
        JsonNode number = added.json().get("items").get(0);
        assertEquals("mode2", number.get("last_outbound_agent_mode").asText());
        assertEquals("Shanghai", number.get("location").asText());
        long id = number.get("id").asLong();
        assertError(admin.patch(inst + "/numbers/" + id, "{\"number\":\"02100000000\"}"), 422, "INVALID", "number");
        assertError(admin.patch(inst + "/numbers/" + id, "{\"status\":\"rejected\"}"), 422, "INVALID", "status");
        assertEquals(404, admin.get(inst + "/numbers/999999999").status());
        assertEquals(204, admin.delete(add + "/" + id).status());
        assertEquals(204, admin.delete("/sip-channels/" + channel).status());
    }

    @Test
    public void everyPhoneAudioAndHotWordLimitIsRefusedNamingTheField() throws IOException {
        String ext = "6" + (100 + ThreadLocalRandom.current().nextInt(899));
        assertError(admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\"}"), 422, "INVALID", "name");
        assertError(admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\",\"name\":\"" + "p".repeat(33) + "\"}"),
                422, "INVALID", "name");
        assertError(admin.post(inst + "/phones", "{\"extension\":\"1234567\",\"name\":\"Desk\"}"), 422, "INVALID",
                "extension");
        assertError(admin.post(inst + "/phones", "{\"extension\":\"0123\",\"name\":\"Desk\"}"), 422, "INVALID",
                "extension");
        assertError(admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\",\"name\":\"Desk\",\"transport\":"
                + "\"sctp\"}"), 422, "INVALID", "transport");
        Api.Answer phone = admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\",\"name\":\"Desk\"}");
        assertEquals(phone.toString(), 201, phone.status());
        assertEquals("tls", phone.json().get("transport").asText());
        assertError(admin.post(inst + "/phones", "{\"extension\":\"" + ext + "\",\"name\":\"Desk 2\"}"), 409,
                "CONFLICT", "extension");
        assertError(admin.patch(inst + "/phones/" + ext, "{\"extension\":\"" + ext + "1\"}"), 422, "INVALID", "extension");
        assertError(admin.patch(inst + "/phones/" + ext, "{\"binding\":{\"type\":\"robot\"}}"), 422, "INVALID",
                "binding.type");
        assertError(admin.patch(inst + "/phones/" + ext, "{\"binding\":{\"type\":\"skill_group\","
                + "\"skill_group_ids\":[999999999]}}"), 422, "INVALID", "binding.skill_group_ids[0]");
        assertError(admin.patch(inst + "/phones/" + ext, "{\"binding\":{\"type\":\"agent\",\"agent_id\":\"999999999\"}}"),
                422, "INVALID", "binding.agent_id");
        // §12.2 provisioning: the extension everywhere, the SIP domain as registrar, TLS on 5061 by default
        JsonNode p = admin.get(inst + "/phones/" + ext + "/provisioning").json();
        assertEquals(ext, p.get("label").asText());
        assertEquals(ext, p.get("display_name").asText());
        assertEquals(ext, p.get("username").asText());
        assertEquals(ext, p.get("auth_name").asText());
        assertEquals(p.get("sip_domain").asText(), p.get("registrar").asText());
        assertEquals("tls", p.get("transport").asText());
        // the test container moves the SIP ports off 5060/5061 (ParleyContainer); the proxy uses the TLS one
        int tls = p.get("server_ports").get("tls").asInt();
        assertTrue(p.toString(), tls > 0 && tls != p.get("server_ports").get("udp").asInt());
        assertTrue(p.toString(), p.get("outbound_proxy1").asText().endsWith(":" + tls));
        assertEquals(3600, p.get("registration_expiry_seconds").asInt());
        assertFalse(p.toString(), p.toString().contains(phone.json().get("sip_password").asText()));
        assertEquals(204, admin.delete(inst + "/phones/" + ext).status());

        // §10 audio files
        assertErrorRaw(raw("POST", inst + "/audio-files?file_name=a.wav", "audio/wav", wav(800)), 422, "name");
        assertErrorRaw(raw("POST", inst + "/audio-files?name=" + "a".repeat(65), "audio/wav", wav(800)), 422, "name");
        assertErrorRaw(raw("POST", inst + "/audio-files?name=Empty", "audio/wav", new byte[0]), 422, "file");
        Answer up = raw("POST", inst + "/audio-files?name=Limits", "audio/wav", wav(800));
        assertEquals(up.text(), 201, up.status());
        String audio = Api.JSON.readTree(up.text()).get("id").asText();
        assertError(admin.patch(inst + "/audio-files/" + audio, "{\"name\":\"\"}"), 422, "INVALID", "name");
        assertError(admin.post(inst + "/audio-files/" + audio + ":approve", null), 409, "CONFLICT", "review_status");
        assertError(admin.get(inst + "/audio-files?page_size=101"), 422, "INVALID", "page_size");
        assertEquals(204, admin.delete(inst + "/audio-files/" + audio).status());

        // §17 hot words
        String w = "hw" + unique();
        assertError(admin.post(inst + "/hot-words", "{\"name\":\"" + w + "\",\"weight\":0}"), 422, "INVALID", "weight");
        assertError(admin.post(inst + "/hot-words", "{\"name\":\"two words\"}"), 422, "INVALID", "name");
        assertError(admin.post(inst + "/hot-words", "{\"name\":\"dot.ted\"}"), 422, "INVALID", "name");
        assertError(admin.post(inst + "/hot-words", "{\"name\":\"" + "语".repeat(11) + "\"}"), 422, "INVALID", "name");
        // weighted length (SPEC §0.2, §34 p49): CJK counts 2, so 10 CJK + 1 letter = 21 > 20
        assertError(admin.post(inst + "/hot-words", "{\"name\":\"" + "语".repeat(10) + "a\"}"), 422, "INVALID", "name");
        Api.Answer word = admin.post(inst + "/hot-words", "{\"name\":\"" + w + "\"}");
        assertEquals(word.toString(), 201, word.status());
        assertEquals("SPEC §34 p62: default weight 10", 10, word.json().get("weight").asInt());
        assertError(admin.post(inst + "/hot-words", "{\"name\":\"" + w.toUpperCase() + "\"}"), 409, "CONFLICT", "name");
        assertError(admin.patch(inst + "/hot-words/" + word.json().get("id").asLong(), "{\"weight\":11}"), 422, "INVALID",
                "weight");
        assertError(admin.post(inst + "/hot-words:bulk-delete", "{\"ids\":[]}"), 422, "INVALID", "ids");
        Answer tooBig = raw("POST", inst + "/hot-words:import", "text/plain; charset=utf-8",
                ("a|1\n".repeat(25_601)).getBytes(StandardCharsets.UTF_8));
        assertEquals(tooBig.text(), 422, tooBig.status());
        assertEquals(204, admin.delete(inst + "/hot-words/" + word.json().get("id").asLong()).status());
    }

    // ---- the shell shares the services' rules ----

    @Test
    public void numberTagApprovalAndBulkEditCommands() throws Exception {
        awaitCommands("number-tag-add", "number-tag-list", "number-tag-delete", "number-settings", "number-bulk-edit",
                "number-approve", "number-list");
        expectFailure("parley:number-tag-add " + "t".repeat(21), "INVALID name: must be 1..20 characters");
        String tag = "S" + unique();
        String created = shell("parley:number-tag-add " + tag);
        assertTrue(created, created.startsWith("Created number tag "));
        long tagId = Long.parseLong(created.split(" ")[3]);
        expectFailure("parley:number-tag-add " + tag.toLowerCase(), "CONFLICT name: number tag '" + tag + "'");
        String list = shell("parley:number-tag-list");
        assertTrue(list, list.contains("Untagged") && list.contains("All") && list.contains(tag));
        assertTrue(shell("parley:number-settings").contains("number_approval_required false"));
        expectFailure("parley:number-bulk-edit --max-concurrent 5 999999999",
                "INVALID ids[0]: number 999999999 does not exist in instance " + instanceId);
        expectFailure("parley:number-approve 999999999", "NOT_FOUND number 999999999 does not exist");
        expectFailure("parley:number-list --status gone", "INVALID status: must be one of active, pending_approval");
        assertTrue(shell("parley:number-tag-delete " + tagId).contains("Deleted number tag " + tagId));
        assertFalse(shell("parley:number-tag-list").contains(tag));
    }

    @Test
    public void openApiDocumentsTheTelephonyResources() {
        JsonNode paths = admin.get("/openapi.json").json().get("paths");
        for (String p : List.of("/sip-channels", "/sip-channels/{id}", "/sip-channels/{id}/numbers",
                "/instances/{instanceId}/numbers/{id}", "/instances/{instanceId}/audio-files",
                "/instances/{instanceId}/audio-files/{id}/content", "/instances/{instanceId}/phones",
                "/instances/{instanceId}/hot-words:import", "/instances/{instanceId}/numbers:bulk-edit",
                "/instances/{instanceId}/number-tags", "/instances/{instanceId}/number-tags/{id}",
                "/instances/{instanceId}/numbers/{id}:approve", "/instances/{instanceId}/numbers/{id}:reject",
                "/instances/{instanceId}/settings/numbers")) {
            assertNotNull(p, paths.get(p));
        }
    }

    // ---- helpers ----

    /** Karaf registers commands once their services are up: wait for ours (as ShellIT does). */
    private void awaitCommands(String... names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String name : names) {
            while (sessions.getRegistry().getCommand("parley", name) == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("command parley:" + name + " never registered");
                }
                Thread.sleep(100);
            }
        }
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

    /** The command fails with a "CODE field: rule" text starting with {@code message}. */
    private void expectFailure(String command, String message) {
        try {
            String out = shell(command);
            throw new AssertionError(command + " succeeded: " + out);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            assertTrue(e.getMessage(), e.getMessage() != null && e.getMessage().startsWith(message));
        }
    }

    private long publicTrunk() {
        Api.Answer trunk = admin.post("/sip-channels", "{\"name\":\"N" + unique() + "\",\"device_type\":\"sip_trunk\","
                + "\"docking_mode\":\"public_trunk\",\"peers\":[{\"ip\":\"203.0.113.9\"}]}");
        assertEquals(trunk.toString(), 201, trunk.status());
        return trunk.json().get("id").asLong();
    }

    private static int tagCount(JsonNode summary, String tag) {
        for (JsonNode t : summary.get("items")) {
            if (t.get("name").asText().equals(tag)) {
                return t.get("numbers").asInt();
            }
        }
        throw new AssertionError("no tag " + tag + " in " + summary);
    }

    /** A WAV file of {@code samples} of an 8 kHz mono 16-bit 400 Hz tone, written here. */
    private static byte[] wav(int samples) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + 2 * samples).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000)
                .putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 400 * i / 8000.0)));
        }
        return b.array();
    }

    private static String unique() {
        return Long.toString(System.nanoTime() % 1_000_000_000L);
    }

    private static void assertError(Api.Answer a, int status, String code, String field) {
        assertEquals(a.toString(), status, a.status());
        assertEquals(a.toString(), code, a.errorCode());
        assertEquals(a.toString(), field, a.errorField());
    }

    private static void assertErrorRaw(Answer a, int status, String field) throws IOException {
        assertEquals(a.text(), status, a.status());
        assertEquals(a.text(), field, Api.JSON.readTree(a.text()).path("error").path("field").asText(null));
    }

    /** An answer with a binary body. */
    record Answer(int status, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Answer raw(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ParleyContainer.HTTP_PORT
                        + "/api/v1" + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> resp = HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(resp.statusCode(), resp.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Answer multipart(String path, String name, String fileName, byte[] file) throws IOException {
        String boundary = "parley" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return raw("POST", path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    /** Two seconds of a 440 Hz tone made by sox; the test is skipped, saying why, without sox. */
    private static byte[] sox(String name, String... options) throws Exception {
        Path dir = Files.createTempDirectory("parley-audio");
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("sox", "-n"));
        cmd.addAll(List.of(options));
        cmd.add(out.toString());
        cmd.addAll(List.of("synth", "2", "sine", "440"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !Files.exists(out)) {
                System.out.println("SKIPPED: sox cannot write " + name + " (apt-get install libsox-fmt-mp3): " + log);
                Assume.assumeTrue(false);
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            System.out.println("SKIPPED: sox is not installed (apt-get install sox libsox-fmt-mp3): " + e.getMessage());
            Assume.assumeTrue(false);
            return null;
        }
    }
}
