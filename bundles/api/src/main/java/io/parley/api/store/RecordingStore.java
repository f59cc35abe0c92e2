package io.parley.api.store;

import io.parley.api.recording.Recording;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The recordings index (table {@code recording}): one row per recording or voicemail file,
 * inserted when the file opens so that a crash leaves a row to repair at the next start.
 *
 * <pre>{@code
 * store.insert(new Recording(id, instanceId, sid, Recording.RECORDING, path, 2, 0, now, null, "telephone", null, 0, null));
 * store.close(id, 93, Instant.now(), 1_488_044);
 * }</pre>
 */
public interface RecordingStore {

    void insert(Recording recording);

    /** Marks a recording closed with its length. */
    void close(String id, int durationS, Instant endedAt, long sizeBytes);

    Optional<Recording> find(String id);

    /** Every recording of a session, oldest first. */
    List<Recording> ofSession(long instanceId, String sessionId);

    /** Closed recordings of an instance started in {@code [from, to)}, oldest first, at most {@code limit}. */
    List<Recording> startedBetween(long instanceId, Instant from, Instant to, int limit);

    /** Every recording still open (left open by a crash when read at start). */
    List<Recording> open();

    /** Closed recordings of every instance, oldest first, at most {@code limit} (for the disk watermark). */
    List<Recording> oldest(int limit);

    /** Closed recordings of an instance started before {@code before}, oldest first, at most {@code limit}. */
    List<Recording> startedBefore(long instanceId, Instant before, int limit);

    /** Records that the S3 copy succeeded. */
    void uploaded(String id, Instant at);

    /** Closed recordings not yet uploaded, oldest first, at most {@code limit}. */
    List<Recording> notUploaded(long instanceId, int limit);

    boolean delete(String id);

    /** The instances that have recordings. */
    List<Long> instanceIds();

    /** Bytes of every closed recording (the disk watermark's quota). */
    long totalBytes();
}
