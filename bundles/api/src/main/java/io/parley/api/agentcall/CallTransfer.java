package io.parley.api.agentcall;

/**
 * Where {@code :transfer} sends the customer (SPEC §21).
 *
 * <pre>{@code
 * CallTransfer.skillGroup(2001);
 * CallTransfer.agent("100011");
 * CallTransfer.external("02087654321", null);   // caller number by §11.2
 * }</pre>
 *
 * @param target       {@link #SKILL_GROUP}, {@link #AGENT} or {@link #EXTERNAL}
 * @param skillGroupId the group (skill_group)
 * @param agentId      the agent (agent), who must be available
 * @param number       the number (external)
 * @param callerNumber the agent's chosen caller number (external, §11.2 step 5), or null
 */
public record CallTransfer(String target, Long skillGroupId, String agentId, String number, String callerNumber) {

    public static final String SKILL_GROUP = "skill_group";
    public static final String AGENT = "agent";
    public static final String EXTERNAL = "external";

    public static CallTransfer skillGroup(long id) {
        return new CallTransfer(SKILL_GROUP, id, null, null, null);
    }

    public static CallTransfer agent(String agentId) {
        return new CallTransfer(AGENT, null, agentId, null, null);
    }

    public static CallTransfer external(String number, String callerNumber) {
        return new CallTransfer(EXTERNAL, null, null, number, callerNumber);
    }
}
