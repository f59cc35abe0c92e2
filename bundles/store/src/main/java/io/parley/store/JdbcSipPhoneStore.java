package io.parley.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.SipPhoneStore;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ehcache.Cache;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SIP phones in {@code sip_phone}, skill-group bindings in {@code sip_phone_skill_group}
 * (priority 3, removed with the group). Lookups by extension — what the registrar does on
 * every REGISTER — are cached and evicted by every write.
 */
@Component(service = SipPhoneStore.class)
public class JdbcSipPhoneStore implements SipPhoneStore {

    /** Priority a phone gets in the groups it is bound to (SPEC §12.1). */
    static final int BOUND_PRIORITY = 3;
    private static final String COLUMNS = "id, instance_id, extension, name, binding_type, agent_id, transport, realm, "
            + "ha1_md5, ha1_sha256, created_at";
    private static final Map<String, String> UNIQUE =
            Map.of("sip_phone_extension_uq", "extension", "sip_phone_agent_uq", "binding.agent_id");

    private final Jdbc jdbc;
    /** Also cleared by the agent store when deleting an agent unbinds its phone. */
    static final String CACHE = "sip-phones";

    private final Cache<String, SipPhone> byExtension;

    @Activate
    public JdbcSipPhoneStore(@Reference Database database, @Reference StoreCaches caches) {
        this.jdbc = database.jdbc();
        this.byExtension = caches.cache(CACHE, String.class, SipPhone.class, null);
    }

    @Override
    public SipPhone insert(SipPhone p) {
        long id = jdbc.transaction("insert sip phone", UNIQUE, c -> {
            long newId = Jdbc.insert(c, "INSERT INTO sip_phone (instance_id, extension, name, binding_type, agent_id, "
                            + "transport, realm, ha1_md5, ha1_sha256, password_changed_at, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    p.instanceId(), p.extension(), p.name(), p.binding().type().name(), p.binding().agentId(),
                    p.transport(), p.digest().realm(), p.digest().ha1Md5(), p.digest().ha1Sha256(), p.createdAt(),
                    p.createdAt());
            writeGroups(c, newId, p.binding());
            return newId;
        });
        byExtension.remove(key(p.instanceId(), p.extension()));
        return new SipPhone(id, p.instanceId(), p.extension(), p.name(), p.binding(), p.transport(), p.digest(),
                p.registration(), p.createdAt());
    }

    @Override
    public Optional<SipPhone> find(long instanceId, String extension) {
        String key = key(instanceId, extension);
        SipPhone cached = byExtension.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<SipPhone> found = jdbc.one("SELECT " + COLUMNS + " FROM sip_phone WHERE instance_id = ? AND extension = ?",
                JdbcSipPhoneStore::row, instanceId, extension).map(this::withGroups);
        // group bindings vanish with their group (ON DELETE CASCADE), which no write here sees
        found.filter(p -> p.binding().type() != PhoneBinding.Type.SKILL_GROUP).ifPresent(p -> byExtension.put(key, p));
        return found;
    }

