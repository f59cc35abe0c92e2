package io.parley.store;

import io.parley.api.recording.Recording;
import io.parley.api.store.RecordingStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The recordings index in table {@code recording} (V12). */
@Component(service = RecordingStore.class)
public class JdbcRecordingStore implements RecordingStore {

    private static final String COLUMNS = "id, instance_id, session_id, kind, file_path, channels, duration_s, started_at, "
            + "ended_at, category, skill_group_id, size_bytes, uploaded_at";

    private final Jdbc jdbc;

    @Activate
    public JdbcRecordingStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void insert(Recording r) {
        jdbc.update("INSERT INTO recording (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.instanceId(), r.sessionId(), r.kind(), r.file(), r.channels(), r.durationS(),
                Jdbc.timestamp(r.startedAt()), Jdbc.orNull(Jdbc.timestamp(r.endedAt()), Types.TIMESTAMP), r.category(),
                Jdbc.orNull(r.skillGroupId(), Types.BIGINT), r.sizeBytes(),
                Jdbc.orNull(Jdbc.timestamp(r.uploadedAt()), Types.TIMESTAMP));
    }

    @Override
    public void close(String id, int durationS, Instant endedAt, long sizeBytes) {
        jdbc.update("UPDATE recording SET duration_s = ?, ended_at = ?, size_bytes = ? WHERE id = ?", durationS,
                Jdbc.timestamp(endedAt), sizeBytes, id);
    }

    @Override
    public Optional<Recording> find(String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM recording WHERE id = ?", JdbcRecordingStore::row, id);
    }

    @Override
    public List<Recording> ofSession(long instanceId, String sessionId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM recording WHERE instance_id = ? AND session_id = ? "
                + "ORDER BY started_at, id", JdbcRecordingStore::row, instanceId, sessionId);
    }

    @Override
    public List<Recording> startedBetween(long instanceId, Instant from, Instant to, int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM recording WHERE instance_id = ? AND ended_at IS NOT NULL "
                        + "AND started_at >= ? AND started_at < ? ORDER BY started_at, id FETCH FIRST " + limit + " ROWS ONLY",
                JdbcRecordingStore::row, instanceId, Jdbc.timestamp(from), Jdbc.timestamp(to));
    }

    @Override
    public List<Recording> open() {
        return jdbc.list("SELECT " + COLUMNS + " FROM recording WHERE ended_at IS NULL ORDER BY started_at, id",
                JdbcRecordingStore::row);
    }

    @Override
    public List<Recording> oldest(int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM recording WHERE ended_at IS NOT NULL ORDER BY started_at, id "
                + "FETCH FIRST " + limit + " ROWS ONLY", JdbcRecordingStore::row);
    }

    @Override
    public List<Recording> startedBefore(long instanceId, Instant before, int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM recording WHERE instance_id = ? AND ended_at IS NOT NULL "
                        + "AND started_at < ? ORDER BY started_at, id FETCH FIRST " + limit + " ROWS ONLY",
                JdbcRecordingStore::row, instanceId, Jdbc.timestamp(before));
    }

    @Override
    public void uploaded(String id, Instant at) {
        jdbc.update("UPDATE recording SET uploaded_at = ? WHERE id = ?", Jdbc.timestamp(at), id);
    }

    @Override
    public List<Recording> notUploaded(long instanceId, int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM recording WHERE instance_id = ? AND ended_at IS NOT NULL "
                        + "AND uploaded_at IS NULL ORDER BY started_at, id FETCH FIRST " + limit + " ROWS ONLY",
                JdbcRecordingStore::row, instanceId);
    }

    @Override
    public boolean delete(String id) {
        return jdbc.update("DELETE FROM recording WHERE id = ?", id) == 1;
    }

    @Override
    public List<Long> instanceIds() {
        return jdbc.list("SELECT DISTINCT instance_id FROM recording ORDER BY instance_id", rs -> rs.getLong(1));
    }

    @Override
    public long totalBytes() {
        return jdbc.count("SELECT COALESCE(SUM(size_bytes), 0) FROM recording WHERE ended_at IS NOT NULL");
    }

    private static Recording row(ResultSet rs) throws SQLException {
        long group = rs.getLong("skill_group_id");
        Long skillGroup = rs.wasNull() ? null : group;
        return new Recording(rs.getString("id"), rs.getLong("instance_id"), rs.getString("session_id"),
                rs.getString("kind"), rs.getString("file_path"), rs.getInt("channels"), rs.getInt("duration_s"),
                Jdbc.instant(rs.getTimestamp("started_at")), Jdbc.instant(rs.getTimestamp("ended_at")),
                rs.getString("category"), skillGroup, rs.getLong("size_bytes"), Jdbc.instant(rs.getTimestamp("uploaded_at")));
    }
}
