package io.parley.store;

import io.parley.api.ivr.SelfService;
import io.parley.api.store.SelfServiceStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Self-service processes in table {@code self_service}. */
@Component(service = SelfServiceStore.class)
public class JdbcSelfServiceStore implements SelfServiceStore {

    private static final String COLUMNS = "id, instance_id, name, ivr_id, ivr_version, enabled";
    private static final Map<String, String> UNIQUE = Map.of("self_service_name_uq", "name");

    private final Jdbc jdbc;

    @Activate
    public JdbcSelfServiceStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public SelfService insert(SelfService s) {
        long id = jdbc.insert("INSERT INTO self_service (instance_id, name, name_key, ivr_id, ivr_version, enabled) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", UNIQUE, s.instanceId(), s.name(), key(s.name()), s.ivrId(),
                s.ivrVersion(), s.enabled());
        return find(s.instanceId(), id).orElseThrow();
    }

    @Override
    public List<SelfService> list(long instanceId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM self_service WHERE instance_id = ? ORDER BY name_key, id",
                JdbcSelfServiceStore::row, instanceId);
    }

    @Override
    public Optional<SelfService> find(long instanceId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM self_service WHERE instance_id = ? AND id = ?",
                JdbcSelfServiceStore::row, instanceId, id);
    }

    @Override
    public boolean update(SelfService s) {
        return jdbc.update("UPDATE self_service SET name = ?, name_key = ?, ivr_id = ?, ivr_version = ?, enabled = ? "
                        + "WHERE instance_id = ? AND id = ?", UNIQUE, s.name(), key(s.name()), s.ivrId(), s.ivrVersion(),
                s.enabled(), s.instanceId(), s.id()) == 1;
    }

    @Override
    public boolean delete(long instanceId, long id) {
        return jdbc.update("DELETE FROM self_service WHERE instance_id = ? AND id = ?", instanceId, id) == 1;
    }

    @Override
    public List<SelfService> usingFlow(long instanceId, long flowId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM self_service WHERE instance_id = ? AND ivr_id = ? ORDER BY id",
                JdbcSelfServiceStore::row, instanceId, flowId);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static SelfService row(ResultSet rs) throws SQLException {
        return new SelfService(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getBoolean(6));
    }
}
