package io.parley.api.acd;

import java.time.Instant;

/**
 * A call queued for a skill group.
 *
 * @param sessionId    the call's session id
 * @param instanceId   the instance
 * @param skillGroupId the queue it waits in
 * @param callerNumber canonical caller number
 * @param queuedAt     when it entered the queue
 */
public record WaitingCall(String sessionId, long instanceId, long skillGroupId, String callerNumber,
                          Instant queuedAt) {
}
