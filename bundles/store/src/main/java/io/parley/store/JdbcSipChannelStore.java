package io.parley.store;

import io.parley.api.ivr.Prompt;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberTag;
import io.parley.api.telephony.NumberTagSummary;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.TrunkNumber;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
 * SIP channels ({@code sip_channel}, {@code sip_channel_peer}), their numbers
 * ({@code trunk_number}, {@code trunk_number_skill_group}, {@code trunk_number_tag}), the
 * instances' number tags ({@code number_tag}) and the approval setting (a row of
 * {@code instance_setting}). Lookup of a number by its
 * canonical form — what every inbound INVITE will do — is cached and evicted by writes.
 */
@Component(service = SipChannelStore.class)
public class JdbcSipChannelStore implements SipChannelStore {

    private static final String CHANNEL_COLUMNS = "id, name, number_type, device_type, docking_mode, gateway_username, "
            + "gateway_realm, gateway_ha1_md5, gateway_ha1_sha256, carrier_username, carrier_password, server_host, "
            + "server_port, outbound_proxy_host, outbound_proxy_port, transport, registration_expiry_s, created_at";
    private static final String NUMBER_COLUMNS = "id, channel_id, instance_id, number, has_outbound_prefix, "
            + "outbound_prefix, max_concurrent_calls, max_calls_per_second, call_type, status, location, inbound_ivr_id, "
            + "inbound_ivr_version, outbound_ivr_id, prioritize_last_outbound_agent, last_outbound_agent_mode, "
            + "usable_for_agent_mobile, created_at, inbound_failure_prompt";
    private static final Map<String, String> UNIQUE = Map.of("sip_channel_name_uq", "name",
            "sip_channel_gateway_uq", "gateway_username", "trunk_number_number_uq", "number",
            "number_tag_name_uq", "name");
    static final String APPROVAL_SETTING = "numbers.number_approval_required";

    private final Jdbc jdbc;
    private final Cache<String, TrunkNumber> byNumber;

    @Activate
    public JdbcSipChannelStore(@Reference Database database, @Reference StoreCaches caches) {
        this.jdbc = database.jdbc();
        this.byNumber = caches.cache("trunk-numbers", String.class, TrunkNumber.class, null);
    }

    @Override
    public SipChannel insert(SipChannel ch) {
        long id = jdbc.transaction("insert sip channel", UNIQUE, c -> {
            SipDigest g = ch.gatewayDigest();
            SipChannel.CarrierAccount a = ch.carrier();
            long newId = Jdbc.insert(c, "INSERT INTO sip_channel (name, name_key, number_type, device_type, docking_mode, "
                            + "gateway_username, gateway_realm, gateway_ha1_md5, gateway_ha1_sha256, carrier_username, "
                            + "carrier_password, server_host, server_port, outbound_proxy_host, outbound_proxy_port, "
                            + "transport, registration_expiry_s, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ch.name(), key(ch.name()), ch.numberType(), ch.deviceType(), ch.dockingMode(),
                    g == null ? null : g.username(), g == null ? null : g.realm(), g == null ? null : g.ha1Md5(),
                    g == null ? null : g.ha1Sha256(), a == null ? null : a.username(), a == null ? null : a.password(),
                    a == null ? null : a.serverHost(), a == null ? Jdbc.NULL_INTEGER : a.serverPort(),
                    a == null ? null : a.outboundProxyHost(),
                    Jdbc.orNull(a == null ? null : a.outboundProxyPort(), Types.INTEGER),
                    a == null ? null : a.transport(), a == null ? Jdbc.NULL_INTEGER : a.registrationExpirySeconds(),
                    ch.createdAt());
            writePeers(c, newId, ch.peers());
            return newId;
        });
        return find(id).orElseThrow();
    }

    @Override
    public Optional<SipChannel> find(long id) {
        return jdbc.one("SELECT " + CHANNEL_COLUMNS + " FROM sip_channel WHERE id = ?", JdbcSipChannelStore::channel, id)
                .map(this::withPeers);
    }

