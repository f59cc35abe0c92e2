package io.parley.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.IvrFlowStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * IVR flows in {@code ivr_flow}, their versions in {@code ivr_version} and each version's graph
 * in ordered 4000-character parts of {@code ivr_version_graph} (V9 says why).
 */
@Component(service = IvrFlowStore.class)
public class JdbcIvrFlowStore implements IvrFlowStore {

    static final int PART = 4000;
    private static final Map<String, String> FLOW_UNIQUE = Map.of("ivr_flow_name_uq", "name");
    private static final Map<String, String> VERSION_UNIQUE = Map.of("ivr_version_uq", "version");
    private static final String FLOW_COLUMNS = "id, instance_id, kind, name, template, updated_at";

    private final Jdbc jdbc;

    @Activate
    public JdbcIvrFlowStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public long insertFlow(FlowRow f, VersionRow first) {
        return jdbc.transaction("insert IVR flow", FLOW_UNIQUE, c -> {
            long id = Jdbc.insert(c, "INSERT INTO ivr_flow (instance_id, kind, name, name_key, template, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)", f.instanceId(), f.kind(), f.name(), key(f.name()),
                    f.template() == null ? "" : f.template(), f.updatedAt());
            insertVersion(c, new VersionRow(id, first.version(), first.basedOn(), first.notes(), first.status(),
                    first.updatedAt(), first.graphJson()));
            return id;
        });
    }

    @Override
    public Optional<FlowRow> findFlow(long instanceId, long flowId) {
        return jdbc.one("SELECT " + FLOW_COLUMNS + " FROM ivr_flow WHERE instance_id = ? AND id = ?",
                JdbcIvrFlowStore::flow, instanceId, flowId);
    }

