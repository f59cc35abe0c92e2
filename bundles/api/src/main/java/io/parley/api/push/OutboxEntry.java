package io.parley.api.push;

import java.time.Instant;

/**
 * One item of the push outbox as the API shows it (no payload).
 *
 * @param id            outbox id
 * @param instanceId    the instance
 * @param kind          {@code cdr}, {@code recording} or {@code voicemail}
 * @param sessionId     the call's session id; with {@code kind} the item's idempotency key
 * @param status        {@code pending} (waiting for its next try, or held while no sink can take it),
 *                      {@code delivered} or {@code failed} (24 h of retries ran out, or the receiver refused it)
 * @param attempts      deliveries tried so far
 * @param createdAt     when it was queued
 * @param firstAttemptAt the first try, where the 24 h retry window starts; null before
 * @param lastAttemptAt the last try; null before
 * @param nextAttemptAt when a pending item is tried next
 * @param doneAt        when it was delivered or given up; null while pending
 * @param lastError     what the last failed try reported, e.g. {@code HTTP 503}
 */
public record OutboxEntry(long id, long instanceId, String kind, String sessionId, String status, int attempts,
                          Instant createdAt, Instant firstAttemptAt, Instant lastAttemptAt, Instant nextAttemptAt, Instant doneAt,
                          String lastError) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
}
