package io.parley.agentcalls;

import java.time.Instant;

/**
 * What the agent side knows of one call session beyond its legs: whose call it is, the
 * customer's real number, the queue, the originate request's description and user data, and
 * the agent's mute. Kept by {@link CallSessions} from the call events and from what this bundle
 * does; every change goes through {@code synchronized (session)}.
 */
final class Session {

    final String sessionId;
    final long instanceId;
    final Instant since;
    String direction;
    /** The customer's real number, canonical where known (never masked: redial dials it). */
    String customerNumber;
    String agentId;
    /** The agent's leg, the customer's leg ({@code a} for inbound calls). */
    String agentLegId;
    String customerLegId;
    /** {@code sip_phone} or {@code mobile} (SPEC §27.1 agent terminal). */
    String terminal;
    Long skillGroupId;
    boolean queued;
    boolean muted;
    boolean onHold;
    String description;
    String userData;
    /** A transfer in progress: its type and target, told with the TRANSFERRED event. */
    String transferType;
    String transferTo;
    Instant endedAt;
    String status;

    Session(String sessionId, long instanceId, String direction, Instant since) {
        this.sessionId = sessionId;
        this.instanceId = instanceId;
        this.direction = direction;
        this.since = since;
    }

    boolean ended() {
        return endedAt != null;
    }

    /** A consistent copy for readers outside the lock. */
    synchronized View view() {
        return new View(sessionId, instanceId, direction, customerNumber, agentId, agentLegId, customerLegId, terminal,
                skillGroupId, queued, muted, onHold, description, userData, transferType, transferTo, since, endedAt,
                status);
    }

    /** An immutable copy of a session. */
    record View(String sessionId, long instanceId, String direction, String customerNumber, String agentId,
                String agentLegId, String customerLegId, String terminal, Long skillGroupId, boolean queued,
                boolean muted, boolean onHold, String description, String userData, String transferType,
                String transferTo, Instant since, Instant endedAt, String status) {
    }
}
