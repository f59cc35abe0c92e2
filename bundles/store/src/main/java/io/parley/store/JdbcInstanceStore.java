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
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = InstanceStore.class)
public class JdbcInstanceStore implements InstanceStore {

    private static final String COLUMNS = "id, name, time_zone, created_at";
    private static final Map<String, String> UNIQUE = Map.of("instance_name_uq", "name");

    private final Jdbc jdbc;
    /**
     * Instances by id: every SIP REGISTER and phone lookup checks its instance, thousands a second under a
     * registration flood (a quarter of the registrar's CPU was this query in bench/sip). A plain map, not an
     * Ehcache: instances are few, operator-made and never deleted, and only found ones are remembered, so a
     * scan of unknown ids cannot grow it. A write to an instance row must evict its entry (rows are only inserted).
     */
    private final Map<Long, Instance> byId = new ConcurrentHashMap<>();

    @Activate
    public JdbcInstanceStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Instance insert(String name, String timeZone, Instant createdAt) {
        long id = jdbc.insert("INSERT INTO instance (name, name_key, time_zone, created_at) VALUES (?, ?, ?, ?)",
                UNIQUE, name, name.toLowerCase(Locale.ROOT), timeZone, createdAt);
        byId.remove(id);
        return new Instance(id, name, timeZone, createdAt);
    }

    @Override
    public Optional<Instance> find(long id) {
        Instance cached = byId.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Instance> found = jdbc.one("SELECT " + COLUMNS + " FROM instance WHERE id = ?", JdbcInstanceStore::row, id);
        found.ifPresent(i -> byId.put(id, i));
        return found;
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
