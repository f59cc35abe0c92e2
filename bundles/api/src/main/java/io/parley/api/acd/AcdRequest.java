package io.parley.api.acd;

import io.parley.api.ivr.Prompt;
import java.time.Duration;
import java.util.List;

/**
 * A caller a {@code to_agent} node (SPEC §8.5) hands to the {@link Acd}.
 *
 * <pre>{@code
 * new AcdRequest("s-1", 1000001, "008613800000000", List.of(2955L, 2956L), 3000L,
 *         List.of("alice@example.com"), Prompt.tts("You are number ${WaitNo} in the queue"), Duration.ofSeconds(300));
 * }</pre>
 *
 * @param sessionId            the call's session id
 * @param instanceId           the instance
 * @param callerNumber         canonical caller number, for "last accessed agent" routing
 * @param skillGroupIds        groups tried in list order, at least one
 * @param overflowSkillGroupId used when every group above has no agent online or all are busy; null for none
 * @param preferredAgentEmails agents (by login email) offered the call first, in order, from the
 *                             specified-agent callback (SPEC §8.5.1); empty for none
 * @param waitPrompt           looped to the caller while queued ({@code ${WaitNo}} substituted); null for hold music
 * @param maxQueueWait         how long the caller may wait in the queue (SPEC §8.5, default 300 s)
 */
public record AcdRequest(String sessionId, long instanceId, String callerNumber, List<Long> skillGroupIds,
                         Long overflowSkillGroupId, List<String> preferredAgentEmails, Prompt waitPrompt,
                         Duration maxQueueWait) {

    public AcdRequest {
        skillGroupIds = List.copyOf(skillGroupIds);
        preferredAgentEmails = List.copyOf(preferredAgentEmails);
    }
}
