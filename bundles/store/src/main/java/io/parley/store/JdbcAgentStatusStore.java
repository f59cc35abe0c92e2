package io.parley.store;

import io.parley.api.agent.BreakReason;
import io.parley.api.store.AgentStatusStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Break reasons in {@code break_reason}, settings as named values in {@code instance_setting}. */
@Component(service = AgentStatusStore.class)
public class JdbcAgentStatusStore implements AgentStatusStore {

    private static final Map<String, String> UNIQUE = Map.of("break_reason_name_uq", "name");

    private final Jdbc jdbc;

    @Activate
    public JdbcAgentStatusStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public BreakReason insertBreakReason(BreakReason r) {
        long id = jdbc.insert("INSERT INTO break_reason (instance_id, name, name_key, enabled) VALUES (?, ?, ?, ?)",
                UNIQUE, r.instanceId(), r.name(), key(r.name()), r.enabled());
        return new BreakReason(id, r.instanceId(), r.name(), r.enabled());
    }

    @Override
    public Optional<BreakReason> findBreakReason(long instanceId, long id) {
        return jdbc.one("SELECT id, instance_id, name, enabled FROM break_reason WHERE instance_id = ? AND id = ?",
                JdbcAgentStatusStore::row, instanceId, id);
    }

    @Override
    public List<BreakReason> breakReasons(long instanceId) {
        return jdbc.list("SELECT id, instance_id, name, enabled FROM break_reason WHERE instance_id = ? ORDER BY id",
                JdbcAgentStatusStore::row, instanceId);
    }

    @Override
    public boolean updateBreakReason(BreakReason r) {
        return jdbc.update("UPDATE break_reason SET name = ?, name_key = ?, enabled = ? WHERE instance_id = ? AND id = ?",
                UNIQUE, r.name(), key(r.name()), r.enabled(), r.instanceId(), r.id()) == 1;
    }

    @Override
    public boolean deleteBreakReason(long instanceId, long id) {
        return jdbc.update("DELETE FROM break_reason WHERE instance_id = ? AND id = ?", instanceId, id) == 1;
    }

    @Override
    public Optional<String> setting(long instanceId, String name) {
        return jdbc.one("SELECT setting_value FROM instance_setting WHERE instance_id = ? AND setting_name = ?",
                rs -> rs.getString(1), instanceId, name);
    }

    @Override
    public void putSetting(long instanceId, String name, String value) {
        jdbc.transaction("put setting", Map.of(), c -> {
            if (Jdbc.update(c, "UPDATE instance_setting SET setting_value = ? WHERE instance_id = ? AND setting_name = ?",
                    value, instanceId, name) == 0) {
                Jdbc.update(c, "INSERT INTO instance_setting (instance_id, setting_name, setting_value) VALUES (?, ?, ?)",
                        instanceId, name, value);
            }
            return null;
        });
    }

    @Override
    public Map<String, String> settings(long instanceId, String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        jdbc.list("SELECT setting_name, setting_value FROM instance_setting WHERE instance_id = ? AND setting_name LIKE ? "
                        + "ESCAPE '\\'", rs -> out.put(rs.getString(1), rs.getString(2)), instanceId,
                Sql.likeEscape(prefix) + "%");
        return out;
    }

    @Override
    public void replaceSettings(long instanceId, String prefix, Map<String, String> values) {
        jdbc.transaction("replace settings " + prefix, Map.of(), c -> {
            Jdbc.update(c, "DELETE FROM instance_setting WHERE instance_id = ? AND setting_name LIKE ? ESCAPE '\\'",
                    instanceId, Sql.likeEscape(prefix) + "%");
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    throw new IllegalArgumentException(e.getKey() + " is outside " + prefix);
                }
                Jdbc.update(c, "INSERT INTO instance_setting (instance_id, setting_name, setting_value) VALUES (?, ?, ?)",
                        instanceId, e.getKey(), e.getValue());
            }
            return null;
        });
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static BreakReason row(ResultSet rs) throws SQLException {
        return new BreakReason(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("name"), rs.getBoolean("enabled"));
    }
}
