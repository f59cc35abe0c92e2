package io.parley.store;

import io.parley.api.instance.Instance;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.InstanceStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = InstanceStore.class)
public class JdbcInstanceStore implements InstanceStore {

    private static final String COLUMNS = "id, name, time_zone, created_at";
    private static final Map<String, String> UNIQUE = Map.of("instance_name_uq", "name");

    private final Jdbc jdbc;

    @Activate
    public JdbcInstanceStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Instance insert(String name, String timeZone, Instant createdAt) {
        long id = jdbc.insert("INSERT INTO instance (name, name_key, time_zone, created_at) VALUES (?, ?, ?, ?)",
                UNIQUE, name, name.toLowerCase(Locale.ROOT), timeZone, createdAt);
        return new Instance(id, name, timeZone, createdAt);
    }

    @Override
    public Optional<Instance> find(long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM instance WHERE id = ?", JdbcInstanceStore::row, id);
    }

    @Override
    public Optional<Instance> first() {
        return jdbc.one("SELECT " + COLUMNS + " FROM instance ORDER BY id FETCH FIRST 1 ROWS ONLY",
                JdbcInstanceStore::row);
    }

    @Override
    public Page<Instance> list(PageRequest page) {
        long total = jdbc.count("SELECT COUNT(*) FROM instance");
        return new Page<>(jdbc.list("SELECT " + COLUMNS + " FROM instance ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                JdbcInstanceStore::row, page.offset(), page.pageSize()), total);
    }

    private static Instance row(ResultSet rs) throws SQLException {
        return new Instance(rs.getLong("id"), rs.getString("name"), rs.getString("time_zone"),
                Jdbc.instant(rs.getTimestamp("created_at")));
    }
}
