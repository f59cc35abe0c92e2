package io.parley.api.agent;

import java.time.Instant;

/**
 * The list filters of SPEC §4.2; every null field matches everything. Text filters match a
 * part of the value ignoring case; {@code skillGroupId} and {@code mobileAnswering} match exactly.
 *
 * <pre>{@code
 * AgentFilter f = AgentFilter.NONE.withName("ann");
 * Page<Agent> page = agents.list(instanceId, f, PageRequest.first());
 * }</pre>
 */
public record AgentFilter(String agentId, String email, String name, String phoneNumber, Long skillGroupId,
                          String mobileAnswering, Instant lastOnlineFrom, Instant lastOnlineTo) {

    public static final AgentFilter NONE = new AgentFilter(null, null, null, null, null, null, null, null);

    public AgentFilter withName(String part) {
        return new AgentFilter(agentId, email, part, phoneNumber, skillGroupId, mobileAnswering, lastOnlineFrom,
                lastOnlineTo);
    }
}
