package io.parley.store;

import io.parley.api.agent.AccountState;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentFilter;
import io.parley.api.agent.MobileAnswering;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.store.AgentStore;
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
import io.parley.api.telephony.SipPhone;
import org.ehcache.Cache;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Agents in table {@code agent}, each with its login row in {@code account} (role name
 * {@value #ACCOUNT_ROLE}: the permissions come from the agent's role) and its memberships in
 * {@code skill_group_agent}. Writes that span tables run in one transaction.
 */
@Component(service = AgentStore.class)
public class JdbcAgentStore implements AgentStore {

    /** Marks agent logins in {@code account.role_name}. */
    static final String ACCOUNT_ROLE = "agent";

    private static final String COLUMNS = "instance_id, agent_id, name, nickname, email, role_id, phone_number, "
            + "mobile_answering, account_state, last_online_at, created_at";
    /** Conflicts of an agent insert: the agent id per instance, the email (account login) appliance-wide. */
    private static final Map<String, String> UNIQUE = Map.of("agent_pk", "agent_id", "agent_email_uq", "email",
            "account", "email");

    private final Jdbc jdbc;
    private final Cache<String, SipPhone> phones;

    @Activate
    public JdbcAgentStore(@Reference Database database, @Reference StoreCaches caches) {
        this.jdbc = database.jdbc();
        this.phones = caches.cache(JdbcSipPhoneStore.CACHE, String.class, SipPhone.class, null);
    }

    @Override
    public void insertAll(List<Agent> agents, List<String> passwordHashes) {
        jdbc.transaction("insert agents", UNIQUE, c -> {
            for (int i = 0; i < agents.size(); i++) {
                Agent a = agents.get(i);
                Jdbc.update(c, "INSERT INTO account (login, role_name, password_hash, password_changed_at) "
                        + "VALUES (?, ?, ?, ?)", a.login(), ACCOUNT_ROLE, passwordHashes.get(i), a.createdAt());
                Jdbc.update(c, "INSERT INTO agent (" + COLUMNS + ", login) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        a.instanceId(), a.agentId(), a.name(), a.nickname(), a.email(), a.roleId(), a.phoneNumber(),
                        a.mobileAnswering().name(), a.accountState().name(),
                        Jdbc.orNull(Jdbc.timestamp(a.lastOnlineAt()), java.sql.Types.TIMESTAMP), a.createdAt(),
                        a.login());
                for (long group : a.skillGroupIds()) {
                    Jdbc.update(c, "INSERT INTO skill_group_agent (skill_group_id, instance_id, agent_id, priority) "
                            + "VALUES (?, ?, ?, ?)", group, a.instanceId(), a.agentId(), DEFAULT_PRIORITY);
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Agent> find(long instanceId, String agentId) {
        return jdbc.one("SELECT " + COLUMNS + " FROM agent WHERE instance_id = ? AND agent_id = ?", this::row,
                instanceId, agentId);
    }

    @Override
    public Optional<Agent> findByLogin(String login) {
        return jdbc.one("SELECT " + COLUMNS + " FROM agent WHERE login = ?", this::row,
                login.toLowerCase(Locale.ROOT));
    }

    @Override
    public Page<Agent> list(long instanceId, AgentFilter f, PageRequest page) {
        StringBuilder where = new StringBuilder(" FROM agent WHERE instance_id = ?");
        List<Object> params = new ArrayList<>(List.of(instanceId));
        contains(where, params, "agent_id", f.agentId());
        contains(where, params, "login", f.email());
        contains(where, params, "LOWER(name)", f.name());
        contains(where, params, "phone_number", f.phoneNumber());
        if (f.skillGroupId() != null) {
            where.append(" AND agent_id IN (SELECT m.agent_id FROM skill_group_agent m WHERE m.instance_id = ? "
                    + "AND m.skill_group_id = ?)");
            params.add(instanceId);
            params.add(f.skillGroupId());
        }
        if (f.skillGroupScope() != null) {
            // the caller's role sees only agents of these groups (SPEC §5.3)
            if (f.skillGroupScope().isEmpty()) {
                where.append(" AND 1 = 0");
            } else {
                where.append(" AND agent_id IN (SELECT s.agent_id FROM skill_group_agent s WHERE s.instance_id = ? "
                        + "AND s.skill_group_id IN (").append(String.join(", ",
                        java.util.Collections.nCopies(f.skillGroupScope().size(), "?"))).append("))");
                params.add(instanceId);
                params.addAll(f.skillGroupScope());
            }
        }
        if (f.mobileAnswering() != null) {
            where.append(" AND mobile_answering = ?");
            params.add(f.mobileAnswering().toUpperCase(Locale.ROOT));
        }
        if (f.lastOnlineFrom() != null) {
            where.append(" AND last_online_at >= ?");
            params.add(f.lastOnlineFrom());
        }
        if (f.lastOnlineTo() != null) {
            where.append(" AND last_online_at < ?");
            params.add(f.lastOnlineTo());
        }
        long total = jdbc.count("SELECT COUNT(*)" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(jdbc.list("SELECT " + COLUMNS + where + " ORDER BY agent_id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                this::row, params.toArray()), total);
    }

    private static void contains(StringBuilder where, List<Object> params, String column, String part) {
        if (part != null && !part.isEmpty()) {
            where.append(" AND ").append(column).append(" LIKE ? ESCAPE '\\'");
            params.add("%" + Sql.likeEscape(part.toLowerCase(Locale.ROOT)) + "%");
        }
    }

    @Override
    public boolean update(Agent a) {
        return jdbc.transaction("update agent", UNIQUE, c -> update(c, a));
    }

    @Override
    public boolean updateAll(List<Agent> agents) {
        return jdbc.transaction("update agents", UNIQUE, c -> {
            for (Agent a : agents) {
                if (!update(c, a)) {
                    c.rollback();
                    return false;
                }
            }
            return true;
        });
    }

    private static boolean update(Connection c, Agent a) throws SQLException {
        int n = Jdbc.update(c, "UPDATE agent SET name = ?, nickname = ?, role_id = ?, phone_number = ?, "
                        + "mobile_answering = ? WHERE instance_id = ? AND agent_id = ?", a.name(), a.nickname(),
                a.roleId(), a.phoneNumber(), a.mobileAnswering().name(), a.instanceId(), a.agentId());
        if (n == 0) {
            return false;
        }
        Map<Long, Integer> kept = new HashMap<>();
        for (SkillGroup.Member m : memberships(c, a.instanceId(), a.agentId())) {
            kept.put(Long.parseLong(m.id()), m.priority());
        }
        Jdbc.update(c, "DELETE FROM skill_group_agent WHERE instance_id = ? AND agent_id = ?", a.instanceId(),
                a.agentId());
        for (long group : a.skillGroupIds()) {
            Jdbc.update(c, "INSERT INTO skill_group_agent (skill_group_id, instance_id, agent_id, priority) "
                    + "VALUES (?, ?, ?, ?)", group, a.instanceId(), a.agentId(),
                    kept.getOrDefault(group, DEFAULT_PRIORITY));
        }
        return true;
    }

    /** The agent's memberships as (group id, priority) pairs. */
    private static List<SkillGroup.Member> memberships(Connection c, long instanceId, String agentId)
            throws SQLException {
        List<SkillGroup.Member> out = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT skill_group_id, priority FROM skill_group_agent "
                + "WHERE instance_id = ? AND agent_id = ?")) {
            ps.setLong(1, instanceId);
            ps.setString(2, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SkillGroup.Member(Long.toString(rs.getLong(1)), rs.getInt(2)));
                }
            }
        }
        return out;
    }

    @Override
    public boolean updateState(long instanceId, String agentId, AccountState state) {
        return jdbc.update("UPDATE agent SET account_state = ? WHERE instance_id = ? AND agent_id = ?", state.name(),
                instanceId, agentId) == 1;
    }

    @Override
    public void updateLastOnline(long instanceId, String agentId, Instant at) {
        jdbc.update("UPDATE agent SET last_online_at = ? WHERE instance_id = ? AND agent_id = ?", at, instanceId,
                agentId);
    }

    @Override
    public int assignRole(long instanceId, List<String> agentIds, long roleId) {
        return jdbc.transaction("assign role", Map.of(), c -> {
            int n = 0;
            for (String agentId : agentIds) {
                n += Jdbc.update(c, "UPDATE agent SET role_id = ? WHERE instance_id = ? AND agent_id = ?", roleId,
                        instanceId, agentId);
            }
            return n;
        });
    }

    @Override
    public boolean delete(long instanceId, String agentId) {
        return jdbc.transaction("delete agent", Map.of(), c -> {
            Optional<String> login;
            try (var ps = c.prepareStatement("SELECT login FROM agent WHERE instance_id = ? AND agent_id = ?")) {
                ps.setLong(1, instanceId);
                ps.setString(2, agentId);
                try (ResultSet rs = ps.executeQuery()) {
                    login = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
            if (login.isEmpty()) {
                return false;
            }
            // memberships go with the agent (ON DELETE CASCADE), tokens with the account, and a
            // phone bound to the agent is bound to nothing (SPEC §4.2)
            Jdbc.update(c, "UPDATE sip_phone SET binding_type = 'NONE', agent_id = NULL WHERE instance_id = ? AND agent_id = ?",
                    instanceId, agentId);
            phones.clear();
            Jdbc.update(c, "DELETE FROM agent WHERE instance_id = ? AND agent_id = ?", instanceId, agentId);
            Jdbc.update(c, "DELETE FROM api_token WHERE login = ?", login.get());
            Jdbc.update(c, "DELETE FROM account WHERE login = ?", login.get());
            return true;
        });
    }

    @Override
    public void addMembers(long instanceId, long skillGroupId, List<SkillGroup.Member> members) {
        jdbc.transaction("add members", Map.of(), c -> {
            for (SkillGroup.Member m : members) {
                int n = Jdbc.update(c, "UPDATE skill_group_agent SET priority = ? WHERE skill_group_id = ? "
                        + "AND instance_id = ? AND agent_id = ?", m.priority(), skillGroupId, instanceId, m.id());
                if (n == 0) {
                    Jdbc.update(c, "INSERT INTO skill_group_agent (skill_group_id, instance_id, agent_id, priority) "
                            + "VALUES (?, ?, ?, ?)", skillGroupId, instanceId, m.id(), m.priority());
                }
            }
            return null;
        });
    }

    @Override
    public boolean updateMemberPriority(long instanceId, long skillGroupId, String agentId, int priority) {
        return jdbc.update("UPDATE skill_group_agent SET priority = ? WHERE skill_group_id = ? AND instance_id = ? "
                + "AND agent_id = ?", priority, skillGroupId, instanceId, agentId) == 1;
    }

    @Override
    public boolean removeMember(long instanceId, long skillGroupId, String agentId) {
        return jdbc.update("DELETE FROM skill_group_agent WHERE skill_group_id = ? AND instance_id = ? AND agent_id = ?",
                skillGroupId, instanceId, agentId) == 1;
    }

    private Agent row(ResultSet rs) throws SQLException {
        long instanceId = rs.getLong("instance_id");
        String agentId = rs.getString("agent_id");
        List<Long> groups = jdbc.list("SELECT skill_group_id FROM skill_group_agent WHERE instance_id = ? "
                + "AND agent_id = ? ORDER BY skill_group_id", r -> r.getLong(1), instanceId, agentId);
        return new Agent(instanceId, agentId, rs.getString("name"), rs.getString("nickname"), rs.getString("email"),
                rs.getLong("role_id"), groups, rs.getString("phone_number"),
                MobileAnswering.valueOf(rs.getString("mobile_answering")),
                AccountState.valueOf(rs.getString("account_state")), Jdbc.instant(rs.getTimestamp("last_online_at")),
                Jdbc.instant(rs.getTimestamp("created_at")));
    }
}
