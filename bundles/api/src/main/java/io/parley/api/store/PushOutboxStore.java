package io.parley.api.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.push.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The push outbox in the database (tables {@code push_outbox} and {@code push_outbox_payload}):
 * an item stays until it is delivered or given up, so nothing queued is lost by a restart.
 * (instance, session id, kind) is unique, so a record posted twice is queued once.
 *
 * <pre>{@code
 * boolean queued = store.enqueue(1000001, "cdr", "s-1", "{\"Kind\":\"cdr\",…}", Instant.now());
 * for (OutboxEntry e : store.due(1000001, Instant.now(), 50)) { String json = store.payload(e.id()); … }
 * }</pre>
 */
public interface PushOutboxStore {

    /** @return false when the same (instance, session, kind) is already queued or was delivered */
    boolean enqueue(long instanceId, String kind, String sessionId, String json, Instant createdAt);

    /** Instances with pending items due at {@code now}. */
    List<Long> instancesDue(Instant now);

    /** Pending items due at {@code now}, oldest first. */
    List<OutboxEntry> due(long instanceId, Instant now, int limit);

    /** The payload an item was queued with. */
    String payload(long id);

    Optional<OutboxEntry> find(long instanceId, long id);

    Page<OutboxEntry> list(long instanceId, String status, PageRequest page);

    long count(long instanceId, String status);

    /** The oldest pending item's creation time. */
    Optional<Instant> oldestPending(long instanceId);

    /** The most recently failed try of the instance's items: its error and time. */
    Optional<OutboxEntry> lastError(long instanceId);

    void markDelivered(long id, Instant at);

    /** A failed try: counts it, keeps the error, schedules the next try; {@code firstAttemptAt} set once. */
    void markRetry(long id, Instant attemptAt, Instant nextAttemptAt, String error);

    /** Given up: counts the try and keeps the error. */
    void markFailed(long id, Instant at, String error);

    /** A failed item back to pending, due at {@code now}, its retry window started afresh. */
    boolean requeue(long instanceId, long id, Instant now);

    /** Deletes items of {@code status} done before {@code before}; returns how many. */
    int purge(String status, Instant before);
}
