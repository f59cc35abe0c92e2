package io.parley.store;

import io.parley.api.error.ConflictException;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.push.OutboxEntry;
import io.parley.api.store.PushOutboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The push outbox in {@code push_outbox}, payloads in 4000-character parts of {@code push_outbox_payload} (V13). */
@Component(service = PushOutboxStore.class)
public class JdbcPushOutboxStore implements PushOutboxStore {

    static final int PART = 4000;
    private static final int ERROR_MAX = 500;
    private static final String COLUMNS = "id, instance_id, kind, session_id, status, attempts, created_at, "
            + "first_attempt_at, last_attempt_at, next_attempt_at, done_at, last_error";
    private static final Map<String, String> UNIQUE = Map.of("push_outbox_item_uq", "session_id");

    private final Jdbc jdbc;

    @Activate
    public JdbcPushOutboxStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public boolean enqueue(long instanceId, String kind, String sessionId, String json, Instant createdAt) {
        try {
            return jdbc.transaction("enqueue push item", UNIQUE, c -> {
                long id = Jdbc.insert(c, "INSERT INTO push_outbox (instance_id, kind, session_id, status, attempts, "
                                + "created_at, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?, ?)", instanceId, kind, sessionId,
                        OutboxEntry.PENDING, createdAt, createdAt);
                int n = 0;
                for (int at = 0; at < json.length(); at += PART) {
                    Jdbc.update(c, "INSERT INTO push_outbox_payload (item_id, part_no, part) VALUES (?, ?, ?)", id, n++,
                            json.substring(at, Math.min(json.length(), at + PART)));
                }
                return true;
            });
        } catch (ConflictException duplicate) {
            return false;
        }
    }

    @Override
    public List<Long> instancesDue(Instant now) {
        return jdbc.list("SELECT DISTINCT instance_id FROM push_outbox WHERE status = ? AND next_attempt_at <= ?",
                rs -> rs.getLong(1), OutboxEntry.PENDING, now);
    }

    @Override
    public List<OutboxEntry> due(long instanceId, Instant now, int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM push_outbox WHERE status = ? AND instance_id = ? "
                        + "AND next_attempt_at <= ? ORDER BY next_attempt_at, id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                JdbcPushOutboxStore::row, OutboxEntry.PENDING, instanceId, now);
    }

    @Override
    public String payload(long id) {
        StringBuilder out = new StringBuilder();
        jdbc.list("SELECT part FROM push_outbox_payload WHERE item_id = ? ORDER BY part_no", rs -> rs.getString(1), id)
                .forEach(out::append);
        return out.toString();
    }

    @Override
    public Optional<OutboxEntry> find(long instanceId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM push_outbox WHERE instance_id = ? AND id = ?",
                JdbcPushOutboxStore::row, instanceId, id);
    }

    @Override
    public Page<OutboxEntry> list(long instanceId, String status, PageRequest page) {
        String where = " FROM push_outbox WHERE instance_id = ?";
        List<Object> params = new ArrayList<>(List.of(instanceId));
        if (status != null) {
            where += " AND status = ?";
            params.add(status);
        }
        long total = jdbc.count("SELECT COUNT(*)" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(jdbc.list("SELECT " + COLUMNS + where + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                JdbcPushOutboxStore::row, params.toArray()), total);
    }

    @Override
    public long count(long instanceId, String status) {
        return jdbc.count("SELECT COUNT(*) FROM push_outbox WHERE instance_id = ? AND status = ?", instanceId, status);
    }

    @Override
    public Optional<Instant> oldestPending(long instanceId) {
        // MIN over no rows is one row holding NULL
        return jdbc.list("SELECT MIN(created_at) FROM push_outbox WHERE instance_id = ? AND status = ?",
                rs -> Optional.ofNullable(Jdbc.instant(rs.getTimestamp(1))), instanceId, OutboxEntry.PENDING)
                .stream().flatMap(Optional::stream).findFirst();
    }

    @Override
    public Optional<OutboxEntry> lastError(long instanceId) {
        return jdbc.one("SELECT " + COLUMNS + " FROM push_outbox WHERE instance_id = ? AND last_error IS NOT NULL "
                + "ORDER BY last_attempt_at DESC, id DESC FETCH FIRST 1 ROWS ONLY", JdbcPushOutboxStore::row, instanceId);
    }

    @Override
    public void markDelivered(long id, Instant at) {
        jdbc.update("UPDATE push_outbox SET status = ?, attempts = attempts + 1, first_attempt_at = COALESCE("
                        + "first_attempt_at, ?), last_attempt_at = ?, done_at = ? WHERE id = ?",
                OutboxEntry.DELIVERED, at, at, at, id);
    }

    @Override
    public void markRetry(long id, Instant attemptAt, Instant nextAttemptAt, String error) {
        jdbc.update("UPDATE push_outbox SET attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?), "
                        + "last_attempt_at = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                attemptAt, attemptAt, nextAttemptAt, clip(error), id);
    }

    @Override
    public void markFailed(long id, Instant at, String error) {
        jdbc.update("UPDATE push_outbox SET status = ?, attempts = attempts + 1, first_attempt_at = COALESCE("
                        + "first_attempt_at, ?), last_attempt_at = ?, done_at = ?, last_error = ? WHERE id = ?",
                OutboxEntry.FAILED, at, at, at, clip(error), id);
    }

    @Override
    public boolean requeue(long instanceId, long id, Instant now) {
        return jdbc.update("UPDATE push_outbox SET status = ?, first_attempt_at = NULL, next_attempt_at = ?, "
                        + "done_at = NULL WHERE instance_id = ? AND id = ? AND status = ?",
                OutboxEntry.PENDING, now, instanceId, id, OutboxEntry.FAILED) == 1;
    }

    @Override
    public int purge(String status, Instant before) {
        // the payload parts go with their item (ON DELETE CASCADE)
        return jdbc.update("DELETE FROM push_outbox WHERE status = ? AND done_at < ?", status, before);
    }

    private static String clip(String error) {
        String e = error == null ? "unknown failure" : error;
        return e.length() <= ERROR_MAX ? e : e.substring(0, ERROR_MAX);
    }

    private static OutboxEntry row(ResultSet rs) throws SQLException {
        return new OutboxEntry(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("kind"),
                rs.getString("session_id"), rs.getString("status"), rs.getInt("attempts"),
                Jdbc.instant(rs.getTimestamp("created_at")), Jdbc.instant(rs.getTimestamp("first_attempt_at")),
                Jdbc.instant(rs.getTimestamp("last_attempt_at")), Jdbc.instant(rs.getTimestamp("next_attempt_at")),
                Jdbc.instant(rs.getTimestamp("done_at")), rs.getString("last_error"));
    }
}
