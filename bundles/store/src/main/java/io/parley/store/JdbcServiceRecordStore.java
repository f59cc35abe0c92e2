package io.parley.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.record.RecordFilter;
import io.parley.api.store.ServiceRecordStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Service records in table {@code service_record} (V12). */
@Component(service = ServiceRecordStore.class)
public class JdbcServiceRecordStore implements ServiceRecordStore {

    private static final String COLUMNS = "session_id, instance_id, started_at, category, direction, agent_terminal, "
            + "caller_number, callee_number, remark, status, duration_s, ring_duration_s, talk_duration_s, "
            + "queue_duration_s, hold_duration_s, agent_id, agent_name, skill_group_id, skill_group, hangup_party, "
            + "campaign_id, is_open, last_seen_at, ended_at, detail";
    private static final String UPDATE = "UPDATE service_record SET instance_id = ?, started_at = ?, category = ?, "
            + "direction = ?, agent_terminal = ?, caller_number = ?, callee_number = ?, status = ?, duration_s = ?, "
            + "ring_duration_s = ?, talk_duration_s = ?, queue_duration_s = ?, hold_duration_s = ?, agent_id = ?, "
            + "agent_name = ?, skill_group_id = ?, skill_group = ?, hangup_party = ?, campaign_id = ?, is_open = ?, "
            + "last_seen_at = ?, ended_at = ?, detail = ? WHERE session_id = ?";
    private static final String INSERT = "INSERT INTO service_record (instance_id, started_at, category, direction, "
            + "agent_terminal, caller_number, callee_number, status, duration_s, ring_duration_s, talk_duration_s, "
            + "queue_duration_s, hold_duration_s, agent_id, agent_name, skill_group_id, skill_group, hangup_party, "
            + "campaign_id, is_open, last_seen_at, ended_at, detail, session_id, remark) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Jdbc jdbc;

