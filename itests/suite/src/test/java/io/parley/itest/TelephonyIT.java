package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.instance.InstanceService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    @Test
    public void openApiDocumentsTheTelephonyResources() {
        JsonNode paths = admin.get("/openapi.json").json().get("paths");
        for (String p : List.of("/sip-channels", "/sip-channels/{id}", "/sip-channels/{id}/numbers",
                "/instances/{instanceId}/numbers/{id}", "/instances/{instanceId}/audio-files",
                "/instances/{instanceId}/audio-files/{id}/content", "/instances/{instanceId}/phones",
                "/instances/{instanceId}/hot-words:import")) {
            assertNotNull(p, paths.get(p));
        }
    }

    // ---- helpers ----

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
