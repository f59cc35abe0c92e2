package io.parley.recordings;

import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.event.CallEvents;
import io.parley.api.event.RecordEvents;
import io.parley.api.media.MediaServer;
import io.parley.api.media.Recorder;
import io.parley.api.media.RecordingResult;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.recording.ExportJob;
import io.parley.api.recording.ExportRequest;
import io.parley.api.recording.Recording;
import io.parley.api.recording.RecordingFile;
import io.parley.api.recording.RecordingService;
import io.parley.api.store.RecordingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every bridged call dual-track (SPEC §28) and keeps the index of recordings and
 * voicemail files. It listens to {@code parley/call/BRIDGED} rather than being called by the
 * call layer: at the first bridge of a session it starts the media server's recorder on the
 * customer leg's endpoint (left channel what the customer says, right what the customer hears:
 * the agent, a transferred-to party, hold music), which follows the call through transfers and
 * ends by itself when the customer's endpoint closes. Each file is indexed as open when it
 * starts; when it closes the index gets its length and {@code parley/record/RECORDING_READY} is
 * posted. At start, files a crash left open are repaired (header sizes from the file's length)
 * and closed the same way.
 */
@Component(service = {RecordingService.class, EventHandler.class}, immediate = true,
        configurationPid = RecordingsConfig.PID, property = EventConstants.EVENT_TOPIC + "=" + CallEvents.BRIDGED)
@Designate(ocd = RecordingsConfig.class)
public class RecordingManager implements RecordingService, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingManager.class);

    private final RecordingStore store;
    private final MediaServer media;
    private final RecordingPaths paths;
    private final boolean recordBridged;
    private final Ids ids = new Ids();
    private final Clock clock = Clock.systemUTC();
    /** Closes files and writes ZIPs off the media and EventAdmin threads. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "parley-recordings"));
    private final ExecutorService exporter = Executors.newSingleThreadExecutor(r -> daemon(r, "parley-recording-export"));
    private final ExportJobs exports;
    /** Call recordings running now, by session id. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CallControl calls;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    private record Running(Recording row, Recorder recorder) {
    }

    @Activate
    public RecordingManager(@Reference RecordingStore store, @Reference MediaServer media, RecordingsConfig config) {
        this.store = store;
        this.media = media;
        this.paths = new RecordingPaths(RecordingPaths.root(config));
        this.recordBridged = config.recordBridgedCalls();
        this.exports = new ExportJobs(store, paths.exports(), exporter, ids, clock,
                Duration.ofHours(Math.max(1, config.exportKeepHours())), Math.max(1, config.exportMaxFiles()));
        repairLeftOpen();
    }

    @Deactivate
    void deactivate() {
        // stopped recorders close their files; the index gets them before the worker ends
        List<CompletableFuture<RecordingResult>> stopping = running.values().stream()
                .map(r -> r.recorder().stop().toCompletableFuture()).toList();
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("recordings still open at stop are repaired at the next start: {}", e.toString());
        }
        worker.shutdown();
        exporter.shutdownNow();
        try {
            worker.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path root() {
        return paths.root();
    }

    // ---- call recordings ----

    @Override
    public void handleEvent(Event event) {
        if (!recordBridged || !CallEvents.BRIDGED.equals(event.getTopic())) {
            return;
        }
        String session = (String) event.getProperty(CallEvents.SESSION_ID);
        Object instance = event.getProperty(CallEvents.INSTANCE_ID);
        if (session == null || !(instance instanceof Long instanceId) || running.containsKey(session)) {
            return;
        }
        if (store.ofSession(instanceId, session).stream().anyMatch(r -> Recording.RECORDING.equals(r.kind()))) {
            return;   // bridged again (a transfer): the recording on the customer's endpoint goes on
        }
        CallControl cc = calls;
        if (cc == null) {
            return;
        }
        String customerLeg = event.getProperty(CallEvents.CUSTOMER_LEG_ID) instanceof String s ? s : "a";
        RtpEndpoint customer;
        try {
            customer = cc.media(session, customerLeg);
        } catch (RuntimeException gone) {
            LOG.debug("call {} ended before its recording could start: {}", session, gone.toString());
            return;
        }
        Instant now = clock.instant();
        Path file = paths.recording(instanceId, session, now);
        String category = event.getProperty(CallEvents.CATEGORY) instanceof String c ? c : "telephone";
        Long group = event.getProperty(CallEvents.SKILL_GROUP_ID) instanceof Long g ? g : null;
        Recording row = new Recording(ids.next(), instanceId, session, Recording.RECORDING, file.toString(), 2, 0, now,
                null, category, group, 0, null);
        synchronized (running) {
            if (running.containsKey(session)) {
                return;
            }
            store.insert(row);
            Recorder recorder;
            try {
                recorder = media.recordCall(customer, file);
            } catch (RuntimeException e) {
                LOG.warn("call {}: recording could not start: {}", session, e.toString());
                store.delete(row.id());
                return;
            }
            running.put(session, new Running(row, recorder));
            recorder.completion().whenCompleteAsync((result, failure) -> {
                running.remove(session);
                finish(row, result);
            }, worker);
        }
        LOG.info("call {}: recording to {}", session, file);
    }

    // ---- voicemail ----

    @Override
    public RecordingFile openVoicemail(long instanceId, String sessionId) {
        Instant now = clock.instant();
        String id = ids.next();
        Path file = paths.voicemail(instanceId, sessionId, id, now);
        String category = "telephone";
        CallControl cc = calls;
        if (cc != null) {
            category = cc.call(sessionId).map(CallInfo::category).orElse(category);
        }
        store.insert(new Recording(id, instanceId, sessionId, Recording.VOICEMAIL, file.toString(), 1, 0, now, null,
                category, null, 0, null));
        return new RecordingFile(id, file);
    }

    @Override
    public void closed(RecordingFile file, RecordingResult result) {
        store.find(file.id()).ifPresent(row -> finish(row, result));
    }

    /** The file is closed: its length into the index, and the news on EventAdmin. */
    private void finish(Recording row, RecordingResult result) {
        Path file = Path.of(row.file());
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            LOG.warn("recording {} of call {}: file {} is gone: {}", row.id(), row.sessionId(), file, e.toString());
            store.delete(row.id());
            return;
        }
        int seconds = result != null ? (int) result.duration().toSeconds()
                : (int) (Math.max(0, size - WavRepair.HEADER_SIZE) / (WavRepair.SAMPLE_RATE * 2L * row.channels()));
        Instant ended = clock.instant();
        store.close(row.id(), seconds, ended, size);
        post(row, seconds);
    }

    private void post(Recording row, int seconds) {
        EventAdmin ea = events;
        if (ea == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        p.put(RecordEvents.SESSION_ID, row.sessionId());
        p.put(RecordEvents.INSTANCE_ID, row.instanceId());
        p.put(RecordEvents.RECORDING_ID, row.id());
        p.put(RecordEvents.KIND, row.kind());
        p.put(RecordEvents.FILE, row.file());
        p.put(RecordEvents.DURATION_S, seconds);
        p.put(RecordEvents.CHANNELS, row.channels());
        p.put(RecordEvents.TIMESTAMP, clock.millis());
        ea.postEvent(new Event(RecordEvents.RECORDING_READY, p));
    }

    /** Files a crash left open: header sizes from the file's length, then closed like any other. */
    private void repairLeftOpen() {
        for (Recording row : store.open()) {
            Path file = Path.of(row.file());
            if (!Files.isRegularFile(file)) {
                LOG.warn("recording {} of call {} was open at the last stop and its file {} is missing", row.id(),
                        row.sessionId(), file);
                store.delete(row.id());
                continue;
            }
            try {
                WavRepair.Repaired r = WavRepair.repair(file, row.channels());
                LOG.info("recording {} of call {} was left open at the last stop: {} ({} s kept)", row.id(),
                        row.sessionId(), r.changed() ? "header repaired" : "header was valid", r.durationS());
                store.close(row.id(), r.durationS(), clock.instant(), Files.size(file));
                worker.execute(() -> post(row, r.durationS()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("recording {}: repairing {} failed: {}", row.id(), file, e.toString());
            }
        }
    }

    // ---- reads and exports ----

    @Override
    public Optional<Recording> recording(long instanceId, String sessionId) {
        return closedOf(instanceId, sessionId, Recording.RECORDING);
    }

    @Override
    public Optional<Recording> voicemail(long instanceId, String sessionId) {
        return closedOf(instanceId, sessionId, Recording.VOICEMAIL);
    }

    private Optional<Recording> closedOf(long instanceId, String sessionId, String kind) {
        List<Recording> all = store.ofSession(instanceId, sessionId).stream()
                .filter(r -> kind.equals(r.kind()) && r.isClosed() && Files.isRegularFile(Path.of(r.file()))).toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public List<Recording> ofSession(long instanceId, String sessionId) {
        return store.ofSession(instanceId, sessionId);
    }

    @Override
    public ExportJob startExport(long instanceId, ExportRequest request) {
        return exports.start(instanceId, request);
    }

    @Override
    public ExportJob exportJob(long instanceId, String jobId) {
        return exports.get(instanceId, jobId);
    }

    @Override
    public Path exportFile(long instanceId, String jobId) {
        return exports.file(instanceId, jobId);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