    @Activate
    public JdbcServiceRecordStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void save(List<StoredServiceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        jdbc.transaction("save service records", Map.of(), c -> {
            // UPDATE first, INSERT what was not there: portable (no MERGE/ON CONFLICT shared by Derby and
            // PostgreSQL), and one writer per appliance means no race between the two
            try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                for (StoredServiceRecord r : records) {
                    bindValues(update, r);
                    update.setString(24, r.sessionId());
                    if (update.executeUpdate() == 0) {
                        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                            bindValues(insert, r);
                            insert.setString(24, r.sessionId());
                            insert.setString(25, r.remark());
                            insert.executeUpdate();
                        }
                    }
                }
            }
            return null;
        });
    }

    private static void bindValues(PreparedStatement ps, StoredServiceRecord r) throws SQLException {
        ps.setLong(1, r.instanceId());
        ps.setTimestamp(2, Jdbc.timestamp(r.time()));
        ps.setString(3, r.category());
        ps.setString(4, r.direction());
        ps.setString(5, r.agentTerminal());
        ps.setString(6, r.callerNumber());
        ps.setString(7, r.calleeNumber());
        ps.setString(8, r.status());
        ps.setInt(9, r.durationS());
        ps.setInt(10, r.ringDurationS());
        ps.setInt(11, r.talkDurationS());
        ps.setInt(12, r.queueDurationS());
        ps.setInt(13, r.holdDurationS());
        ps.setString(14, r.agentId());
        ps.setString(15, r.agentName());
        if (r.skillGroupId() == null) {
            ps.setNull(16, Types.BIGINT);
        } else {
            ps.setLong(16, r.skillGroupId());
        }
        ps.setString(17, r.skillGroup());
        ps.setString(18, r.hangupParty());
        if (r.campaignId() == null) {
            ps.setNull(19, Types.BIGINT);
        } else {
            ps.setLong(19, r.campaignId());
        }
        ps.setBoolean(20, r.open());
        ps.setTimestamp(21, Jdbc.timestamp(r.lastSeenAt()));
        if (r.endedAt() == null) {
            ps.setNull(22, Types.TIMESTAMP);
        } else {
            ps.setTimestamp(22, Jdbc.timestamp(r.endedAt()));
        }
        ps.setString(23, r.detailJson());
    }

    @Override
    public Optional<StoredServiceRecord> find(long instanceId, String sessionId) {
        return jdbc.one("SELECT " + COLUMNS + " FROM service_record WHERE instance_id = ? AND session_id = ?",
                JdbcServiceRecordStore::row, instanceId, sessionId);
    }

    @Override
    public Page<StoredServiceRecord> list(long instanceId, RecordFilter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        String where = where(instanceId, filter, params);
        long total = jdbc.count("SELECT COUNT(*) FROM service_record" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(jdbc.list("SELECT " + COLUMNS + " FROM service_record" + where
                + " ORDER BY started_at DESC, session_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                JdbcServiceRecordStore::row, params.toArray()), total);
    }

    @Override
    public void each(long instanceId, RecordFilter filter, Consumer<StoredServiceRecord> consumer) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + COLUMNS + " FROM service_record" + where(instanceId, filter, params)
                + " ORDER BY started_at DESC, session_id DESC";
        try (Connection c = jdbc.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            // PostgreSQL only streams (fetch size honoured) inside a transaction
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(500);
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i) instanceof Instant t ? Jdbc.timestamp(t) : params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(row(rs));
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreFailure(sql, e);
        }
    }

    @Override
    public List<StoredServiceRecord> open() {
        return jdbc.list("SELECT " + COLUMNS + " FROM service_record WHERE is_open = ? ORDER BY started_at",
                JdbcServiceRecordStore::row, true);
    }

    @Override
    public void touch(List<String> sessionIds, Instant at) {
        for (int from = 0; from < sessionIds.size(); from += 200) {
            List<String> chunk = sessionIds.subList(from, Math.min(sessionIds.size(), from + 200));
            List<Object> params = new ArrayList<>();
            params.add(at);
            params.add(true);
            params.addAll(chunk);
            jdbc.update("UPDATE service_record SET last_seen_at = ? WHERE is_open = ? AND session_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")", params.toArray());
        }
    }

    @Override
    public boolean setRemark(long instanceId, String sessionId, String remark) {
        return jdbc.update("UPDATE service_record SET remark = ? WHERE instance_id = ? AND session_id = ?",
                remark, instanceId, sessionId) == 1;
    }

    /** The WHERE clause of a filter, its values added to {@code params}. */
    static String where(long instanceId, RecordFilter f, List<Object> params) {
        StringBuilder w = new StringBuilder(" WHERE instance_id = ?");
        params.add(instanceId);
        if (f.from() != null) {
            w.append(" AND started_at >= ?");
            params.add(f.from());
        }
        if (f.to() != null) {
            w.append(" AND started_at < ?");
            params.add(f.to());
        }
        exact(w, params, "category", f.category());
        exact(w, params, "direction", f.direction());
        exact(w, params, "agent_id", f.agentId());
        exact(w, params, "status", f.status());
        exact(w, params, "hangup_party", f.hangupParty());
        exact(w, params, "agent_terminal", f.agentTerminal());
        if (f.skillGroupId() != null) {
            w.append(" AND skill_group_id = ?");
            params.add(f.skillGroupId());
        }
        contains(w, params, "caller_number", f.caller(), false);
        contains(w, params, "callee_number", f.callee(), false);
        contains(w, params, "agent_name", f.agentName(), true);
        contains(w, params, "remark", f.remark(), true);
        if (f.visible() != null) {
            // SPEC §5.2/§5.3: each category its permission allows, within that permission's groups
            List<String> allowed = new ArrayList<>();
            for (Map.Entry<String, Set<Long>> e : f.visible().entrySet()) {
                StringBuilder one = new StringBuilder("(category = ?");
                params.add(e.getKey());
                if (e.getValue() != null) {
                    if (e.getValue().isEmpty()) {
                        one.append(" AND 1 = 0");
                    } else {
                        one.append(" AND skill_group_id IN (")
                                .append(String.join(", ", java.util.Collections.nCopies(e.getValue().size(), "?")))
                                .append(')');
                        params.addAll(e.getValue());
                    }
                }
                allowed.add(one.append(')').toString());
            }
            w.append(allowed.isEmpty() ? " AND 1 = 0" : " AND (" + String.join(" OR ", allowed) + ")");
        }
        return w.toString();
    }

    private static void exact(StringBuilder w, List<Object> params, String column, String value) {
        if (value != null && !value.isEmpty()) {
            w.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static void contains(StringBuilder w, List<Object> params, String column, String value, boolean ignoreCase) {
        if (value != null && !value.isEmpty()) {
            String term = ignoreCase ? value.toLowerCase(java.util.Locale.ROOT) : value;
            w.append(" AND ").append(ignoreCase ? "LOWER(" + column + ")" : column).append(" LIKE ? ESCAPE '\\'");
            params.add("%" + Sql.likeEscape(term) + "%");
        }
    }

    private static StoredServiceRecord row(ResultSet rs) throws SQLException {
        long group = rs.getLong("skill_group_id");
        Long skillGroupId = rs.wasNull() ? null : group;
        long campaign = rs.getLong("campaign_id");
        Long campaignId = rs.wasNull() ? null : campaign;
        return new StoredServiceRecord(rs.getLong("instance_id"), rs.getString("session_id"),
                Jdbc.instant(rs.getTimestamp("started_at")), rs.getString("category"), rs.getString("direction"),
                rs.getString("agent_terminal"), rs.getString("caller_number"), rs.getString("callee_number"),
                rs.getString("remark"), rs.getString("status"), rs.getInt("duration_s"), rs.getInt("ring_duration_s"),
                rs.getInt("talk_duration_s"), rs.getInt("queue_duration_s"), rs.getInt("hold_duration_s"),
                rs.getString("agent_id"), rs.getString("agent_name"), skillGroupId, rs.getString("skill_group"),
                rs.getString("hangup_party"), campaignId, rs.getBoolean("is_open"),
                Jdbc.instant(rs.getTimestamp("last_seen_at")), Jdbc.instant(rs.getTimestamp("ended_at")),
                rs.getString("detail"));
    }
}