    @Override
    public Optional<SipChannel> findByName(String name) {
        return jdbc.one("SELECT " + CHANNEL_COLUMNS + " FROM sip_channel WHERE name_key = ?", JdbcSipChannelStore::channel,
                key(name)).map(this::withPeers);
    }

    @Override
    public Page<SipChannel> list(String q, PageRequest page) {
        String where = " FROM sip_channel c";
        List<Object> params = new ArrayList<>();
        if (q != null && !q.isEmpty()) {
            String like = "%" + Sql.likeEscape(q.toLowerCase(Locale.ROOT)) + "%";
            where += " WHERE c.name_key LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM trunk_number n "
                    + "WHERE n.channel_id = c.id AND n.number LIKE ? ESCAPE '\\')";
            params.add(like);
            params.add(like);
        }
        long total = jdbc.count("SELECT COUNT(*)" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(jdbc.list("SELECT " + CHANNEL_COLUMNS.replaceAll("(\\w+)", "c.$1") + where
                        + " ORDER BY c.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", JdbcSipChannelStore::channel,
                params.toArray()).stream().map(this::withPeers).toList(), total);
    }

    @Override
    public boolean update(SipChannel ch) {
        SipChannel.CarrierAccount a = ch.carrier();
        return jdbc.transaction("update sip channel", UNIQUE, c -> {
            int n = Jdbc.update(c, "UPDATE sip_channel SET name = ?, name_key = ?, device_type = ?, carrier_username = ?, "
                            + "carrier_password = ?, server_host = ?, server_port = ?, outbound_proxy_host = ?, "
                            + "outbound_proxy_port = ?, transport = ?, registration_expiry_s = ? WHERE id = ?",
                    ch.name(), key(ch.name()), ch.deviceType(), a == null ? null : a.username(),
                    a == null ? null : a.password(), a == null ? null : a.serverHost(),
                    a == null ? Jdbc.NULL_INTEGER : a.serverPort(), a == null ? null : a.outboundProxyHost(),
                    Jdbc.orNull(a == null ? null : a.outboundProxyPort(), Types.INTEGER),
                    a == null ? null : a.transport(), a == null ? Jdbc.NULL_INTEGER : a.registrationExpirySeconds(),
                    ch.id());
            if (n == 1) {
                Jdbc.update(c, "DELETE FROM sip_channel_peer WHERE channel_id = ?", ch.id());
                writePeers(c, ch.id(), ch.peers());
            }
            return n == 1;
        });
    }

    @Override
    public boolean updateGatewayDigest(long id, SipDigest d) {
        return jdbc.update("UPDATE sip_channel SET gateway_realm = ?, gateway_ha1_md5 = ?, gateway_ha1_sha256 = ? "
                + "WHERE id = ?", d.realm(), d.ha1Md5(), d.ha1Sha256(), id) == 1;
    }

    @Override
    public boolean delete(long id) {
        return jdbc.update("DELETE FROM sip_channel WHERE id = ?", id) == 1;
    }

    @Override
    public long countNumbers(long channelId) {
        return jdbc.count("SELECT COUNT(*) FROM trunk_number WHERE channel_id = ?", channelId);
    }

    @Override
    public List<TrunkNumber> insertNumbers(List<TrunkNumber> numbers) {
        List<Long> ids = jdbc.transaction("insert numbers", UNIQUE, c -> {
            List<Long> out = new ArrayList<>();
            for (TrunkNumber n : numbers) {
                long id = Jdbc.insert(c, "INSERT INTO trunk_number (channel_id, instance_id, number, has_outbound_prefix, "
                                + "outbound_prefix, max_concurrent_calls, max_calls_per_second, call_type, status, location, "
                                + "inbound_ivr_id, inbound_ivr_version, outbound_ivr_id, prioritize_last_outbound_agent, "
                                + "last_outbound_agent_mode, usable_for_agent_mobile, created_at, inbound_failure_prompt) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        n.channelId(), n.instanceId(), n.number(), n.hasOutboundPrefix(), n.outboundPrefix(),
                        n.maxConcurrentCalls(), n.maxCallsPerSecond(), n.callType(), n.status(), n.location(),
                        Jdbc.orNull(n.inboundIvrId(), Types.BIGINT), n.inboundIvrVersion(),
                        Jdbc.orNull(n.outboundIvrId(), Types.BIGINT), n.prioritizeLastOutboundAgent(),
                        n.lastOutboundAgentMode(), n.usableForAgentMobile(), n.createdAt(),
                        encode(n.inboundFailurePrompt()));
                writeGroups(c, id, n.outboundSkillGroupIds());
                writeTags(c, id, n.instanceId(), n.tags());
                out.add(id);
            }
            return out;
        });
        numbers.forEach(n -> byNumber.remove(n.number()));
        return ids.stream().map(id -> findNumber(id).orElseThrow()).toList();
    }

    @Override
    public Optional<TrunkNumber> findNumber(String canonicalNumber) {
        TrunkNumber cached = byNumber.get(canonicalNumber);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<TrunkNumber> found = jdbc.one("SELECT " + NUMBER_COLUMNS + " FROM trunk_number WHERE number = ?",
                JdbcSipChannelStore::number, canonicalNumber).map(this::withGroups);
        // outbound skill groups vanish with their group (ON DELETE CASCADE): cache only numbers without any
        found.filter(n -> n.outboundSkillGroupIds().isEmpty()).ifPresent(n -> byNumber.put(canonicalNumber, n));
        return found;
    }

    @Override
    public Optional<TrunkNumber> findNumber(long id) {
        return jdbc.one("SELECT " + NUMBER_COLUMNS + " FROM trunk_number WHERE id = ?", JdbcSipChannelStore::number, id)
                .map(this::withGroups);
    }

    @Override
    public Page<TrunkNumber> numbersOfChannel(long channelId, PageRequest page) {
        return numbers(" WHERE channel_id = ?", List.of(channelId), page);
    }

    @Override
    public Page<TrunkNumber> numbersOfInstance(long instanceId, String q, PageRequest page) {
        if (q == null || q.isEmpty()) {
            return numbers(" WHERE instance_id = ?", List.of(instanceId), page);
        }
        return numbers(" WHERE instance_id = ? AND number LIKE ? ESCAPE '\\'",
                List.of(instanceId, "%" + Sql.likeEscape(q) + "%"), page);
    }

    @Override
    public boolean updateNumber(TrunkNumber n) {
        return updateNumbers(List.of(n));
    }

    @Override
    public boolean updateNumbers(List<TrunkNumber> numbers) {
        numbers.forEach(n -> byNumber.remove(n.number()));
        boolean updated;
        try {
            updated = jdbc.transaction("update numbers", UNIQUE, c -> {
                for (TrunkNumber n : numbers) {
                    if (!updateNumber(c, n)) {
                        throw new NumberGone();
                    }
                }
                return true;
            });
        } catch (NumberGone gone) {
            updated = false;
        }
        numbers.forEach(n -> byNumber.remove(n.number()));
        return updated;
    }

    /** Rolls the bulk update back when one of its numbers was deleted meanwhile. */
    private static final class NumberGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NumberGone() {
            super("a number was deleted meanwhile", null, false, false);
        }
    }

