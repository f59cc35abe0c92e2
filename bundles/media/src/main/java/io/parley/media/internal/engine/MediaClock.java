package io.parley.media.internal.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one 20 ms clock of the media server. Every tick runs three phases over all registered
 * listeners, each phase finished before the next begins: {@link Phase#RECEIVE} (endpoints take
 * the 20 ms of audio they heard), {@link Phase#SEND} (endpoints send what they play or relay)
 * and {@link Phase#RECORD}. A bridge can therefore read its partner's frame of the same tick
 * without locks. Ticks are due at fixed times from the start, so lateness does not accumulate;
 * a phase may be split over a few worker threads so that a 2-core box uses both cores.
 */
final class MediaClock implements AutoCloseable {
    static final long TICK_NANOS = 20_000_000L;
    /** Beyond this lateness the clock skips ticks instead of bursting to catch up. */
    private static final long MAX_CATCH_UP_NANOS = 200_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(MediaClock.class);

    enum Phase { RECEIVE, SEND, RECORD }

    @FunctionalInterface
    interface TickListener {
        void onTick(long tick);
    }

    private final List<List<TickListener>> phases = List.of(
            new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    private final Thread thread;
    private final ExecutorService helpers;
    private final int workers;
    private final LatenessHistogram lateness = new LatenessHistogram();
    private final long startNanos;
    private volatile boolean running = true;
    private volatile long currentTick;
    private volatile long skippedTicks;

    MediaClock(int workers) {
        this.workers = Math.max(1, workers);
        AtomicInteger n = new AtomicInteger();
        this.helpers = this.workers > 1 ? Executors.newFixedThreadPool(this.workers - 1, r -> {
            Thread t = new Thread(r, "parley-media-clock-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        }) : null;
        this.startNanos = System.nanoTime();
        this.thread = new Thread(this::run, "parley-media-clock");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    void add(Phase phase, TickListener l) {
        phases.get(phase.ordinal()).add(l);
    }

    void remove(Phase phase, TickListener l) {
        phases.get(phase.ordinal()).remove(l);
    }

    long currentTick() {
        return currentTick;
    }

    long dueNanos(long tick) {
        return startNanos + tick * TICK_NANOS;
    }

    /** Records how late a packet of {@code tick} leaves, against the tick's due time. */
    void recordSend(long tick) {
        lateness.record(System.nanoTime() - dueNanos(tick));
    }

    LatenessHistogram lateness() {
        return lateness;
    }

    long skippedTicks() {
        return skippedTicks;
    }

    private void run() {
        long tick = 0;
        while (running) {
            long due = dueNanos(tick);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
                if (!running) {
                    return;
                }
            }
            if (now - due > MAX_CATCH_UP_NANOS) {
                long skip = (now - due) / TICK_NANOS;
                skippedTicks += skip;
                tick += skip;
                LOG.warn("media clock {} ms late, skipped {} ticks", (now - due) / 1_000_000, skip);
                continue;
            }
            currentTick = tick;
            for (List<TickListener> phase : phases) {
                runPhase(phase, tick);
            }
            tick++;
        }
    }

    private void runPhase(List<TickListener> phase, long tick) {
        Object[] all = phase.toArray();
        if (helpers == null || all.length < 64) {
            runSlice(all, 0, all.length, tick);
            return;
        }
        int slice = (all.length + workers - 1) / workers;
        CountDownLatch done = new CountDownLatch(workers - 1);
        for (int w = 1; w < workers; w++) {
            int from = w * slice;
            int to = Math.min(all.length, from + slice);
            helpers.execute(() -> {
                try {
                    runSlice(all, from, to, tick);
                } finally {
                    done.countDown();
                }
            });
        }
        runSlice(all, 0, Math.min(slice, all.length), tick);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runSlice(Object[] all, int from, int to, long tick) {
        for (int i = from; i < to; i++) {
            try {
                ((TickListener) all[i]).onTick(tick);
            } catch (RuntimeException e) {
                // one broken stream must not stop the clock of every call
                LOG.error("media tick listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
