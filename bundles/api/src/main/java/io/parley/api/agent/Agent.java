package io.parley.api.agent;

import java.time.Instant;
import java.util.List;

/**
 * An agent (SPEC §4.1). The agent logs in to the REST API with {@code email} and holds the
 * permissions of its role.
 *
 * <pre>{@code
 * Agent a = agents.get(instanceId, "100010");
 * if (a.accountState() == AccountState.FORCED_OFFLINE) { ... }
 * }</pre>
 *
 * @param instanceId      the owning instance
 * @param agentId         staff number, 1..20 digits, unique in the instance, not editable
 * @param name            1..32 characters
 * @param nickname        1..32 characters, shown to customers
 * @param email           RFC 5322 address, unique appliance-wide (ignoring case), the login name
 * @param roleId          the agent's one role
 * @param skillGroupIds   groups the agent is a member of, ascending
 * @param phoneNumber     the agent's mobile, or null
 * @param mobileAnswering when calls ring that mobile
 * @param accountState    active or forced offline
 * @param lastOnlineAt    last login (token issued), or null
 * @param createdAt       creation time
 */
public record Agent(long instanceId, String agentId, String name, String nickname, String email, long roleId,
                    List<Long> skillGroupIds, String phoneNumber, MobileAnswering mobileAnswering,
                    AccountState accountState, Instant lastOnlineAt, Instant createdAt) {

    public Agent {
        skillGroupIds = List.copyOf(skillGroupIds);
    }

    /** The account login of this agent: its email in lower case. */
    public String login() {
        return email.toLowerCase(java.util.Locale.ROOT);
    }

    public Agent withState(AccountState state) {
        return new Agent(instanceId, agentId, name, nickname, email, roleId, skillGroupIds, phoneNumber,
                mobileAnswering, state, lastOnlineAt, createdAt);
    }
}
