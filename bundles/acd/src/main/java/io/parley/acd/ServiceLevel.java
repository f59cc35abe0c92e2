package io.parley.acd;

import io.parley.api.acd.QueueStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One group's service level since start: answered, answered within T, abandoned, and the last
 * {@value #WINDOW} answer times for the percentiles (bounded: a busy appliance keeps 8 KB a group).
 */
final class ServiceLevel {

    static final int WINDOW = 1000;

    final AtomicLong answered = new AtomicLong();
    final AtomicLong withinT = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    private final long[] waitsMs = new long[WINDOW];
    private int next;
    private int filled;

    synchronized void answered(Duration waited, int serviceLevelSeconds) {
        answered.incrementAndGet();
        if (waited.compareTo(Duration.ofSeconds(serviceLevelSeconds)) <= 0) {
            withinT.incrementAndGet();
        }
        waitsMs[next] = waited.toMillis();
        next = (next + 1) % WINDOW;
        filled = Math.min(WINDOW, filled + 1);
    }

    synchronized QueueStatus status(AcdManager.GroupKey k, int waiting, Instant oldest, String policy, int t) {
        long[] sorted = Arrays.copyOf(waitsMs, filled);
        Arrays.sort(sorted);
        return new QueueStatus(k.instanceId(), k.groupId(), waiting, oldest, policy, answered.get(), withinT.get(),
                abandoned.get(), t, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99));
    }

    /** Nearest-rank percentile; null without samples. */
    static Duration percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return Duration.ofMillis(sorted[Math.max(0, rank - 1)]);
    }
}
