package io.parley.recordings;

import io.parley.api.event.RecordEvents;
import io.parley.api.recording.Recording;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.StorageSettings;
import io.parley.api.store.RecordingStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional copy of each recording and voicemail to S3-compatible storage (SPEC §29.2): on
 * {@code RECORDING_READY}, and every {@code s3RetrySeconds} for what failed, each closed recording
 * of an instance whose {@code storage.s3.enabled} is on and that has no {@code uploaded_at} is
 * PUT to {@code prefix/YYYY/MM/DD/<session_id>.wav} (voicemail {@code <session_id>.voicemail.wav};
 * the UTC day it started) with AWS Signature V4 over the JDK's HTTP client, then marked uploaded.
 * A failure is retried with doubling back-off (10 s up to 30 min) for 24 h after the recording
 * closed, then logged and left (the local copy stays: retention never deletes a recording the copy
 * is enabled for before it is uploaded).
 *
 * <p>Why not the AWS SDK or MinIO's client: the AWS SDK v2 is some 30 jars (Netty, reactive
 * streams) without OSGi metadata for most, MinIO's client pulls OkHttp/Kotlin and Guava; a
 * single-part PUT needs only SigV4, which {@link SigV4} implements in a page and checks against
 * the AWS documentation's own examples.
 */
@Component(service = EventHandler.class, immediate = true, configurationPid = RecordingsConfig.PID,
        property = EventConstants.EVENT_TOPIC + "=" + RecordEvents.RECORDING_READY)
public class S3Copier implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(S3Copier.class);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration MAX_RETRY = Duration.ofMinutes(30);

    private final RecordingStore store;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-recordings-s3");
        t.setDaemon(true);
        return t;
    });
    /** Per recording id: failed attempts and when the next may run. */
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InstanceSettingsService settings;

    record Backoff(int failures, Instant next) {
    }

    @Activate
    public S3Copier(@Reference RecordingStore store, RecordingsConfig config) {
        this(store, Clock.systemUTC());
        int every = Math.max(1, config.s3RetrySeconds());
        worker.scheduleWithFixedDelay(this::runQuietly, Math.min(10, every), every, TimeUnit.SECONDS);
    }

    S3Copier(RecordingStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void use(InstanceSettingsService settings) {
        this.settings = settings;
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(RecordEvents.INSTANCE_ID) instanceof Long) {
            worker.execute(this::runQuietly);
        }
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("S3 copy pass failed, tried again at the next: {}", e.toString());
        }
    }

    /** One pass over every instance: returns how many files were uploaded. */
    int run() {
        InstanceSettingsService s = settings;
        if (s == null) {
            return 0;
        }
        int uploaded = 0;
        for (long instance : store.instanceIds()) {
            StorageSettings.S3 s3;
            try {
                s3 = s.storage(instance).s3();
            } catch (RuntimeException e) {
                continue;
            }
            if (!s3.enabled()) {
                continue;
            }
            for (Recording r : store.notUploaded(instance, 100)) {
                Instant now = clock.instant();
                Backoff b = backoff.get(r.id());
                if (b != null && now.isBefore(b.next())) {
                    continue;
                }
                if (r.endedAt().plus(GIVE_UP_AFTER).isBefore(now)) {
                    if (b != null) {
                        LOG.warn("recording {} of call {}: S3 copy given up after 24 h of failures; the local copy stays",
                                r.id(), r.sessionId());
                        backoff.put(r.id(), new Backoff(b.failures(), Instant.MAX));
                    }
                    continue;
                }
                try {
                    put(s3, key(s3, r), Path.of(r.file()));
                    store.uploaded(r.id(), clock.instant());
                    backoff.remove(r.id());
                    uploaded++;
                    LOG.info("recording {} of call {} copied to s3://{}/{}", r.id(), r.sessionId(), s3.bucket(), key(s3, r));
                } catch (IOException | RuntimeException e) {
                    int failures = b == null ? 1 : b.failures() + 1;
                    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(20, failures - 1));
                    if (wait.compareTo(MAX_RETRY) > 0) {
                        wait = MAX_RETRY;
                    }
                    backoff.put(r.id(), new Backoff(failures, now.plus(wait)));
                    LOG.warn("recording {} of call {}: S3 copy failed ({} time{}), next try in {} s: {}", r.id(),
                            r.sessionId(), failures, failures == 1 ? "" : "s", wait.toSeconds(), e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return uploaded;
                }
            }
        }
        return uploaded;
    }

    /** {@code prefix/YYYY/MM/DD/<session_id>.wav}, or {@code .voicemail.wav} for a voicemail. */
    static String key(StorageSettings.S3 s3, Recording r) {
        LocalDate d = LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC);
        String prefix = s3.prefix() == null || s3.prefix().isEmpty() ? "" : s3.prefix().replaceAll("/+$", "") + "/";
        return prefix + String.format("%04d/%02d/%02d/", d.getYear(), d.getMonthValue(), d.getDayOfMonth())
                + RecordingPaths.safe(r.sessionId()) + (Recording.VOICEMAIL.equals(r.kind()) ? ".voicemail.wav" : ".wav");
    }

    /** One signed single-part PUT; a non-2xx answer is an IOException naming the status. */
    void put(StorageSettings.S3 s3, String key, Path file) throws IOException, InterruptedException {
        byte[] body = Files.readAllBytes(file);
        URI endpoint = URI.create(s3.endpoint().replaceAll("/+$", ""));
        String host = endpoint.getHost();
        String path;
        if (s3.pathStyle()) {
            path = (endpoint.getRawPath() == null ? "" : endpoint.getRawPath()) + "/" + s3.bucket() + "/" + key;
        } else {
            host = s3.bucket() + "." + host;
            path = (endpoint.getRawPath() == null ? "" : endpoint.getRawPath()) + "/" + key;
        }
        String canonicalUri = SigV4.encodePath(path);
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || ("http".equals(endpoint.getScheme()) && port == 80)
                || ("https".equals(endpoint.getScheme()) && port == 443);
        String hostHeader = defaultPort ? host : host + ":" + port;
        Instant now = Instant.now();   // the wall clock: servers refuse a signature time far from theirs
        String amzDate = SigV4.AMZ_DATE.format(now);
        String sha = SigV4.sha256Hex(body);
        Map<String, String> headers = new HashMap<>();
        headers.put("host", hostHeader);
        headers.put("x-amz-content-sha256", sha);
        headers.put("x-amz-date", amzDate);
        String auth = SigV4.authorization("PUT", canonicalUri, "", headers, sha, now, s3.region(), s3.accessKey(),
                s3.secretKey());
        URI target = URI.create(endpoint.getScheme() + "://" + hostHeader + canonicalUri);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                .header("x-amz-content-sha256", sha).header("x-amz-date", amzDate).header("Authorization", auth)
                .header("Content-Type", "audio/wav")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            String text = answer.body();
            throw new IOException("PUT " + target + " answered " + answer.statusCode() + ": "
                    + (text.length() > 300 ? text.substring(0, 300) : text));
        }
    }
}
