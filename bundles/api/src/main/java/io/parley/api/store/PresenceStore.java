package io.parley.api.store;

import io.parley.api.agent.PresenceState;
import java.time.Instant;
import java.util.List;

/**
 * The timestamped presence changes of agents (SPEC §14.3), kept for the day's durations and
 * statistics; each change is one appended row.
 *
 * <pre>{@code
 * store.append(new PresenceState(1000001, "100010", Presence.AVAILABLE, null, null, null, Instant.now()));
 * List<PresenceState> today = store.changes(1000001, "100010", startOfDay);
 * }</pre>
 */
public interface PresenceStore {

    void append(PresenceState change);

    /** Changes of one agent at or after {@code from}, oldest first. */
    List<PresenceState> changes(long instanceId, String agentId, Instant from);

    /** The last change of one agent before {@code before}, if any (the state a day started in). */
    java.util.Optional<PresenceState> lastBefore(long instanceId, String agentId, Instant before);
}
