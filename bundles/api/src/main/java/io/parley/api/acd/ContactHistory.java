package io.parley.api.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which agent last dealt with a customer number, kept from the call events: the last agent who
 * called the customer (outbound, for SPEC §20 call-out then call-in and §15.1
 * {@code prefer_last_outbound_agent}, 3 days) and the last agent who served the customer
 * (inbound bridged, for {@code prefer_last_accessed_agent}, 30 days). Kept durably, so an
 * appliance restart forgets nothing.
 *
 * <pre>{@code
 * Optional<AgentContact> last = history.lastOutbound(1000001, "008613988888352", Duration.ofDays(3));
 * last.ifPresent(c -> offerFirst(c.agentId()));
 * }</pre>
 */
public interface ContactHistory {

    /** The agent who last placed an outbound call to {@code customerNumber} within {@code window}. */
    Optional<AgentContact> lastOutbound(long instanceId, String customerNumber, Duration window);

    /** The agent who last served an inbound call from {@code customerNumber} within {@code window}. */
    Optional<AgentContact> lastServed(long instanceId, String customerNumber, Duration window);

    /**
     * @param agentId the agent's staff id
     * @param at      when the call was placed (outbound) or bridged (inbound)
     */
    record AgentContact(String agentId, Instant at) {
    }
}