    @Override
    public Page<FlowRow> listFlows(long instanceId, String kind, String q, PageRequest page) {
        String where = " FROM ivr_flow WHERE instance_id = ?";
        List<Object> params = new ArrayList<>(List.of(instanceId));
        if (kind != null) {
            where += " AND kind = ?";
            params.add(kind);
        }
        if (q != null && !q.isBlank()) {
            String needle = "%" + Sql.likeEscape(key(q.strip())) + "%";
            if (q.strip().matches("[0-9]{1,18}")) {
                where += " AND (name_key LIKE ? ESCAPE '\\' OR id = ?)";
                params.add(needle);
                params.add(Long.parseLong(q.strip()));
            } else {
                where += " AND name_key LIKE ? ESCAPE '\\'";
                params.add(needle);
            }
        }
        long total = jdbc.count("SELECT COUNT(*)" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(jdbc.list("SELECT " + FLOW_COLUMNS + where + " ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                JdbcIvrFlowStore::flow, params.toArray()), total);
    }

    @Override
    public boolean renameFlow(long instanceId, long flowId, String name, Instant at) {
        return jdbc.update("UPDATE ivr_flow SET name = ?, name_key = ?, updated_at = ? WHERE instance_id = ? AND id = ?",
                FLOW_UNIQUE, name, key(name), at, instanceId, flowId) == 1;
    }

    @Override
    public boolean deleteFlow(long instanceId, long flowId) {
        return jdbc.transaction("delete IVR flow", Map.of(), c -> {
            Jdbc.update(c, "DELETE FROM ivr_version_graph WHERE version_id IN "
                    + "(SELECT v.id FROM ivr_version v JOIN ivr_flow f ON f.id = v.flow_id WHERE f.instance_id = ? AND f.id = ?)",
                    instanceId, flowId);
            Jdbc.update(c, "DELETE FROM ivr_version WHERE flow_id IN (SELECT id FROM ivr_flow WHERE instance_id = ? AND id = ?)",
                    instanceId, flowId);
            return Jdbc.update(c, "DELETE FROM ivr_flow WHERE instance_id = ? AND id = ?", instanceId, flowId) == 1;
        });
    }

    @Override
    public List<VersionRow> versions(long flowId) {
        List<Object[]> rows = jdbc.list("SELECT id, flow_id, version, based_on, notes, status, updated_at FROM ivr_version "
                + "WHERE flow_id = ? ORDER BY id", JdbcIvrFlowStore::versionHead, flowId);
        Map<Long, StringBuilder> graphs = new HashMap<>();
        jdbc.list("SELECT g.version_id, g.part FROM ivr_version_graph g JOIN ivr_version v ON v.id = g.version_id "
                + "WHERE v.flow_id = ? ORDER BY g.version_id, g.part_no", rs -> {
                    graphs.computeIfAbsent(rs.getLong(1), k -> new StringBuilder()).append(rs.getString(2));
                    return null;
                }, flowId);
        List<VersionRow> out = new ArrayList<>();
        for (Object[] r : rows) {
            VersionRow v = (VersionRow) r[1];
            StringBuilder g = graphs.get((Long) r[0]);
            out.add(new VersionRow(v.flowId(), v.version(), v.basedOn(), v.notes(), v.status(), v.updatedAt(),
                    g == null ? "" : g.toString()));
        }
        return out;
    }

    @Override
    public Optional<VersionRow> findVersion(long flowId, String version) {
        return versions(flowId).stream().filter(v -> v.version().equals(version)).findFirst();
    }

    @Override
    public void insertVersion(VersionRow v) {
        jdbc.transaction("insert IVR version", VERSION_UNIQUE, c -> {
            insertVersion(c, v);
            Jdbc.update(c, "UPDATE ivr_flow SET updated_at = ? WHERE id = ?", v.updatedAt(), v.flowId());
            return null;
        });
    }

    @Override
    public boolean updateVersion(VersionRow v) {
        return jdbc.transaction("update IVR version", Map.of(), c -> {
            Long id = versionId(c, v.flowId(), v.version());
            if (id == null) {
                return false;
            }
            Jdbc.update(c, "UPDATE ivr_version SET notes = ?, status = ?, updated_at = ? WHERE id = ?",
                    v.notes() == null ? "" : v.notes(), v.status(), v.updatedAt(), id);
            Jdbc.update(c, "DELETE FROM ivr_version_graph WHERE version_id = ?", id);
            insertGraph(c, id, v.graphJson());
            Jdbc.update(c, "UPDATE ivr_flow SET updated_at = ? WHERE id = ?", v.updatedAt(), v.flowId());
            return true;
        });
    }

    @Override
    public boolean deleteVersion(long flowId, String version) {
        return jdbc.transaction("delete IVR version", Map.of(), c -> {
            Long id = versionId(c, flowId, version);
            if (id == null) {
                return false;
            }
            Jdbc.update(c, "DELETE FROM ivr_version_graph WHERE version_id = ?", id);
            return Jdbc.update(c, "DELETE FROM ivr_version WHERE id = ?", id) == 1;
        });
    }

    @Override
    public List<Binding> bindings(long instanceId, long flowId) {
        List<Binding> out = new ArrayList<>(jdbc.list("SELECT id, number, inbound_ivr_version FROM trunk_number "
                        + "WHERE instance_id = ? AND inbound_ivr_id = ? ORDER BY id",
                rs -> new Binding(rs.getLong(1), rs.getString(2), "inbound", rs.getString(3)), instanceId, flowId));
        out.addAll(jdbc.list("SELECT id, number FROM trunk_number WHERE instance_id = ? AND outbound_ivr_id = ? ORDER BY id",
                rs -> new Binding(rs.getLong(1), rs.getString(2), "outbound", "MAIN"), instanceId, flowId));
        return out;
    }

    private static void insertVersion(Connection c, VersionRow v) throws SQLException {
        long id = Jdbc.insert(c, "INSERT INTO ivr_version (flow_id, version, based_on, notes, status, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", v.flowId(), v.version(), v.basedOn(),
                v.notes() == null ? "" : v.notes(), v.status(), v.updatedAt());
        insertGraph(c, id, v.graphJson());
    }

    private static void insertGraph(Connection c, long versionId, String json) throws SQLException {
        for (int i = 0, part = 0; i < json.length(); i += PART, part++) {
            Jdbc.update(c, "INSERT INTO ivr_version_graph (version_id, part_no, part) VALUES (?, ?, ?)", versionId, part,
                    json.substring(i, Math.min(json.length(), i + PART)));
        }
    }

    private static Long versionId(Connection c, long flowId, String version) throws SQLException {
        try (var ps = c.prepareStatement("SELECT id FROM ivr_version WHERE flow_id = ? AND version = ?")) {
            ps.setLong(1, flowId);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static FlowRow flow(ResultSet rs) throws SQLException {
        return new FlowRow(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("kind"), rs.getString("name"),
                rs.getString("template"), Jdbc.instant(rs.getTimestamp("updated_at")));
    }

    private static Object[] versionHead(ResultSet rs) throws SQLException {
        return new Object[] {rs.getLong("id"), new VersionRow(rs.getLong("flow_id"), rs.getString("version"),
                rs.getString("based_on"), rs.getString("notes"), rs.getString("status"),
                Jdbc.instant(rs.getTimestamp("updated_at")), null)};
    }
}
