package io.parley.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.store.SkillGroupStore;
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
 * Skill groups in table {@code skill_group}; reads by id go through an Ehcache cache that
 * every write evicts.
 */
@Component(service = SkillGroupStore.class)
public class JdbcSkillGroupStore implements SkillGroupStore {

    private static final String COLUMNS =
            "id, instance_id, name, group_type, ringing_mode, reception_limit, extension";
    private static final Map<String, String> UNIQUE =
            Map.of("skill_group_name_uq", "name", "skill_group_extension_uq", "extension");

    private final Jdbc jdbc;
    private final Cache<String, SkillGroup> byId;

    @Activate
    public JdbcSkillGroupStore(@Reference Database database, @Reference StoreCaches caches) {
        this.jdbc = database.jdbc();
        this.byId = caches.cache("skill-groups", String.class, SkillGroup.class, null);
    }

    @Override
    public SkillGroup insert(SkillGroup g) {
        long id = jdbc.insert("INSERT INTO skill_group (instance_id, name, name_key, group_type, ringing_mode, "
                        + "reception_limit, extension) VALUES (?, ?, ?, ?, ?, ?, ?)", UNIQUE,
                g.instanceId(), g.name(), key(g.name()), g.type(), g.ringingMode().name(), g.receptionLimit(),
                g.extension());
        return new SkillGroup(id, g.instanceId(), g.name(), g.type(), g.ringingMode(), g.receptionLimit(),
                g.extension(), g.agents(), g.phones());
    }

    @Override
    public Optional<SkillGroup> find(long instanceId, long id) {
        String cacheKey = instanceId + "/" + id;
        SkillGroup cached = byId.get(cacheKey);
        if (cached != null) {
            return Optional.of(withMembers(cached));
        }
        Optional<SkillGroup> found = jdbc.one("SELECT " + COLUMNS + " FROM skill_group WHERE instance_id = ? AND id = ?",
                JdbcSkillGroupStore::row, instanceId, id);
        found.ifPresent(g -> byId.put(cacheKey, g));
        return found.map(this::withMembers);
    }

    @Override
    public Optional<SkillGroup> findByName(long instanceId, String name) {
        return jdbc.one("SELECT " + COLUMNS + " FROM skill_group WHERE instance_id = ? AND name_key = ?",
                JdbcSkillGroupStore::row, instanceId, key(name)).map(this::withMembers);
    }

    @Override
    public Optional<SkillGroup> findByExtension(long instanceId, String extension) {
        return jdbc.one("SELECT " + COLUMNS + " FROM skill_group WHERE instance_id = ? AND extension = ?",
                JdbcSkillGroupStore::row, instanceId, extension).map(this::withMembers);
    }

    @Override
    public Page<SkillGroup> list(long instanceId, String nameContains, PageRequest page) {
        return jdbc.pageByName("skill_group", COLUMNS, instanceId, nameContains, "id", page, JdbcSkillGroupStore::row)
                .map(this::withMembers);
    }

    @Override
    public Page<SkillGroup> list(long instanceId, String nameContains, java.util.Set<Long> only, PageRequest page) {
        if (only.isEmpty()) {
            return new Page<>(List.of(), 0);
        }
        StringBuilder where = new StringBuilder(" FROM skill_group WHERE instance_id = ? AND id IN (")
                .append(String.join(", ", java.util.Collections.nCopies(only.size(), "?"))).append(")");
        List<Object> params = new java.util.ArrayList<>(List.of(instanceId));
        params.addAll(only);
        if (nameContains != null && !nameContains.isEmpty()) {
            where.append(" AND name_key LIKE ? ESCAPE '\\'");
            params.add("%" + Sql.likeEscape(nameContains.toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        long total = jdbc.count("SELECT COUNT(*)" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(jdbc.list("SELECT " + COLUMNS + where + " ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                JdbcSkillGroupStore::row, params.toArray()), total).map(this::withMembers);
    }

    @Override
    public boolean update(SkillGroup g) {
        byId.remove(g.instanceId() + "/" + g.id());
        return jdbc.update("UPDATE skill_group SET name = ?, name_key = ?, ringing_mode = ?, reception_limit = ?, "
                        + "extension = ? WHERE instance_id = ? AND id = ?", UNIQUE,
                g.name(), key(g.name()), g.ringingMode().name(), g.receptionLimit(), g.extension(), g.instanceId(),
                g.id()) == 1;
    }

    @Override
    public boolean delete(long instanceId, long id) {
        byId.remove(instanceId + "/" + id);
        return jdbc.update("DELETE FROM skill_group WHERE instance_id = ? AND id = ?", instanceId, id) == 1;
    }

    /**
     * The group with its member agents ({@code skill_group_agent}) and the SIP phones bound to
     * it ({@code sip_phone_skill_group}), read fresh on every call: memberships change from
     * the agent, phone and group sides, so they are never cached with the group.
     */
    private SkillGroup withMembers(SkillGroup g) {
        List<SkillGroup.Member> agents = jdbc.list("SELECT agent_id, priority FROM skill_group_agent "
                        + "WHERE skill_group_id = ? ORDER BY priority, agent_id",
                rs -> new SkillGroup.Member(rs.getString(1), rs.getInt(2)), g.id());
        List<SkillGroup.Member> phones = jdbc.list("SELECT p.extension, b.priority FROM sip_phone_skill_group b "
                        + "JOIN sip_phone p ON p.id = b.phone_id WHERE b.skill_group_id = ? ORDER BY b.priority, p.extension",
                rs -> new SkillGroup.Member(rs.getString(1), rs.getInt(2)), g.id());
        return new SkillGroup(g.id(), g.instanceId(), g.name(), g.type(), g.ringingMode(), g.receptionLimit(),
                g.extension(), agents, phones);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static SkillGroup row(ResultSet rs) throws SQLException {
        // members are added by withMembers
        return new SkillGroup(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("name"),
                rs.getString("group_type"), RingingMode.valueOf(rs.getString("ringing_mode")),
                rs.getInt("reception_limit"), rs.getString("extension"), List.of(), List.of());
    }
}
