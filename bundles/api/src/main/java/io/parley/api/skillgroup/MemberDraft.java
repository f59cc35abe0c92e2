package io.parley.api.skillgroup;

/**
 * A member agent as a caller gives it: the agent id and an optional priority (1..5, 1 =
 * highest; null for the default 3).
 *
 * <pre>{@code
 * skillGroups.addAgents(instanceId, 2001, List.of(new MemberDraft("100010", 1), new MemberDraft("100011", null)));
 * }</pre>
 */
public record MemberDraft(String agentId, Integer priority) {
}
