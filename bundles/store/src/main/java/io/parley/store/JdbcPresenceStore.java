package io.parley.store;

import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import io.parley.api.store.PresenceStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Presence changes appended to {@code agent_presence_change}; read back by agent and time. */
@Component(service = PresenceStore.class)
public class JdbcPresenceStore implements PresenceStore {

    private static final String COLUMNS = "instance_id, agent_id, state, break_reason_id, break_reason, session_id, changed_at";

    private final Jdbc jdbc;

    @Activate
    public JdbcPresenceStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void append(PresenceState c) {
        jdbc.update("INSERT INTO agent_presence_change (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                c.instanceId(), c.agentId(), c.state().wire(), Jdbc.orNull(c.breakReasonId(), Types.BIGINT),
                c.breakReason(), c.sessionId(), c.since());
    }

    @Override
    public List<PresenceState> changes(long instanceId, String agentId, Instant from) {
        return jdbc.list("SELECT " + COLUMNS + " FROM agent_presence_change WHERE instance_id = ? AND agent_id = ? "
                + "AND changed_at >= ? ORDER BY changed_at, id", JdbcPresenceStore::row, instanceId, agentId, from);
    }

    @Override
    public Optional<PresenceState> lastBefore(long instanceId, String agentId, Instant before) {
        List<PresenceState> rows = jdbc.list("SELECT " + COLUMNS + " FROM agent_presence_change WHERE instance_id = ? "
                + "AND agent_id = ? AND changed_at < ? AND changed_at >= ? ORDER BY changed_at DESC, id DESC",
                JdbcPresenceStore::row, instanceId, agentId, before, before.minus(java.time.Duration.ofDays(2)));
        return rows.stream().findFirst();
    }

    private static PresenceState row(ResultSet rs) throws SQLException {
        long reason = rs.getLong(4);
        return new PresenceState(rs.getLong(1), rs.getString(2), Presence.fromWire(rs.getString(3)),
                rs.wasNull() ? null : reason, rs.getString(5), rs.getString(6), Jdbc.instant(rs.getTimestamp(7)));
    }
}
