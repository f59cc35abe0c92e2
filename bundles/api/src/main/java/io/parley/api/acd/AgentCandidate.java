package io.parley.api.acd;

import java.time.Instant;

/**
 * An eligible agent (logged in, available, not on a call) as a routing policy sees it.
 *
 * @param agentId              the agent's staff number
 * @param groupPriority        priority in the skill group, 1 (highest) .. 5
 * @param idleSince            when the agent last became available
 * @param callsAnsweredToday   calls answered since 00:00 in the instance's time zone (§34 p45)
 * @param lastServedCallerAt   when this agent last served this caller (30-day lookback), or null
 * @param lastOutboundToCallerAt when this agent last called this caller, or null
 */
public record AgentCandidate(String agentId, int groupPriority, Instant idleSince, int callsAnsweredToday,
                             Instant lastServedCallerAt, Instant lastOutboundToCallerAt) {
}
