package io.parley.api.agentcall;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of the agent event stream (SPEC §16.3), built from the {@code parley/call/*} and
 * {@code parley/agent/*} events.
 *
 * <pre>{@code
 * // {"type":"call.offered","session_id":"lq3k2-1f","direction":"inbound","customer_number":"139****8352",
 * //  "agent_id":"100010","skill_group_id":2001,"timestamp":"2026-12-07T08:00:00Z",
 * //  "popup_urls":["https://crm.example.com/t#?mobile=139****8352&userId=139****8352&status=100&type=phone&…"]}
 * }</pre>
 *
 * @param type           {@code call.offered}, {@code call.outbound_started}, {@code call.outbound_answered},
 *                       {@code call.answered}, {@code call.held}, {@code call.resumed}, {@code call.transferred},
 *                       {@code call.ended} or {@code agent.presence_changed}
 * @param instanceId     the instance
 * @param sessionId      the call, or null for a presence change
 * @param direction      {@code inbound} or {@code outbound}, or null for a presence change
 * @param customerNumber the customer number as agents may see it (§25/§26), or null
 * @param agentId        the agent the event is about, or null
 * @param skillGroupId   the skill group, or null
 * @param timestamp      when it happened
 * @param popupUrls      the enabled pop-up pages with the §13.2 parameters (call events only)
 * @param details        what else the event says: {@code status}, {@code transfer_type}, {@code transfer_to},
 *                       {@code presence}, {@code user_data}, {@code description}
 */
public record AgentEvent(String type, long instanceId, String sessionId, String direction, String customerNumber,
                         String agentId, Long skillGroupId, Instant timestamp, List<String> popupUrls,
                         Map<String, Object> details) {

    public AgentEvent {
        popupUrls = List.copyOf(popupUrls);
        details = Map.copyOf(details);
    }
}
