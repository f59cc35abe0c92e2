package io.parley.store;

import io.parley.api.auth.Permission;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.BuiltinRole;
import io.parley.api.role.Role;
import io.parley.api.store.RoleStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Roles in table {@code parley_role}: permissions as a comma-separated list of §5.2
 * identifiers, the skill-group scope as {@code permission=id,id;…}; member counts come
 * from {@code agent} on every read.
 */
@Component(service = RoleStore.class)
public class JdbcRoleStore implements RoleStore {

    private static final String COLUMNS = "r.id, r.instance_id, r.name, r.builtin_kind, r.permissions, "
            + "r.skill_group_scope, (SELECT COUNT(*) FROM agent a WHERE a.role_id = r.id) AS members";
    private static final Map<String, String> UNIQUE = Map.of("role_name_uq", "name", "role_builtin_uq", "builtin");

    private final Jdbc jdbc;

    @Activate
    public JdbcRoleStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Role insert(Role r) {
        long id = jdbc.insert("INSERT INTO parley_role (instance_id, name, name_key, builtin_kind, permissions, "
                        + "skill_group_scope) VALUES (?, ?, ?, ?, ?, ?)", UNIQUE,
                r.instanceId(), r.name(), key(r.name()), r.builtin() == null ? null : r.builtin().name(),
                permissions(r.permissions()), scope(r.skillGroupScope()));
        return new Role(id, r.instanceId(), r.name(), r.builtin(), r.permissions(), r.skillGroupScope(), 0);
    }

    @Override
    public Optional<Role> find(long instanceId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM parley_role r WHERE r.instance_id = ? AND r.id = ?",
                JdbcRoleStore::row, instanceId, id);
    }

    @Override
    public Optional<Role> find(long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM parley_role r WHERE r.id = ?", JdbcRoleStore::row, id);
    }

    @Override
    public Optional<Role> findBuiltin(long instanceId, BuiltinRole kind) {
        return jdbc.one("SELECT " + COLUMNS + " FROM parley_role r WHERE r.instance_id = ? AND r.builtin_kind = ?",
                JdbcRoleStore::row, instanceId, kind.name());
    }

    @Override
    public Page<Role> list(long instanceId, PageRequest page) {
        long total = jdbc.count("SELECT COUNT(*) FROM parley_role WHERE instance_id = ?", instanceId);
        return new Page<>(jdbc.list("SELECT " + COLUMNS + " FROM parley_role r WHERE r.instance_id = ? ORDER BY r.id "
                + "OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", JdbcRoleStore::row, instanceId, page.offset(),
                page.pageSize()), total);
    }

    @Override
    public boolean update(Role r) {
        return jdbc.update("UPDATE parley_role SET name = ?, name_key = ?, permissions = ?, skill_group_scope = ? "
                        + "WHERE instance_id = ? AND id = ?", UNIQUE, r.name(), key(r.name()),
                permissions(r.permissions()), scope(r.skillGroupScope()), r.instanceId(), r.id()) == 1;
    }

    @Override
    public boolean delete(long instanceId, long id) {
        return jdbc.update("DELETE FROM parley_role WHERE instance_id = ? AND id = ?", instanceId, id) == 1;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String permissions(Set<Permission> permissions) {
        return permissions.stream().map(Permission::wire).collect(Collectors.joining(","));
    }

    private static String scope(Map<Permission, Set<Long>> scope) {
        return scope.entrySet().stream()
                .map(e -> e.getKey().wire() + "=" + new TreeSet<>(e.getValue()).stream().map(String::valueOf)
                        .collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
    }

    private static Role row(ResultSet rs) throws SQLException {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String p : rs.getString("permissions").split(",")) {
            Permission.fromWire(p).ifPresent(permissions::add);
        }
        Map<Permission, Set<Long>> scope = new EnumMap<>(Permission.class);
        String encoded = rs.getString("skill_group_scope");
        if (!encoded.isEmpty()) {
            for (String entry : encoded.split(";")) {
                int eq = entry.indexOf('=');
                Set<Long> ids = new LinkedHashSet<>();
                for (String id : entry.substring(eq + 1).split(",")) {
                    if (!id.isEmpty()) {
                        ids.add(Long.parseLong(id));
                    }
                }
                Permission.fromWire(entry.substring(0, eq)).ifPresent(p -> scope.put(p, ids));
            }
        }
        String builtin = rs.getString("builtin_kind");
        return new Role(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("name"),
                builtin == null ? null : BuiltinRole.valueOf(builtin), permissions, scope, rs.getLong("members"));
    }
}