    private static boolean updateNumber(Connection c, TrunkNumber n) throws SQLException {
        int rows = Jdbc.update(c, "UPDATE trunk_number SET has_outbound_prefix = ?, outbound_prefix = ?, "
                        + "max_concurrent_calls = ?, max_calls_per_second = ?, call_type = ?, status = ?, location = ?, "
                        + "inbound_ivr_id = ?, inbound_ivr_version = ?, outbound_ivr_id = ?, "
                        + "prioritize_last_outbound_agent = ?, last_outbound_agent_mode = ?, usable_for_agent_mobile = ?, "
                        + "inbound_failure_prompt = ? WHERE id = ?", n.hasOutboundPrefix(), n.outboundPrefix(),
                n.maxConcurrentCalls(), n.maxCallsPerSecond(), n.callType(), n.status(), n.location(),
                Jdbc.orNull(n.inboundIvrId(), Types.BIGINT), n.inboundIvrVersion(),
                Jdbc.orNull(n.outboundIvrId(), Types.BIGINT), n.prioritizeLastOutboundAgent(),
                n.lastOutboundAgentMode(), n.usableForAgentMobile(), encode(n.inboundFailurePrompt()), n.id());
        if (rows == 1) {
            Jdbc.update(c, "DELETE FROM trunk_number_skill_group WHERE number_id = ?", n.id());
            writeGroups(c, n.id(), n.outboundSkillGroupIds());
            Jdbc.update(c, "DELETE FROM trunk_number_tag WHERE number_id = ?", n.id());
            writeTags(c, n.id(), n.instanceId(), n.tags());
        }
        return rows == 1;
    }

