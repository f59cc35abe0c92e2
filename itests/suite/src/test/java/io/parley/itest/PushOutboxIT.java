package io.parley.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.api.auth.AuthenticationService;
import io.parley.api.event.RecordEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.push.PushOutbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The push outbox (SPEC §29.3) against a customer system on 127.0.0.1 (a JDK HTTP server in the
 * probe): a {@code parley/record/CLOSED} event posted here, as the records bundle posts it,
 * reaches the receiver with the §34 p42 payload, the idempotency key and the configured auth;
 * a failing receiver gets retries until it answers 200; queued items survive a restart of the
 * push bundle; stopping the HTTP sink's bundle holds items and starting it delivers them; the
 * settings refuse bad values naming the field.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PushOutboxIT {

    @Inject
    BundleContext context;

    @Inject
    EventAdmin events;

    @Inject
    AuthenticationService auth;

    @Inject
    InstanceService instances;

    @Inject
    ConfigurationAdmin configurations;

    @Inject
    org.apache.karaf.shell.api.console.SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return ParleyContainer.configuration();
    }

    /**
     * Retries after 1 s, then 2 s, so a test sees several in seconds (the 24 h window is the shipped
     * one). Set through Config Admin rather than the container's options: the suite shares one
     * container, booted with the options of whichever class runs first.
     */
    @Before
    public void shortRetries() throws Exception {
        org.osgi.service.cm.Configuration c = configurations.getConfiguration("io.parley.push", null);
        Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        if (!"1".equals(String.valueOf(p.get("retryInitialSeconds")))) {
            p.put("retryInitialSeconds", "1");
            p.put("retryMaxSeconds", "2");
            p.put("pollMillis", "200");
            p.put("publicBaseUrl", "https://parley.example.com:8443/api/v1");
            c.update(p);
        }
        waitUntil(() -> {
            ServiceReference<PushOutbox> r = context.getServiceReference(PushOutbox.class);
            return r != null && "1".equals(String.valueOf(r.getProperty("retryInitialSeconds")));
        }, "the push outbox running with short retries");
    }

    private long instance() {
        return instances.defaultInstance().id();
    }

    private Api admin() {
        return Api.appliance().asAdmin(auth);
    }

    /** Push on to the receiver with Basic auth, every kind. */
    private void pushToReceiver(Api admin) {
        Api.Answer a = admin.patch("/instances/" + instance() + "/settings/push", "{\"enabled\":true,\"url\":\""
                + Receiver.ONE.url("/push") + "\",\"auth\":\"basic\",\"username\":\"parley\",\"password\":\"s3cret\","
                + "\"oauth2\":null,\"push_cdr\":true,\"push_recording\":true,\"push_voicemail\":true,\"sink\":\"http\"}");
        assertEquals(a.toString(), 200, a.status());
    }

    private String closeRecord(String sessionId) {
        String record = "{\"session_id\":\"" + sessionId + "\",\"time\":1765101600,\"category\":\"telephone\","
                + "\"direction\":\"inbound\",\"caller_number\":\"008613988888352\",\"status\":\"normal_end\","
                + "\"duration_s\":42,\"ivr_path\":[{\"node_id\":\"main_menu\",\"label\":\"Start\"}]}";
        Map<String, Object> p = new HashMap<>();
        p.put(RecordEvents.SESSION_ID, sessionId);
        p.put(RecordEvents.INSTANCE_ID, instance());
        p.put(RecordEvents.RECORD_JSON, record);
        p.put(RecordEvents.TIMESTAMP, System.currentTimeMillis());
        events.postEvent(new Event(RecordEvents.CLOSED, p));
        return record;
    }

    private static String session() {
        return "itest-" + UUID.randomUUID();
    }

    @Test
    public void aClosedRecordReachesTheReceiverOnceWithTheSpecPayloadTheIdempotencyKeyAndBasicAuth() throws Exception {
        Api admin = admin();
        pushToReceiver(admin);
        String sid = session();
        closeRecord(sid);
        Receiver.Delivery d = Receiver.ONE.await(sid + ":cdr");
        assertEquals("Basic " + Base64.getEncoder().encodeToString("parley:s3cret".getBytes(StandardCharsets.UTF_8)),
                d.authorization());
        JsonNode body = Api.JSON.readTree(d.body());
        assertEquals("cdr", body.get("Kind").asText());
        assertEquals(instance(), body.get("SdkAppId").asLong());
        assertTrue(body.get("Timestamp").asLong() > 1_700_000_000L);
        assertEquals(sid, body.get("session_id").asText());
        assertEquals("normal_end", body.get("status").asText());
        assertEquals("main_menu", body.get("ivr_path").get(0).get("node_id").asText());

        // the same record posted again is not queued again; a later one goes through, and the first stays at one
        closeRecord(sid);
        String later = session();
        closeRecord(later);
        Receiver.ONE.await(later + ":cdr");
        assertEquals(1, Receiver.ONE.count(sid + ":cdr"));

        // recording and voicemail: metadata and download URL
        Map<String, Object> p = new HashMap<>();
        p.put(RecordEvents.SESSION_ID, sid);
        p.put(RecordEvents.INSTANCE_ID, instance());
        p.put(RecordEvents.RECORDING_ID, "r-1");
        p.put(RecordEvents.KIND, "recording");
        p.put(RecordEvents.FILE, "/nonexistent.wav");
        p.put(RecordEvents.DURATION_S, 61);
        p.put(RecordEvents.CHANNELS, 2);
        events.postEvent(new Event(RecordEvents.RECORDING_READY, p));
        JsonNode rec = Api.JSON.readTree(Receiver.ONE.await(sid + ":recording").body());
        assertEquals("recording", rec.get("Kind").asText());
        assertEquals(sid, rec.get("SessionId").asText());
        assertEquals("https://parley.example.com:8443/api/v1/instances/" + instance() + "/records/" + sid
                + "/recording?download=1", rec.get("Url").asText());
        assertEquals(61, rec.get("Duration").asInt());
        assertEquals("wav", rec.get("Format").asText());
        assertEquals(2, rec.get("Channels").asInt());

        // the REST view of the outbox shows it delivered
        Api.Answer list = admin.get("/instances/" + instance() + "/push/outbox?status=delivered&page_size=100");
        assertEquals(list.toString(), 200, list.status());
        boolean found = false;
        for (JsonNode item : list.json().get("items")) {
            if (item.get("session_id").asText().equals(sid) && item.get("kind").asText().equals("cdr")) {
                found = true;
                assertEquals("delivered", item.get("status").asText());
                assertEquals(1, item.get("attempts").asInt());
            }
        }
        assertTrue("delivered cdr listed: " + list.body(), found);
    }

    @Test
    public void aFailingReceiverGetsRetriesWithBackOffAndTheItemIsDeliveredOnceItAnswers200() throws Exception {
        Api admin = admin();
        pushToReceiver(admin);
        String sid = session();
        Receiver.ONE.failFirst(sid + ":cdr", 3);
        closeRecord(sid);
        Receiver.Delivery d = Receiver.ONE.await(sid + ":cdr");
        assertEquals("the fourth try is the one answered 200", "4", d.attempt());
        assertEquals(List.of("1", "2", "3", "4"), Receiver.ONE.attempts(sid + ":cdr"));
        long id = itemId(admin, sid, "cdr");
        JsonNode item = await(admin, id, "delivered");
        assertEquals(4, item.get("attempts").asInt());
        assertEquals("HTTP 503", item.get("last_error").asText());
        // back-off: 1 s, then 2 s, then 2 s (the configured cap) between the tries
        List<Long> at = Receiver.ONE.times(sid + ":cdr");
        assertTrue("retries are spaced out: " + at, at.get(3) - at.get(0) >= 4_000);
    }

    @Test
    public void queuedItemsSurviveARestartOfThePushBundleAndAreDeliveredAfterIt() throws Exception {
        Api admin = admin();
        pushToReceiver(admin);
        String sid = session();
        Receiver.ONE.failFirst(sid + ":cdr", 1_000_000);
        closeRecord(sid);
        Receiver.ONE.awaitTries(sid + ":cdr", 1);
        Bundle push = bundle("parley-push");
        push.stop();
        try {
            Api.Answer away = admin.get("/instances/" + instance() + "/push/status");
            assertEquals(away.toString(), 503, away.status());
            Receiver.ONE.failFirst(sid + ":cdr", 0);
        } finally {
            push.start();
        }
        Receiver.ONE.await(sid + ":cdr");
        await(admin, itemId(admin, sid, "cdr"), "delivered");
    }

    @Test
    public void stoppingTheHttpSinkBundleHoldsQueuedItemsAndStartingItDeliversThem() throws Exception {
        Api admin = admin();
        pushToReceiver(admin);
        Bundle sink = bundle("parley-push-http");
        sink.stop();
        String sid = session();
        try {
            closeRecord(sid);
            long id = awaitItem(admin, sid, "cdr");
            waitUntil(() -> {
                Api.Answer s = admin.get("/instances/" + instance() + "/push/status");
                return s.status() == 200 && s.body().contains("push sink 'http' is not installed");
            }, "the status says why items are held");
            // held over many dispatcher rounds: neither tried nor failed
            Thread.sleep(2_000);
            JsonNode held = item(admin, id);
            assertEquals("pending", held.get("status").asText());
            assertEquals(0, held.get("attempts").asInt());
            assertEquals(0, Receiver.ONE.count(sid + ":cdr"));
        } finally {
            sink.start();
        }
        Receiver.ONE.await(sid + ":cdr");
        assertEquals(1, await(admin, itemId(admin, sid, "cdr"), "delivered").get("attempts").asInt());
    }

    @Test
    public void oauth2TokenIsFetchedOnceCachedAndSentAsBearer() throws Exception {
        Api admin = admin();
        Api.Answer a = admin.patch("/instances/" + instance() + "/settings/push", "{\"enabled\":true,\"url\":\""
                + Receiver.ONE.url("/push") + "\",\"auth\":\"oauth2\",\"username\":null,\"password\":null,\"oauth2\":{"
                + "\"token_url\":\"" + Receiver.ONE.url("/token") + "\",\"client_id\":\"parley\",\"client_secret\":\"cs\"},"
                + "\"push_cdr\":true}");
        assertEquals(a.toString(), 200, a.status());
        assertFalse(a.body(), a.body().contains("\"cs\""));
        assertEquals(true, a.json().get("oauth2").get("client_secret_set").asBoolean());
        int tokensBefore = Receiver.ONE.tokens.get();
        String first = session();
        String second = session();
        closeRecord(first);
        closeRecord(second);
        assertEquals("Bearer " + Receiver.TOKEN, Receiver.ONE.await(first + ":cdr").authorization());
        assertEquals("Bearer " + Receiver.TOKEN, Receiver.ONE.await(second + ":cdr").authorization());
        assertEquals("one token for both pushes", tokensBefore + 1, Receiver.ONE.tokens.get());
        pushToReceiver(admin);
    }

    @Test
    public void anInstanceWhoseSettingsNameTheFileSinkGetsItsItemsAsFilesInTheDropDirectory() throws Exception {
        Api admin = admin();
        Api.Answer a = admin.patch("/instances/" + instance() + "/settings/push", "{\"enabled\":true,\"url\":null,"
                + "\"auth\":\"none\",\"username\":null,\"password\":null,\"push_cdr\":true,\"sink\":\"file\"}");
        assertEquals(a.toString(), 200, a.status());
        try {
            String sid = session();
            closeRecord(sid);
            java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("karaf.data"), "parley", "push-drop",
                    Long.toString(instance()), sid + ".cdr.json");
            waitUntil(() -> java.nio.file.Files.exists(file), "file " + file);
            JsonNode body = Api.JSON.readTree(java.nio.file.Files.readString(file));
            assertEquals("cdr", body.get("Kind").asText());
            assertEquals(sid, body.get("session_id").asText());
            assertEquals(0, Receiver.ONE.count(sid + ":cdr"));
        } finally {
            pushToReceiver(admin);
        }
    }

    @Test
    public void aRefusedItemIsFailedAtOnceShownByTheShellAndDeliveredAfterARetry() throws Exception {
        Api admin = admin();
        pushToReceiver(admin);
        String sid = session();
        Receiver.ONE.refuseFirst(sid + ":cdr", 1);
        closeRecord(sid);
        long id = awaitItem(admin, sid, "cdr");
        JsonNode failed = await(admin, id, "failed");
        assertEquals("a refused payload is not retried", 1, failed.get("attempts").asInt());
        assertEquals("HTTP 422", failed.get("last_error").asText());

        String status = shell("parley:push-status");
        assertTrue(status, status.contains("failed: "));
        assertTrue(status, status.contains("last error: HTTP 422"));
        String list = shell("parley:push-list --status failed --page-size 100");
        assertTrue(list, list.contains(sid));
        assertTrue(shell("parley:push-status --json").contains("\"oldest_pending_at\""));

        Api.Answer again = admin.post("/instances/" + instance() + "/push/outbox/" + id + ":retry", null);
        assertEquals(again.toString(), 200, again.status());
        Receiver.ONE.await(sid + ":cdr");
        assertEquals(2, await(admin, id, "delivered").get("attempts").asInt());
        Api.Answer twice = admin.post("/instances/" + instance() + "/push/outbox/" + id + ":retry", null);
        assertEquals(twice.toString(), 409, twice.status());
        assertEquals("status", twice.errorField());
    }

    private String shell(String command) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessions.create(
                new java.io.ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void pushSettingsRefuseBadValuesNamingTheFieldAndChangeNothing() {
        Api admin = admin();
        String path = "/instances/" + instance() + "/settings/push";
        pushToReceiver(admin);
        String before = admin.get(path).body();
        refused(admin, path, "{\"url\":null}", 422, "url");
        refused(admin, path, "{\"url\":\"http://crm.example.com/push\"}", 422, "url");
        refused(admin, path, "{\"url\":\"ftp://127.0.0.1/push\"}", 422, "url");
        refused(admin, path, "{\"auth\":\"digest\"}", 422, "auth");
        refused(admin, path, "{\"password\":null}", 422, "password");
        refused(admin, path, "{\"auth\":\"oauth2\"}", 422, "oauth2");
        refused(admin, path, "{\"auth\":\"oauth2\",\"oauth2\":{\"token_url\":\"https://id.example.com/t\","
                + "\"client_id\":\"c\"}}", 422, "oauth2.client_secret");
        refused(admin, path, "{\"push_cdr\":\"yes\"}", 400, "push_cdr");
        refused(admin, path, "{\"colour\":\"red\"}", 400, "colour");
        refused(admin, path, "{\"sink\":\"Not a sink\"}", 422, "sink");
        Api.Answer after = admin.get(path);
        assertEquals(before, after.body());
        assertFalse(after.body(), after.body().contains("s3cret"));
        assertTrue(after.json().get("password_set").asBoolean());
        Api.Answer status = admin.get("/instances/" + instance() + "/push/outbox?status=sent");
        assertEquals(status.toString(), 422, status.status());
        assertEquals("status", status.errorField());
    }

    private static void refused(Api admin, String path, String patch, int status, String field) {
        Api.Answer a = admin.patch(path, patch);
        assertEquals(patch + " -> " + a, status, a.status());
        assertEquals(patch + " -> " + a, field, a.errorField());
    }

    // ---- helpers

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " not installed"));
    }

    private long itemId(Api admin, String sid, String kind) {
        Api.Answer list = admin.get("/instances/" + instance() + "/push/outbox?page_size=100");
        assertEquals(list.toString(), 200, list.status());
        for (JsonNode item : list.json().get("items")) {
            if (item.get("session_id").asText().equals(sid) && item.get("kind").asText().equals(kind)) {
                return item.get("id").asLong();
            }
        }
        return -1;
    }

    private long awaitItem(Api admin, String sid, String kind) throws InterruptedException {
        waitUntil(() -> itemId(admin, sid, kind) > 0, "item of " + sid + " in the outbox");
        return itemId(admin, sid, kind);
    }

    private JsonNode item(Api admin, long id) {
        Api.Answer a = admin.get("/instances/" + instance() + "/push/outbox/" + id);
        assertEquals(a.toString(), 200, a.status());
        return a.json();
    }

    private JsonNode await(Api admin, long id, String status) throws InterruptedException {
        assertTrue("item found", id > 0);
        waitUntil(() -> item(admin, id).get("status").asText().equals(status), "item " + id + " " + status);
        return item(admin, id);
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(100);
        }
    }

    /**
     * The customer's system: {@code POST /push} takes items (answering 503 to the first N tries of a
     * key when told to), {@code POST /token} grants OAuth2 client-credentials tokens to
     * {@code parley:cs} only.
     */
    static final class Receiver {
        static final String TOKEN = "tok-" + UUID.randomUUID();
        /** Started on first use, in the container (the probe), where the appliance reaches it. */
        static final Receiver ONE = start();

        record Delivery(String key, String attempt, String authorization, String body, long at, int status) {
        }

        private final HttpServer server;
        private final List<Delivery> tries = new CopyOnWriteArrayList<>();
        private final Map<String, Integer> failFirst = new ConcurrentHashMap<>();
        private final Map<String, Integer> refuseFirst = new ConcurrentHashMap<>();
        final AtomicInteger tokens = new AtomicInteger();

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
                Receiver r = new Receiver(server);
                server.createContext("/push", r::push);
                server.createContext("/token", r::token);
                // started from a daemon thread, so its dispatcher thread is one too and never keeps the container up
                Thread starter = new Thread(server::start, "itest-push-receiver-start");
                starter.setDaemon(true);
                starter.start();
                starter.join();
                return r;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void stop() {
            server.stop(0);
        }

        void failFirst(String key, int n) {
            failFirst.put(key, n);
        }

        /** The first {@code n} tries of {@code key} are answered 422 (the payload refused). */
        void refuseFirst(String key, int n) {
            refuseFirst.put(key, n);
        }

        private void push(HttpExchange x) throws IOException {
            String key = x.getRequestHeaders().getFirst("Idempotency-Key");
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            synchronized (this) {
                int before = key == null ? 0 : of(key).size();
                status = key == null || before < failFirst.getOrDefault(key, 0) ? 503
                        : before < refuseFirst.getOrDefault(key, 0) ? 422 : 200;
                tries.add(new Delivery(key, x.getRequestHeaders().getFirst("X-Parley-Attempt"),
                        x.getRequestHeaders().getFirst("Authorization"), body, System.currentTimeMillis(), status));
            }
            x.sendResponseHeaders(status, -1);
            x.close();
        }

        private void token(HttpExchange x) throws IOException {
            x.getRequestBody().readAllBytes();
            String expected = "Basic " + Base64.getEncoder().encodeToString("parley:cs".getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                x.sendResponseHeaders(401, -1);
                x.close();
                return;
            }
            tokens.incrementAndGet();
            byte[] answer = ("{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                    .getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        }

        private List<Delivery> of(String key) {
            List<Delivery> out = new ArrayList<>();
            tries.stream().filter(t -> key.equals(t.key())).forEach(out::add);
            return out;
        }

        /** How many tries of {@code key} were answered 200. */
        long count(String key) {
            return of(key).stream().filter(d -> d.status() == 200).count();
        }

        List<String> attempts(String key) {
            return of(key).stream().map(Delivery::attempt).toList();
        }

        List<Long> times(String key) {
            return of(key).stream().map(Delivery::at).toList();
        }

        void awaitTries(String key, int n) throws InterruptedException {
            waitUntil(() -> of(key).size() >= n, n + " tries of " + key);
        }

        /** The try of {@code key} answered 200. */
        Delivery await(String key) throws InterruptedException {
            waitUntil(() -> count(key) > 0, "delivery of " + key);
            return of(key).stream().filter(d -> d.status() == 200).findFirst().orElseThrow();
        }
    }
}
