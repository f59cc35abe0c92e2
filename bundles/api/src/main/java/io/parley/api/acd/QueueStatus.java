package io.parley.api.acd;

import java.time.Duration;
import java.time.Instant;

/**
 * One skill group's queue and its service level (beyond SPEC §15: share of calls answered
 * within {@code serviceLevelSeconds}, answer-time percentiles), for {@code parley:queue-*} and
 * monitoring.
 *
 * <pre>{@code
 * for (QueueStatus q : acd.queues(1000001)) {
 *     System.out.println(q.skillGroupId() + " waiting " + q.waiting() + " SL " + q.serviceLevelPercent() + "%");
 * }
 * }</pre>
 *
 * @param instanceId          the instance
 * @param skillGroupId        the group
 * @param waiting             callers in the queue now
 * @param oldestQueuedAt      when the longest waiter entered, or null
 * @param policy              the routing policy the group uses now (the fallback's name while the chosen one is away)
 * @param answered            calls answered by an agent since start
 * @param answeredWithinT     of those, answered within {@code serviceLevelSeconds}
 * @param abandoned           callers who hung up while queued
 * @param serviceLevelSeconds T, default 20
 * @param p50                 median answer time (null before the first answer)
 * @param p90                 90th percentile answer time
 * @param p99                 99th percentile answer time
 */
public record QueueStatus(long instanceId, long skillGroupId, int waiting, Instant oldestQueuedAt, String policy,
                          long answered, long answeredWithinT, long abandoned, int serviceLevelSeconds, Duration p50,
                          Duration p90, Duration p99) {

    /** Share answered within T among answered and abandoned calls, 0..100; 100 before any call. */
    public double serviceLevelPercent() {
        long offered = answered + abandoned;
        return offered == 0 ? 100.0 : 100.0 * answeredWithinT / offered;
    }
}
