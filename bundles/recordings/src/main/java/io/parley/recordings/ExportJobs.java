package io.parley.recordings;

import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.recording.ExportJob;
import io.parley.api.recording.ExportRequest;
import io.parley.api.recording.Recording;
import io.parley.api.store.RecordingStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZIP exports of recordings (SPEC §27.3 {@code records:export-recordings}), one at a time on
 * their own thread: the job's state is in memory (an export in progress when the appliance
 * stops is lost and must be asked again), its ZIP in {@code exports/} until it expires. WAV is
 * already compressed poorly by deflate, so entries are deflated at the fastest level.
 */
final class ExportJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ExportJobs.class);

    private final RecordingStore store;
    private final Path dir;
    private final ExecutorService worker;
    private final Ids ids;
    private final Clock clock;
    private final Duration keep;
    private final int maxFiles;
    private final Map<String, ExportJob> jobs = new ConcurrentHashMap<>();

    ExportJobs(RecordingStore store, Path dir, ExecutorService worker, Ids ids, Clock clock, Duration keep, int maxFiles) {
        this.store = store;
        this.dir = dir;
        this.worker = worker;
        this.ids = ids;
        this.clock = clock;
        this.keep = keep;
        this.maxFiles = maxFiles;
    }

    ExportJob start(long instanceId, ExportRequest request) {
        if (request.sessionIds().isEmpty() && (request.from() == null || request.to() == null)) {
            throw new InvalidException("session_ids", "give session ids, or both from and to");
        }
        if (request.from() != null && request.to() != null && !request.from().isBefore(request.to())) {
            throw new InvalidException("to", "must be after from");
        }
        if ((request.from() == null) != (request.to() == null)) {
            throw new InvalidException(request.from() == null ? "from" : "to", "give both from and to, or neither");
        }
        if (request.sessionIds().size() > maxFiles) {
            throw new InvalidException("session_ids", "at most " + maxFiles + " per export");
        }
        Map<String, Recording> chosen = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String sid : new LinkedHashSet<>(request.sessionIds())) {
            List<Recording> found = store.ofSession(instanceId, sid).stream().filter(Recording::isClosed)
                    .filter(request::allows)
                    .filter(r -> request.includeVoicemail() || Recording.RECORDING.equals(r.kind())).toList();
            if (found.isEmpty()) {
                missing.add(sid);
            }
            found.forEach(r -> chosen.put(r.id(), r));
        }
        if (request.from() != null) {
            for (Recording r : store.startedBetween(instanceId, request.from(), request.to(), maxFiles + 1)) {
                if (request.allows(r) && (request.includeVoicemail() || Recording.RECORDING.equals(r.kind()))) {
                    chosen.put(r.id(), r);
                }
            }
        }
        if (chosen.size() > maxFiles) {
            throw new InvalidException("to", "the selection holds more than " + maxFiles + " files; export a shorter range");
        }
        expire();
        String id = ids.next();
        ExportJob job = new ExportJob(id, instanceId, ExportJob.RUNNING, chosen.size(), 0, 0, null, clock.instant(), null,
                missing);
        jobs.put(id, job);
        List<Recording> files = List.copyOf(chosen.values());
        worker.execute(() -> run(job, files));
        return job;
    }

    ExportJob get(long instanceId, String id) {
        ExportJob job = jobs.get(id);
        if (job == null || job.instanceId() != instanceId) {
            throw new NotFoundException("recording export", id);
        }
        return job;
    }

    Path file(long instanceId, String id) {
        ExportJob job = get(instanceId, id);
        if (!ExportJob.DONE.equals(job.status())) {
            throw new ConflictException("status", "export " + id + " is " + job.status() + ", not done");
        }
        return zip(id);
    }

    private Path zip(String id) {
        return dir.resolve(id + ".zip");
    }

    private void run(ExportJob job, List<Recording> files) {
        Path zip = zip(job.id());
        Path part = dir.resolve(job.id() + ".zip.part");
        int done = 0;
        try {
            Files.createDirectories(dir);
            Set<String> names = new LinkedHashSet<>();
            try (OutputStream out = Files.newOutputStream(part); ZipOutputStream z = new ZipOutputStream(out)) {
                z.setLevel(1);
                for (Recording r : files) {
                    Path f = Path.of(r.file());
                    if (Files.isRegularFile(f)) {
                        String name = RecordingPaths.safe(r.sessionId()) + "/"
                                + (Recording.RECORDING.equals(r.kind()) ? "recording" : "voicemail-" + r.id()) + ".wav";
                        if (names.add(name)) {
                            z.putNextEntry(new ZipEntry(name));
                            Files.copy(f, z);
                            z.closeEntry();
                        }
                    }
                    done++;
                    jobs.put(job.id(), progress(job, done));
                }
            }
            Files.move(part, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            jobs.put(job.id(), new ExportJob(job.id(), job.instanceId(), ExportJob.DONE, job.total(), done, Files.size(zip),
                    null, job.createdAt(), clock.instant(), job.missing()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("recording export {} failed: {}", job.id(), e.toString());
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the expiry removes it later
            }
            jobs.put(job.id(), new ExportJob(job.id(), job.instanceId(), ExportJob.FAILED, job.total(), done, 0,
                    e.getMessage(), job.createdAt(), clock.instant(), job.missing()));
        }
    }

    private static ExportJob progress(ExportJob job, int done) {
        return new ExportJob(job.id(), job.instanceId(), ExportJob.RUNNING, job.total(), done, 0, null, job.createdAt(),
                null, job.missing());
    }

    /** Forgets finished jobs older than the keep time and deletes their ZIPs. */
    void expire() {
        Instant before = clock.instant().minus(keep);
        for (ExportJob j : List.copyOf(jobs.values())) {
            if (j.finishedAt() != null && j.finishedAt().isBefore(before)) {
                jobs.remove(j.id());
                try {
                    Files.deleteIfExists(zip(j.id()));
                } catch (IOException e) {
                    LOG.debug("export {}: {}", j.id(), e.toString());
                }
            }
        }
    }
}
