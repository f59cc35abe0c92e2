package io.parley.store;

import io.parley.api.hotword.HotWord;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.HotWordStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ehcache.Cache;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Hot words in table {@code hot_word}. The whole list of an instance, which the recogniser
 * reads, is cached per instance and evicted by every write.
 */
@Component(service = HotWordStore.class)
public class JdbcHotWordStore implements HotWordStore {

    private static final String COLUMNS = "id, instance_id, name, weight";
    private static final Map<String, String> UNIQUE = Map.of("hot_word_name_uq", "name");

    private final Jdbc jdbc;
    private final Cache<Long, HotWord[]> lists;

    @Activate
    public JdbcHotWordStore(@Reference Database database, @Reference StoreCaches caches) {
        this.jdbc = database.jdbc();
        this.lists = caches.cache("hot-words", Long.class, HotWord[].class, null);
    }

    @Override
    public HotWord insert(HotWord w) {
        lists.remove(w.instanceId());
        long id = jdbc.insert("INSERT INTO hot_word (instance_id, name, name_key, weight) VALUES (?, ?, ?, ?)", UNIQUE,
                w.instanceId(), w.name(), key(w.name()), w.weight());
        return new HotWord(id, w.instanceId(), w.name(), w.weight());
    }

    @Override
    public Optional<HotWord> find(long instanceId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM hot_word WHERE instance_id = ? AND id = ?", JdbcHotWordStore::row,
                instanceId, id);
    }

    @Override
    public Optional<HotWord> findByName(long instanceId, String name) {
        return jdbc.one("SELECT " + COLUMNS + " FROM hot_word WHERE instance_id = ? AND name_key = ?",
                JdbcHotWordStore::row, instanceId, key(name));
    }

    @Override
    public Page<HotWord> list(long instanceId, String nameContains, PageRequest page) {
        return jdbc.pageByName("hot_word", COLUMNS, instanceId, nameContains, "id", page, JdbcHotWordStore::row);
    }

    @Override
    public List<HotWord> all(long instanceId) {
        HotWord[] cached = lists.get(instanceId);
        if (cached == null) {
            cached = jdbc.list("SELECT " + COLUMNS + " FROM hot_word WHERE instance_id = ? ORDER BY id",
                    JdbcHotWordStore::row, instanceId).toArray(HotWord[]::new);
            lists.put(instanceId, cached);
        }
        return List.of(cached);
    }

    @Override
    public long count(long instanceId) {
        return jdbc.count("SELECT COUNT(*) FROM hot_word WHERE instance_id = ?", instanceId);
    }

    @Override
    public boolean update(HotWord w) {
        lists.remove(w.instanceId());
        return jdbc.update("UPDATE hot_word SET name = ?, name_key = ?, weight = ? WHERE instance_id = ? AND id = ?",
                UNIQUE, w.name(), key(w.name()), w.weight(), w.instanceId(), w.id()) == 1;
    }

    @Override
    public boolean delete(long instanceId, long id) {
        lists.remove(instanceId);
        return jdbc.update("DELETE FROM hot_word WHERE instance_id = ? AND id = ?", instanceId, id) == 1;
    }

    @Override
    public void replaceAll(long instanceId, List<HotWord> words) {
        lists.remove(instanceId);
        jdbc.transaction("replace hot words", UNIQUE, c -> {
            Jdbc.update(c, "DELETE FROM hot_word WHERE instance_id = ?", instanceId);
            for (HotWord w : words) {
                Jdbc.update(c, "INSERT INTO hot_word (instance_id, name, name_key, weight) VALUES (?, ?, ?, ?)",
                        instanceId, w.name(), key(w.name()), w.weight());
            }
            return null;
        });
        lists.remove(instanceId);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static HotWord row(ResultSet rs) throws SQLException {
        return new HotWord(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("name"), rs.getInt("weight"));
    }
}
