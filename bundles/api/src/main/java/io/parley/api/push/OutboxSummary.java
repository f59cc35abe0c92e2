package io.parley.api.push;

import java.time.Instant;

/**
 * The state of an instance's push outbox ({@code parley:push-status}, {@code GET {I}/push/status}).
 *
 * @param pending        items not delivered yet
 * @param failed         items given up
 * @param delivered      items delivered and still kept (delivered rows are purged after a while)
 * @param oldestPendingAt when the oldest pending item was queued; null when none
 * @param lastError      the last failed try's report; null when none
 * @param lastErrorAt    when it happened
 * @param held           why nothing is being delivered now (push disabled, the sink not installed), or null
 */
public record OutboxSummary(long pending, long failed, long delivered, Instant oldestPendingAt, String lastError,
                            Instant lastErrorAt, String held) {
}
