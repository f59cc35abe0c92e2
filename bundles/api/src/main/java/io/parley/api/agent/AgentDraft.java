package io.parley.api.agent;

import java.util.List;

/**
 * The fields a caller supplies to create an agent or to change one, as written (null when not
 * given). On edit, {@code agentId} and {@code email} may only repeat the current values, and
 * {@code clearPhoneNumber} removes the phone number.
 *
 * <pre>{@code
 * AgentDraft d = new AgentDraft("100010", "Ann Lee", "Ann", "ann@example.com", roleId,
 *         List.of(2001L), "008613800000000", "when_offline", false);
 * IssuedAgent created = agents.create(instanceId, d);
 * }</pre>
 */
public record AgentDraft(String agentId, String name, String nickname, String email, Long roleId,
                         List<Long> skillGroupIds, String phoneNumber, String mobileAnswering,
                         boolean clearPhoneNumber) {

    public AgentDraft {
        skillGroupIds = skillGroupIds == null ? null : List.copyOf(skillGroupIds);
    }
}
