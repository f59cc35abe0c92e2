package io.parley.api.agent;

import java.time.Instant;

/**
 * An agent's presence now, or one timestamped change of it (SPEC §14.3, kept for §30/§31).
 *
 * <pre>{@code
 * PresenceState s = presence.current(1000001, "100010");
 * Duration idle = s.state() == Presence.AVAILABLE ? Duration.between(s.since(), Instant.now()) : Duration.ZERO;
 * }</pre>
 *
 * @param instanceId    the instance
 * @param agentId       the agent's staff number
 * @param state         the presence
 * @param breakReasonId the chosen break reason when {@link Presence#ON_BREAK}, null for the
 *                      system reason "ring timeout" and every other state
 * @param breakReason   the reason's name when on break (kept even after the reason is deleted)
 * @param sessionId     the call that drove a ringing / in_call / after_call_work state, else null
 * @param since         when the agent entered this state
 */
public record PresenceState(long instanceId, String agentId, Presence state, Long breakReasonId, String breakReason,
                            String sessionId, Instant since) {

    /** The system break reason after a ring timeout (SPEC §15.1 {@code break_after_ring_timeout}). */
    public static final String RING_TIMEOUT_REASON = "ring timeout";

    public static PresenceState offline(long instanceId, String agentId, Instant since) {
        return new PresenceState(instanceId, agentId, Presence.OFFLINE, null, null, null, since);
    }

    /** Logged in (any state but offline). */
    public boolean online() {
        return state != Presence.OFFLINE;
    }
}
