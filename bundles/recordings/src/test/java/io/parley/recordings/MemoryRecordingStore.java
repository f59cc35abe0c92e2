package io.parley.recordings;

import io.parley.api.recording.Recording;
import io.parley.api.store.RecordingStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The recordings index in memory, for unit tests (the JDBC one is tested in the store bundle). */
final class MemoryRecordingStore implements RecordingStore {

    final Map<String, Recording> rows = new ConcurrentHashMap<>();

    private List<Recording> select(Predicate<Recording> which, int limit) {
        return rows.values().stream().filter(which)
                .sorted(Comparator.comparing(Recording::startedAt).thenComparing(Recording::id)).limit(limit).toList();
    }

    @Override
    public void insert(Recording r) {
        rows.put(r.id(), r);
    }

    @Override
    public void close(String id, int durationS, Instant endedAt, long sizeBytes) {
        Recording r = rows.get(id);
        rows.put(id, new Recording(r.id(), r.instanceId(), r.sessionId(), r.kind(), r.file(), r.channels(), durationS,
                r.startedAt(), endedAt, r.category(), r.skillGroupId(), sizeBytes, r.uploadedAt()));
    }

    @Override
    public Optional<Recording> find(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public List<Recording> ofSession(long instanceId, String sessionId) {
        return select(r -> r.instanceId() == instanceId && r.sessionId().equals(sessionId), Integer.MAX_VALUE);
    }

    @Override
    public List<Recording> startedBetween(long instanceId, Instant from, Instant to, int limit) {
        return select(r -> r.instanceId() == instanceId && r.isClosed() && !r.startedAt().isBefore(from)
                && r.startedAt().isBefore(to), limit);
    }

    @Override
    public List<Recording> open() {
        return select(r -> !r.isClosed(), Integer.MAX_VALUE);
    }

    @Override
    public List<Recording> oldest(int limit) {
        return select(Recording::isClosed, limit);
    }

    @Override
    public List<Recording> startedBefore(long instanceId, Instant before, int limit) {
        return select(r -> r.instanceId() == instanceId && r.isClosed() && r.startedAt().isBefore(before), limit);
    }

    @Override
    public void uploaded(String id, Instant at) {
        Recording r = rows.get(id);
        rows.put(id, new Recording(r.id(), r.instanceId(), r.sessionId(), r.kind(), r.file(), r.channels(), r.durationS(),
                r.startedAt(), r.endedAt(), r.category(), r.skillGroupId(), r.sizeBytes(), at));
    }

    @Override
    public List<Recording> notUploaded(long instanceId, int limit) {
        return select(r -> r.instanceId() == instanceId && r.isClosed() && r.uploadedAt() == null, limit);
    }

    @Override
    public boolean delete(String id) {
        return rows.remove(id) != null;
    }

    @Override
    public List<Long> instanceIds() {
        return rows.values().stream().map(Recording::instanceId).distinct().sorted().toList();
    }

    @Override
    public long totalBytes() {
        return rows.values().stream().filter(Recording::isClosed).mapToLong(Recording::sizeBytes).sum();
    }
}
