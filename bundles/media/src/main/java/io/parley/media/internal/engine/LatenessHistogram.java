package io.parley.media.internal.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts how late outgoing packets leave against their 20 ms tick, in 50 µs buckets up to
 * 100 ms, for the p99 figure of the benchmark and for monitoring.
 */
final class LatenessHistogram {
    private static final long BUCKET_NANOS = 50_000L;
    private static final int BUCKETS = 2001;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long latenessNanos) {
        int b = (int) Math.min(BUCKETS - 1, Math.max(0, latenessNanos / BUCKET_NANOS));
        counts.incrementAndGet(b);
    }

    /** @return the lateness in milliseconds below which {@code fraction} of packets left */
    double percentileMillis(double fraction) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long wanted = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= wanted) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return BUCKETS * BUCKET_NANOS / 1e6;
    }

    long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** Adds the counts of {@code other} to this one. */
    void add(LatenessHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts.addAndGet(i, other.counts.get(i));
        }
    }

    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }
}
