package io.parley.api.agentcall;

import io.parley.api.call.LegInfo;
import java.time.Instant;
import java.util.List;

/**
 * A live call as agents and supervisors see it ({@code GET {I}/calls}): the session, its legs,
 * the agent and queue it is with, and how long it has lasted.
 *
 * <pre>{@code
 * for (AgentCall c : agentCalls.calls(caller, 1000001)) {
 *     System.out.println(c.sessionId() + " " + c.state() + " " + c.agentId() + " " + c.elapsedSeconds() + "s");
 * }
 * }</pre>
 *
 * @param sessionId      the session id (SPEC §27.1)
 * @param instanceId     the instance
 * @param direction      {@code inbound} or {@code outbound}
 * @param state          {@code setup}, {@code answered}, {@code bridged}, {@code held} or {@code ended} (CallInfo)
 * @param customerNumber the customer's number, protected per §25/§26 for a caller without monitoring, or null
 * @param agentId        the agent handling the call, or null
 * @param skillGroupId   the skill group it was queued for or transferred to, or null
 * @param queued         waiting in that group's queue now
 * @param muted          the agent is muted
 * @param description    the originate request's description, or null
 * @param userData       the originate request's {@code user_data} JSON text, or null
 * @param legs           the legs, first first
 * @param since          when the call began
 * @param elapsedSeconds seconds since then
 */
public record AgentCall(String sessionId, long instanceId, String direction, String state, String customerNumber,
                        String agentId, Long skillGroupId, boolean queued, boolean muted, String description,
                        String userData, List<LegInfo> legs, Instant since, long elapsedSeconds) {

    public AgentCall {
        legs = List.copyOf(legs);
    }
}
