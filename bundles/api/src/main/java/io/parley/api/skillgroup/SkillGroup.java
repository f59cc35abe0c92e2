package io.parley.api.skillgroup;

import java.util.List;

/**
 * A skill group (SPEC §6.1): agents and SIP phones that answer the same kind of call.
 *
 * @param id             server-generated numeric id
 * @param instanceId     the owning instance
 * @param name           1..32 characters, unique in the instance
 * @param type           always {@code phone} for a voice contact center
 * @param ringingMode    sequential (default) or simultaneous
 * @param receptionLimit concurrent sessions per agent; fixed at 1 for phone groups
 * @param extension      optional internal extension (4–6 digits, first digit 1–8), or null
 * @param agents         member agents with their priority (1 = highest)
 * @param phones         member SIP phones with their priority
 */
public record SkillGroup(long id, long instanceId, String name, String type, RingingMode ringingMode,
                         int receptionLimit, String extension, List<Member> agents, List<Member> phones) {

    public static final String TYPE_PHONE = "phone";

    public SkillGroup {
        agents = List.copyOf(agents);
        phones = List.copyOf(phones);
    }

    /** Number of member agents (read-only field {@code agent_count}). */
    public int agentCount() {
        return agents.size();
    }

    /**
     * A member of the group: an agent id or a phone extension, with its priority 1..5.
     */
    public record Member(String id, int priority) {
    }
}
