package io.parley.recordings;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.recording.Recording;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.StorageSettings;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyRule;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The S3 copy (SPEC §29.2) against a real S3-compatible server on loopback (S3Proxy, in-memory,
 * checking AWS V4 signatures): keys {@code prefix/YYYY/MM/DD/<session_id>.wav}, the bytes
 * uploaded are the file's, a failure is retried with back-off and the upload marked only once
 * it succeeded.
 */
public class S3CopierTest {

    private static final String ACCESS = "parley-access";
    private static final String SECRET = "parley-secret-key-0123456789";
    private static final String BUCKET = "parley-recordings";

    @Rule
    public S3ProxyRule s3 = S3ProxyRule.builder().withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .withBlobStoreProvider("transient").build();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MemoryRecordingStore store = new MemoryRecordingStore();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    private final Map<Long, StorageSettings> settings = new HashMap<>();
    private S3Copier copier;

    @Before
    public void setUp() throws Exception {
        Clock clock = new Clock() {
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now.get();
            }
        };
        copier = new S3Copier(store, clock);
        copier.use((InstanceSettingsService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InstanceSettingsService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("storage")) {
                        return settings.getOrDefault((Long) args[0], StorageSettings.DEFAULTS);
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
        // the bucket, with the same signer (S3Proxy checks it)
        assertEquals(200, signed("PUT", "/" + BUCKET, new byte[0]).statusCode());
    }

    private StorageSettings enabled(String endpoint) {
        return new StorageSettings(3, 3, 90,
                new StorageSettings.S3(true, endpoint, "us-east-1", BUCKET, "calls", ACCESS, SECRET, true));
    }

    private Recording closed(String session, String kind, int bytes) throws Exception {
        byte[] data = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(data);
        Path f = tmp.getRoot().toPath().resolve(session + "-" + kind + ".wav");
        Files.write(f, data);
        Instant started = Instant.parse("2026-12-06T23:59:30Z");
        Recording r = new Recording(kind + session, 7, session, kind, f.toString(), 2, 1, started, started.plusSeconds(40),
                "telephone", null, bytes, null);
        store.insert(r);
        return r;
    }

    @Test
    public void eachRecordingAndVoicemailIsUploadedUnderItsDatedKeyAndMarkedUploaded() throws Exception {
        settings.put(7L, enabled(s3.getUri().toString()));
        Recording call = closed("kx1-2", Recording.RECORDING, 48_044);
        Recording vm = closed("kx1-2", Recording.VOICEMAIL, 16_044);
        assertEquals(2, copier.run());
        assertArrayEquals(Files.readAllBytes(Path.of(call.file())), get("calls/2026/12/06/kx1-2.wav"));
        assertArrayEquals(Files.readAllBytes(Path.of(vm.file())), get("calls/2026/12/06/kx1-2.voicemail.wav"));
        assertNotNull(store.find(call.id()).orElseThrow().uploadedAt());
        assertEquals("nothing left to copy", 0, copier.run());
    }

    @Test
    public void aFailedUploadIsRetriedWithBackOffAndOnlyMarkedOnceItSucceeded() throws Exception {
        // first a wrong secret: the server refuses the signature
        StorageSettings wrong = enabled(s3.getUri().toString());
        settings.put(7L, new StorageSettings(3, 3, 90, new StorageSettings.S3(true, wrong.s3().endpoint(), "us-east-1",
                BUCKET, "calls", ACCESS, "not-the-secret", true)));
        Recording call = closed("kx9-1", Recording.RECORDING, 8_044);
        assertEquals(0, copier.run());
        assertNull(store.find(call.id()).orElseThrow().uploadedAt());
        settings.put(7L, enabled(s3.getUri().toString()));
        assertEquals("backing off: not tried again at once", 0, copier.run());
        now.set(now.get().plusSeconds(11));
        assertEquals("tried again after the first back-off", 1, copier.run());
        assertNotNull(store.find(call.id()).orElseThrow().uploadedAt());
        assertArrayEquals(Files.readAllBytes(Path.of(call.file())), get("calls/2026/12/06/kx9-1.wav"));
    }

    @Test
    public void afterTwentyFourHoursOfFailuresItGivesUpAndTheLocalCopyStays() throws Exception {
        settings.put(7L, enabled("http://127.0.0.1:9"));   // nothing listens there
        Recording call = closed("kx9-2", Recording.RECORDING, 1_044);
        assertEquals(0, copier.run());
        now.set(now.get().plusSeconds(25 * 3600));
        settings.put(7L, enabled(s3.getUri().toString()));
        assertEquals(0, copier.run());
        assertNull(store.find(call.id()).orElseThrow().uploadedAt());
        assertTrue(Files.exists(Path.of(call.file())));
    }

    private byte[] get(String key) throws Exception {
        HttpResponse<byte[]> r = signed("GET", "/" + BUCKET + "/" + key, null);
        assertEquals(new String(r.body()), 200, r.statusCode());
        return r.body();
    }

    private HttpResponse<byte[]> signed(String method, String path, byte[] body) throws Exception {
        URI base = s3.getUri();
        String host = base.getHost() + ":" + base.getPort();
        Instant at = Instant.now();
        String sha = body == null ? SigV4.EMPTY_SHA256 : SigV4.sha256Hex(body);
        Map<String, String> headers = Map.of("host", host, "x-amz-content-sha256", sha, "x-amz-date", SigV4.AMZ_DATE.format(at));
        String auth = SigV4.authorization(method, path, "", headers, sha, at, "us-east-1", ACCESS, SECRET);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + path))
                .header("x-amz-content-sha256", sha).header("x-amz-date", SigV4.AMZ_DATE.format(at)).header("Authorization", auth);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
