package io.parley.store;

import io.parley.api.blocklist.BlocklistEntry;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.BlocklistStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Blocklist entries in table {@code blocklist_entry}. */
@Component(service = BlocklistStore.class)
public class JdbcBlocklistStore implements BlocklistStore {

    private static final String COLUMNS = "id, instance_id, number, source, added_by, added_at, remark, expires_at";
    private static final Map<String, String> UNIQUE = Map.of("blocklist_number_uq", "number");

    private final Jdbc jdbc;

    @Activate
    public JdbcBlocklistStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public BlocklistEntry insert(BlocklistEntry e) {
        long id = jdbc.insert("INSERT INTO blocklist_entry (instance_id, number, source, added_by, added_at, remark, "
                        + "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", UNIQUE, e.instanceId(), e.number(), e.source(),
                e.addedBy(), e.addedAt(), e.remark(), Jdbc.orNull(e.expiresAt(), Types.TIMESTAMP));
        return new BlocklistEntry(id, e.instanceId(), e.number(), e.source(), e.addedBy(), e.addedAt(), e.remark(),
                e.expiresAt());
    }

    @Override
    public Optional<BlocklistEntry> find(long instanceId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM blocklist_entry WHERE instance_id = ? AND id = ?",
                JdbcBlocklistStore::row, instanceId, id);
    }

    @Override
    public Optional<BlocklistEntry> findByNumber(long instanceId, String number) {
        return jdbc.one("SELECT " + COLUMNS + " FROM blocklist_entry WHERE instance_id = ? AND number = ?",
                JdbcBlocklistStore::row, instanceId, number);
    }

    @Override
    public Page<BlocklistEntry> list(long instanceId, String numberContains, String source, PageRequest page) {
        String where = " FROM blocklist_entry WHERE instance_id = ?";
        List<Object> params = new ArrayList<>(List.of(instanceId));
        if (numberContains != null && !numberContains.isEmpty()) {
            where += " AND number LIKE ? ESCAPE '\\'";
            params.add("%" + Sql.likeEscape(numberContains) + "%");
        }
        if (source != null) {
            where += " AND source = ?";
            params.add(source);
        }
        long total = jdbc.count("SELECT COUNT(*)" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(jdbc.list("SELECT " + COLUMNS + where + " ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                JdbcBlocklistStore::row, params.toArray()), total);
    }

    @Override
    public boolean delete(long instanceId, long id) {
        return jdbc.update("DELETE FROM blocklist_entry WHERE instance_id = ? AND id = ?", instanceId, id) == 1;
    }

    private static BlocklistEntry row(ResultSet rs) throws SQLException {
        return new BlocklistEntry(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("number"),
                rs.getString("source"), rs.getString("added_by"), Jdbc.instant(rs.getTimestamp("added_at")),
                rs.getString("remark"), Jdbc.instant(rs.getTimestamp("expires_at")));
    }
}
