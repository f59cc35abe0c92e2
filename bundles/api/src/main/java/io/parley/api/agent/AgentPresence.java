package io.parley.api.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Agents' presence at run time (SPEC §14.3): login and logout, the agent's own states, the
 * system's call states and their timestamps. Every change is stored (for the day's durations)
 * and posted under {@code parley/agent/*} ({@link io.parley.api.event.AgentEvents}).
 *
 * <p>The ACD reserves an agent with {@link #offer}, an atomic available → ringing step, so two
 * calls never ring one agent; outbound calls need no call here: the presence bundle follows
 * {@code parley/call/ANSWERED} and {@code ENDED} events that carry {@code agent.id}.
 *
 * <pre>{@code
 * presence.login(1000001, "100010");                                 // default status after login
 * presence.set(1000001, "100010", Presence.ON_BREAK, 3L);             // with break reason 3
 * if (presence.offer(1000001, "100010", "s-1")) { ... ring its phone ... }
 * presence.ringEnded(1000001, "100010", "s-1", true, false);          // answered: in_call
 * presence.callEnded(1000001, "100010", "s-1");                       // after_call_work, then restored
 * }</pre>
 */
public interface AgentPresence {

    /**
     * Logs the agent in with the instance's {@code default_status_after_login}; an agent already
     * online keeps its state.
     *
     * @throws io.parley.api.error.NotFoundException  no such agent
     * @throws io.parley.api.error.ConflictException  the account is forced offline (field account_state)
     */
    PresenceState login(long instanceId, String agentId);

    /** Logs the agent out (offline); a call in progress goes on, the agent gets no new one. */
    PresenceState logout(long instanceId, String agentId);

    /**
     * The agent's own change: {@code available}, {@code busy}, {@code on_break} (with an enabled
     * reason) or {@code offline}. From offline it logs the agent in with that state. Refused (409
     * on {@code state}) while ringing or in a call; from after-call work it ends that state.
     *
     * @throws io.parley.api.error.InvalidException  a system state (field state), or on_break without
     *                                               an enabled reason (field break_reason_id)
     */
    PresenceState set(long instanceId, String agentId, Presence state, Long breakReasonId);

    /** Logs the agent out and forces its account offline (its logins refused until resumed); a call in progress finishes. */
    PresenceState forceOffline(long instanceId, String agentId);

    /** @throws io.parley.api.error.NotFoundException no such agent */
    PresenceState current(long instanceId, String agentId);

    /** Every agent of the instance that is online, by agent id. */
    List<PresenceState> online(long instanceId);

    /**
     * Reserves an available agent for a call: available → ringing, atomically. False when the
     * agent is not available (another call got it first, or it changed its state).
     */
    boolean offer(long instanceId, String agentId, String sessionId);

    /**
     * The offer of {@code sessionId} ended: answered → in_call; otherwise back to the state before
     * the offer, or on break with the system reason "ring timeout" when {@code onBreak}. Ignored
     * when the agent is no longer ringing for that call.
     */
    PresenceState ringEnded(long instanceId, String agentId, String sessionId, boolean answered, boolean onBreak);

    /**
     * The agent's part in {@code sessionId} ended: in_call → after_call_work, which returns to the
     * state before the call after the instance's {@code restore_after_call_s} (when
     * {@code restore_after_call}). Ignored when the agent is not in that call.
     */
    PresenceState callEnded(long instanceId, String agentId, String sessionId);

    /** Calls the agent answered today (00:00 of the appliance's zone), for {@code fewest_calls}. */
    int callsAnsweredToday(long instanceId, String agentId);

    /** Time spent in each state today, from the stored changes (the current state counted up to now). */
    Map<Presence, Duration> durationsToday(long instanceId, String agentId);

    /** The stored changes of today, oldest first. */
    List<PresenceState> historyToday(long instanceId, String agentId);
}