    @Override
    public Page<SipPhone> list(long instanceId, String q, PageRequest page) {
        String where = " FROM sip_phone p WHERE p.instance_id = ?";
        List<Object> params = new ArrayList<>(List.of(instanceId));
        if (q != null && !q.isEmpty()) {
            String like = "%" + Sql.likeEscape(q.toLowerCase(Locale.ROOT)) + "%";
            // SPEC §12.2: by extension, skill-group name or agent (its id or name)
            where += " AND (p.extension LIKE ? ESCAPE '\\' OR LOWER(p.name) LIKE ? ESCAPE '\\' OR EXISTS ("
                    + "SELECT 1 FROM sip_phone_skill_group b JOIN skill_group g ON g.id = b.skill_group_id "
                    + "WHERE b.phone_id = p.id AND g.name_key LIKE ? ESCAPE '\\') OR EXISTS ("
                    + "SELECT 1 FROM agent a WHERE a.instance_id = p.instance_id AND a.agent_id = p.agent_id "
                    + "AND (a.agent_id LIKE ? ESCAPE '\\' OR LOWER(a.name) LIKE ? ESCAPE '\\')))";
            for (int i = 0; i < 5; i++) {
                params.add(like);
            }
        }
        long total = jdbc.count("SELECT COUNT(*)" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        List<SipPhone> items = jdbc.list("SELECT " + COLUMNS.replaceAll("(\\w+)", "p.$1") + where
                        + " ORDER BY p.extension OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                JdbcSipPhoneStore::row, params.toArray()).stream().map(this::withGroups).toList();
        return new Page<>(items, total);
    }

    @Override
    public boolean update(SipPhone p) {
        byExtension.remove(key(p.instanceId(), p.extension()));
        boolean updated = jdbc.transaction("update sip phone", UNIQUE, c -> {
            int n = Jdbc.update(c, "UPDATE sip_phone SET name = ?, binding_type = ?, agent_id = ?, transport = ? "
                            + "WHERE id = ? AND instance_id = ?", p.name(), p.binding().type().name(),
                    p.binding().agentId(), p.transport(), p.id(), p.instanceId());
            if (n == 1) {
                Jdbc.update(c, "DELETE FROM sip_phone_skill_group WHERE phone_id = ?", p.id());
                writeGroups(c, p.id(), p.binding());
            }
            return n == 1;
        });
        byExtension.remove(key(p.instanceId(), p.extension()));
        return updated;
    }

    @Override
    public boolean updateDigest(long instanceId, String extension, SipDigest d, Instant changedAt) {
        byExtension.remove(key(instanceId, extension));
        return jdbc.update("UPDATE sip_phone SET realm = ?, ha1_md5 = ?, ha1_sha256 = ?, password_changed_at = ? "
                + "WHERE instance_id = ? AND extension = ?", d.realm(), d.ha1Md5(), d.ha1Sha256(), changedAt,
                instanceId, extension) == 1;
    }

    @Override
    public boolean delete(long instanceId, String extension) {
        byExtension.remove(key(instanceId, extension));
        return jdbc.update("DELETE FROM sip_phone WHERE instance_id = ? AND extension = ?", instanceId, extension) == 1;
    }

    private static void writeGroups(Connection c, long phoneId, PhoneBinding binding) throws SQLException {
        for (Long group : binding.skillGroupIds()) {
            Jdbc.update(c, "INSERT INTO sip_phone_skill_group (phone_id, skill_group_id, priority) VALUES (?, ?, ?)",
                    phoneId, group, BOUND_PRIORITY);
        }
    }

    private SipPhone withGroups(SipPhone p) {
        if (p.binding().type() != PhoneBinding.Type.SKILL_GROUP) {
            return p;
        }
        List<Long> groups = jdbc.list("SELECT skill_group_id FROM sip_phone_skill_group WHERE phone_id = ? "
                + "ORDER BY skill_group_id", rs -> rs.getLong(1), p.id());
        return new SipPhone(p.id(), p.instanceId(), p.extension(), p.name(),
                new PhoneBinding(PhoneBinding.Type.SKILL_GROUP, null, groups), p.transport(), p.digest(),
                p.registration(), p.createdAt());
    }

    private static String key(long instanceId, String extension) {
        return instanceId + "/" + extension;
    }

    private static SipPhone row(ResultSet rs) throws SQLException {
        PhoneBinding.Type type = PhoneBinding.Type.valueOf(rs.getString("binding_type"));
        return new SipPhone(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("extension"), rs.getString("name"),
                new PhoneBinding(type, rs.getString("agent_id"), List.of()), rs.getString("transport"),
                new SipDigest(rs.getString("extension"), rs.getString("realm"), rs.getString("ha1_md5"),
                        rs.getString("ha1_sha256")),
                PhoneRegistration.NOT_REGISTERED, Jdbc.instant(rs.getTimestamp("created_at")));
    }
}