    @Override
    public Page<TrunkNumber> numbersOfInstance(long instanceId, NumberFilter f, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE instance_id = ?");
        List<Object> params = new ArrayList<>(List.of(instanceId));
        if (f.q() != null && !f.q().isEmpty()) {
            where.append(" AND number LIKE ? ESCAPE '\\'");
            params.add("%" + Sql.likeEscape(f.q()) + "%");
        }
        if (f.status() != null) {
            where.append(" AND status = ?");
            params.add(f.status());
        }
        if (f.tag() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM trunk_number_tag t JOIN number_tag g ON g.id = t.tag_id "
                    + "WHERE t.number_id = trunk_number.id AND g.name_key = ?)");
            params.add(key(f.tag()));
        }
        if (f.untagged()) {
            where.append(" AND NOT EXISTS (SELECT 1 FROM trunk_number_tag t WHERE t.number_id = trunk_number.id)");
        }
        return numbers(where.toString(), params, page);
    }

    @Override
    public NumberTag insertTag(NumberTag tag) {
        long id = jdbc.insert("INSERT INTO number_tag (instance_id, name, name_key) VALUES (?, ?, ?)", UNIQUE,
                tag.instanceId(), tag.name(), key(tag.name()));
        return new NumberTag(id, tag.instanceId(), tag.name());
    }

    @Override
    public Optional<NumberTag> findTag(long instanceId, long tagId) {
        return jdbc.one("SELECT id, instance_id, name FROM number_tag WHERE instance_id = ? AND id = ?",
                JdbcSipChannelStore::tag, instanceId, tagId);
    }

    @Override
    public Optional<NumberTag> findTagByName(long instanceId, String name) {
        return jdbc.one("SELECT id, instance_id, name FROM number_tag WHERE instance_id = ? AND name_key = ?",
                JdbcSipChannelStore::tag, instanceId, key(name));
    }

    @Override
    public NumberTagSummary tagSummary(long instanceId) {
        List<NumberTagSummary.Counted> tags = jdbc.list("SELECT g.id, g.instance_id, g.name, COUNT(t.number_id) "
                        + "FROM number_tag g LEFT JOIN trunk_number_tag t ON t.tag_id = g.id WHERE g.instance_id = ? "
                        + "GROUP BY g.id, g.instance_id, g.name, g.name_key ORDER BY g.name_key",
                rs -> new NumberTagSummary.Counted(tag(rs), rs.getLong(4)), instanceId);
        long all = jdbc.count("SELECT COUNT(*) FROM trunk_number WHERE instance_id = ?", instanceId);
        long untagged = jdbc.count("SELECT COUNT(*) FROM trunk_number n WHERE n.instance_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM trunk_number_tag t WHERE t.number_id = n.id)", instanceId);
        return new NumberTagSummary(tags, all, untagged);
    }

    @Override
    public boolean deleteTag(long instanceId, long tagId) {
        boolean deleted = jdbc.transaction("delete number tag", Map.of(), c -> {
            Jdbc.update(c, "DELETE FROM trunk_number_tag WHERE tag_id IN "
                    + "(SELECT id FROM number_tag WHERE instance_id = ? AND id = ?)", instanceId, tagId);
            return Jdbc.update(c, "DELETE FROM number_tag WHERE instance_id = ? AND id = ?", instanceId, tagId) == 1;
        });
        byNumber.clear(); // cached numbers may carry the tag
        return deleted;
    }

    @Override
    public boolean numberApprovalRequired(long instanceId) {
        return jdbc.one("SELECT setting_value FROM instance_setting WHERE instance_id = ? AND setting_name = ?",
                rs -> rs.getString(1), instanceId, APPROVAL_SETTING).map(Boolean::parseBoolean).orElse(false);
    }

    @Override
    public int setNumberApprovalRequired(long instanceId, boolean required) {
        int activated = jdbc.transaction("put number approval setting", Map.of(), c -> {
            if (Jdbc.update(c, "UPDATE instance_setting SET setting_value = ? WHERE instance_id = ? AND setting_name = ?",
                    Boolean.toString(required), instanceId, APPROVAL_SETTING) == 0) {
                Jdbc.update(c, "INSERT INTO instance_setting (instance_id, setting_name, setting_value) VALUES (?, ?, ?)",
                        instanceId, APPROVAL_SETTING, Boolean.toString(required));
            }
            return required ? 0 : Jdbc.update(c, "UPDATE trunk_number SET status = ? WHERE instance_id = ? AND status = ?",
                    TrunkNumber.ACTIVE, instanceId, TrunkNumber.PENDING_APPROVAL);
        });
        if (activated > 0) {
            byNumber.clear();
        }
        return activated;
    }

    @Override
    public boolean deleteNumber(long id) {
        findNumber(id).ifPresent(n -> byNumber.remove(n.number()));
        return jdbc.update("DELETE FROM trunk_number WHERE id = ?", id) == 1;
    }

    private Page<TrunkNumber> numbers(String where, List<Object> filter, PageRequest page) {
        List<Object> params = new ArrayList<>(filter);
        long total = jdbc.count("SELECT COUNT(*) FROM trunk_number" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(jdbc.list("SELECT " + NUMBER_COLUMNS + " FROM trunk_number" + where
                        + " ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", JdbcSipChannelStore::number,
                params.toArray()).stream().map(this::withGroups).toList(), total);
    }

    private static void writePeers(Connection c, long channelId, List<SipChannel.Peer> peers) throws SQLException {
        for (int i = 0; i < peers.size(); i++) {
            Jdbc.update(c, "INSERT INTO sip_channel_peer (channel_id, position, ip, port) VALUES (?, ?, ?, ?)",
                    channelId, i, peers.get(i).ip(), peers.get(i).port());
        }
    }

    private static void writeGroups(Connection c, long numberId, List<Long> groups) throws SQLException {
        for (Long g : groups) {
            Jdbc.update(c, "INSERT INTO trunk_number_skill_group (number_id, skill_group_id) VALUES (?, ?)", numberId, g);
        }
    }

    private SipChannel withPeers(SipChannel ch) {
        List<SipChannel.Peer> peers = jdbc.list("SELECT ip, port FROM sip_channel_peer WHERE channel_id = ? ORDER BY position",
                rs -> new SipChannel.Peer(rs.getString(1), rs.getInt(2)), ch.id());
        return new SipChannel(ch.id(), ch.name(), ch.numberType(), ch.deviceType(), ch.dockingMode(), ch.gatewayDigest(),
                peers, ch.carrier(), ch.createdAt());
    }

    private TrunkNumber withGroups(TrunkNumber n) {
        List<Long> groups = jdbc.list("SELECT skill_group_id FROM trunk_number_skill_group WHERE number_id = ? "
                + "ORDER BY skill_group_id", rs -> rs.getLong(1), n.id());
        List<String> tags = jdbc.list("SELECT g.name FROM trunk_number_tag t JOIN number_tag g ON g.id = t.tag_id "
                + "WHERE t.number_id = ? ORDER BY g.name_key", rs -> rs.getString(1), n.id());
        return new TrunkNumber(n.id(), n.channelId(), n.instanceId(), n.number(), n.hasOutboundPrefix(),
                n.outboundPrefix(), n.maxConcurrentCalls(), n.maxCallsPerSecond(), n.callType(), n.status(), n.location(),
                n.inboundIvrId(), n.inboundIvrVersion(), n.outboundIvrId(), groups, n.prioritizeLastOutboundAgent(),
                n.lastOutboundAgentMode(), n.usableForAgentMobile(), n.createdAt(), tags, n.inboundFailurePrompt());
    }

    @Override
    public List<TrunkNumber> numbersPlayingAudio(long instanceId, String audioFileId) {
        return jdbc.list("SELECT " + NUMBER_COLUMNS + " FROM trunk_number WHERE instance_id = ? "
                        + "AND inbound_failure_prompt = ? ORDER BY id", JdbcSipChannelStore::number, instanceId,
                encode(Prompt.audio(audioFileId))).stream().map(this::withGroups).toList();
    }

    /**
     * A prompt in one column: mode, voice (empty for none) and then the text or audio id,
     * separated by the first two line feeds (the text itself may hold more).
     */
    static String encode(Prompt p) {
        if (p == null) {
            return null;
        }
        String payload = p.mode() == Prompt.Mode.AUDIO ? p.audioId() : p.text();
        return p.mode().name().toLowerCase(Locale.ROOT) + "\n" + (p.voice() == null ? "" : p.voice()) + "\n"
                + (payload == null ? "" : payload);
    }

    static Prompt decode(String stored) {
        if (stored == null) {
            return null;
        }
        String[] f = stored.split("\n", 3);
        String voice = f.length > 1 && !f[1].isEmpty() ? f[1] : null;
        String payload = f.length > 2 ? f[2] : "";
        return f[0].equals("audio") ? new Prompt(Prompt.Mode.AUDIO, null, voice, payload)
                : new Prompt(Prompt.Mode.TTS, payload, voice, null);
    }

    /** Links the number to the instance's tags of these names (the manager checked they exist). */
    private static void writeTags(Connection c, long numberId, long instanceId, List<String> names) throws SQLException {
        for (String name : names) {
            Jdbc.update(c, "INSERT INTO trunk_number_tag (number_id, tag_id) SELECT CAST(? AS BIGINT), id FROM number_tag "
                    + "WHERE instance_id = ? AND name_key = ?", numberId, instanceId, key(name));
        }
    }

    private static NumberTag tag(ResultSet rs) throws SQLException {
        return new NumberTag(rs.getLong(1), rs.getLong(2), rs.getString(3));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static SipChannel channel(ResultSet rs) throws SQLException {
        String user = rs.getString("gateway_username");
        SipDigest gateway = user == null ? null : new SipDigest(user, rs.getString("gateway_realm"),
                rs.getString("gateway_ha1_md5"), rs.getString("gateway_ha1_sha256"));
        String carrierUser = rs.getString("carrier_username");
        SipChannel.CarrierAccount carrier = carrierUser == null ? null : new SipChannel.CarrierAccount(carrierUser,
                rs.getString("carrier_password"), rs.getString("server_host"), rs.getInt("server_port"),
                rs.getString("outbound_proxy_host"), (Integer) rs.getObject("outbound_proxy_port"),
                rs.getString("transport"), rs.getInt("registration_expiry_s"));
        return new SipChannel(rs.getLong("id"), rs.getString("name"), rs.getString("number_type"),
                rs.getString("device_type"), rs.getString("docking_mode"), gateway, List.of(), carrier,
                Jdbc.instant(rs.getTimestamp("created_at")));
    }

    private static TrunkNumber number(ResultSet rs) throws SQLException {
        return new TrunkNumber(rs.getLong("id"), rs.getLong("channel_id"), rs.getLong("instance_id"), rs.getString("number"),
                rs.getBoolean("has_outbound_prefix"), rs.getString("outbound_prefix"), rs.getInt("max_concurrent_calls"),
                rs.getInt("max_calls_per_second"), rs.getString("call_type"), rs.getString("status"),
                rs.getString("location"), (Long) rs.getObject("inbound_ivr_id"), rs.getString("inbound_ivr_version"),
                (Long) rs.getObject("outbound_ivr_id"), List.of(), rs.getBoolean("prioritize_last_outbound_agent"),
                rs.getString("last_outbound_agent_mode"), rs.getBoolean("usable_for_agent_mobile"),
                Jdbc.instant(rs.getTimestamp("created_at")), List.of(), decode(rs.getString("inbound_failure_prompt")));
    }
}
