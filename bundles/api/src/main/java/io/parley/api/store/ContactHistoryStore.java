package io.parley.api.store;

import io.parley.api.acd.ContactHistory.AgentContact;
import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of the last agent per customer number and kind ({@link #OUTBOUND}: the agent who
 * last called the customer; {@link #SERVED}: the agent who last served the customer's inbound
 * call). One row per instance, number and kind, overwritten by a newer contact.
 *
 * <pre>{@code
 * store.record(1000001, "008613988888352", ContactHistoryStore.OUTBOUND, "100010", Instant.now());
 * Optional<AgentContact> c = store.last(1000001, "008613988888352", ContactHistoryStore.OUTBOUND);
 * }</pre>
 */
public interface ContactHistoryStore {

    String OUTBOUND = "outbound";
    String SERVED = "served";

    /** Keeps {@code agentId} as the last agent of this kind for the number, unless a later contact is stored. */
    void record(long instanceId, String customerNumber, String kind, String agentId, Instant at);

    /** The last agent of this kind for the number, or empty. */
    Optional<AgentContact> last(long instanceId, String customerNumber, String kind);

    /** Removes contacts older than {@code before}; returns how many. */
    int purgeBefore(Instant before);
}
