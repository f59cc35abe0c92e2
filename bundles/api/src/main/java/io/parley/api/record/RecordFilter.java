package io.parley.api.record;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The SPEC §27.3 query on service records. Every field is optional (null: any); text fields
 * ({@code caller}, {@code callee}, {@code agentName}, {@code remark}) match when they are
 * contained, the others exactly. {@code from}/{@code to} default to today in the instance's time
 * zone and may span at most 31 days.
 *
 * <p>{@code visible} is what the caller may see, filled by the API layer from the caller's role
 * (SPEC §5.2, §5.3): category → the skill groups of its scope, or null for all groups; a
 * category missing from the map is not visible. Null means everything (the operator shell).
 *
 * <pre>{@code
 * RecordFilter f = RecordFilter.all().withStatus("abandoned_in_queue");
 * Page<ServiceRecord> page = records.list(instanceId, f, PageRequest.of(1, 15));
 * }</pre>
 */
public record RecordFilter(String category, Instant from, Instant to, String caller, String callee, String agentName,
                           String agentId, String direction, Long skillGroupId, String remark, String status,
                           String hangupParty, String agentTerminal, Map<String, Set<Long>> visible) {

    /** No filter: today's records of every kind. */
    public static RecordFilter all() {
        return new RecordFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public RecordFilter withStatus(String value) {
        return new RecordFilter(category, from, to, caller, callee, agentName, agentId, direction, skillGroupId, remark,
                value, hangupParty, agentTerminal, visible);
    }

    public RecordFilter withRange(Instant newFrom, Instant newTo) {
        return new RecordFilter(category, newFrom, newTo, caller, callee, agentName, agentId, direction, skillGroupId,
                remark, status, hangupParty, agentTerminal, visible);
    }

    public RecordFilter withVisible(Map<String, Set<Long>> value) {
        return new RecordFilter(category, from, to, caller, callee, agentName, agentId, direction, skillGroupId, remark,
                status, hangupParty, agentTerminal, value);
    }
}
