package io.parley.api.agent;

import java.time.Instant;

/**
 * The list filters of SPEC §4.2; every null field matches everything. Text filters match a
 * part of the value ignoring case; {@code skillGroupId} and {@code mobileAnswering} match exactly.
 * {@code skillGroupScope} is not a caller's filter but its role's scope (SPEC §5.3): only agents
 * in at least one of these groups (null: all agents).
 *
 * <pre>{@code
 * AgentFilter f = AgentFilter.NONE.withName("ann");
 * Page<Agent> page = agents.list(instanceId, f, PageRequest.first());
 * }</pre>
 */
public record AgentFilter(String agentId, String email, String name, String phoneNumber, Long skillGroupId,
                          String mobileAnswering, Instant lastOnlineFrom, Instant lastOnlineTo,
                          java.util.Set<Long> skillGroupScope) {

    public static final AgentFilter NONE = new AgentFilter(null, null, null, null, null, null, null, null);

    public AgentFilter {
        skillGroupScope = skillGroupScope == null ? null : java.util.Set.copyOf(skillGroupScope);
    }

    /** The filters without a scope. */
    public AgentFilter(String agentId, String email, String name, String phoneNumber, Long skillGroupId,
                       String mobileAnswering, Instant lastOnlineFrom, Instant lastOnlineTo) {
        this(agentId, email, name, phoneNumber, skillGroupId, mobileAnswering, lastOnlineFrom, lastOnlineTo, null);
    }

    /** The same filters limited to agents of these groups (null: no limit). */
    public AgentFilter withScope(java.util.Set<Long> groups) {
        return new AgentFilter(agentId, email, name, phoneNumber, skillGroupId, mobileAnswering, lastOnlineFrom,
                lastOnlineTo, groups);
    }

    public AgentFilter withName(String part) {
        return new AgentFilter(agentId, email, part, phoneNumber, skillGroupId, mobileAnswering, lastOnlineFrom,
                lastOnlineTo, skillGroupScope);
    }
}
