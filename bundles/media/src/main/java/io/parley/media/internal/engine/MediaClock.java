package io.parley.media.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 20 ms media clock. Each endpoint is a {@link Member} with a fixed send phase inside the
 * tick: the tick is cut into {@code workers x SLOTS} evenly spaced slots, each served by one
 * worker thread, so the packets of many streams leave spread over the 20 ms instead of in one
 * burst at the start of the tick, and the two cores work at the same time without handing work
 * to each other. In its slot a member runs {@code receive} (take the datagrams that arrived and
 * the 20 ms of audio heard), {@code send} (the frame played or relayed), then its recorders,
 * always in this order on one thread. The two legs of a bridge share a slot
 * ({@link #follow}), so a leg reads its partner's frame of the same tick without a lock.
 * Slots are due at fixed times from the start, so lateness does not accumulate; the lateness
 * of each packet is measured against its own slot.
 */
final class MediaClock implements AutoCloseable {
    static final long TICK_NANOS = 20_000_000L;
    /** Send phases per worker thread within one tick. */
    static final int SLOTS = 10;
    /** Beyond this lateness a worker skips ticks instead of bursting to catch up. */
    private static final long MAX_CATCH_UP_NANOS = 200_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(MediaClock.class);

    @FunctionalInterface
    interface TickListener {
        void onTick(long tick);
    }

    /** One endpoint's share of every tick. */
    static final class Member {
        final TickListener receive;
        final TickListener send;
        final List<TickListener> recorders = new CopyOnWriteArrayList<>();
        volatile Slot slot;
        /** Due time of the slot being run, for the lateness of the packets sent in it. */
        long dueNanos;
        private long lastTick = -1;

        Member(TickListener receive, TickListener send) {
            this.receive = receive;
            this.send = send;
        }
    }

    /** A send phase within the tick, served by one worker. */
    static final class Slot {
        final int worker;
        final long offsetNanos;
        final List<Member> members = new CopyOnWriteArrayList<>();

        Slot(int worker, long offsetNanos) {
            this.worker = worker;
            this.offsetNanos = offsetNanos;
        }
    }

    private final Worker[] workers;
    private final List<Slot> allSlots = new ArrayList<>();
    private final long startNanos;
    private volatile boolean running = true;

    MediaClock(int workerCount) {
        int n = Math.max(1, workerCount);
        this.startNanos = System.nanoTime();
        this.workers = new Worker[n];
        long spacing = TICK_NANOS / ((long) n * SLOTS);
        for (int w = 0; w < n; w++) {
            Slot[] slots = new Slot[SLOTS];
            for (int s = 0; s < SLOTS; s++) {
                // interleaved: worker 0 slot 0, worker 1 slot 0, worker 0 slot 1, ...
                slots[s] = new Slot(w, (s * (long) n + w) * spacing);
                allSlots.add(slots[s]);
            }
            workers[w] = new Worker(w, slots);
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** Adds an endpoint in the least busy slot. */
    synchronized Member join(TickListener receive, TickListener send) {
        Member m = new Member(receive, send);
        Slot best = allSlots.get(0);
        for (Slot s : allSlots) {
            if (s.members.size() < best.members.size()) {
                best = s;
            }
        }
        m.slot = best;
        best.members.add(m);
        return m;
    }

    synchronized void leave(Member m) {
        m.slot.members.remove(m);
    }

    /** Moves {@code m} into the slot of {@code leader} (bridge legs run together). */
    synchronized void follow(Member m, Member leader) {
        Slot target = leader.slot;
        if (m.slot == target) {
            return;
        }
        // the member keeps its place in the old slot until it is in the new one; a tick that
        // both would run is run once (lastTick), a tick between them is skipped once
        target.members.add(m);
        m.slot.members.remove(m);
        m.slot = target;
    }

    void addRecorder(Member m, TickListener recorder) {
        m.recorders.add(recorder);
    }

    void removeRecorder(Member m, TickListener recorder) {
        m.recorders.remove(recorder);
    }

    /** Records how late a packet leaves against the due time of its slot. */
    void recordSend(Member m) {
        long late = System.nanoTime() - m.dueNanos;
        workers[m.slot.worker].lateness.record(late);
    }

    /** @return the lateness quantile over every worker, in ms */
    double latenessMillis(double quantile) {
        LatenessHistogram all = new LatenessHistogram();
        for (Worker w : workers) {
            all.add(w.lateness);
        }
        return all.percentileMillis(quantile);
    }

    long packetsTimed() {
        long n = 0;
        for (Worker w : workers) {
            n += w.lateness.count();
        }
        return n;
    }

    void resetLateness() {
        for (Worker w : workers) {
            w.lateness.reset();
        }
    }

    long skippedTicks() {
        long n = 0;
        for (Worker w : workers) {
            n += w.skippedTicks;
        }
        return n;
    }

    private final class Worker implements Runnable {
        final Thread thread;
        final Slot[] slots;
        final LatenessHistogram lateness = new LatenessHistogram();
        volatile long skippedTicks;

        Worker(int index, Slot[] slots) {
            this.slots = slots;
            this.thread = new Thread(this, workers.length == 1 ? "parley-media-clock" : "parley-media-clock-" + (index + 1));
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
        }

        @Override
        public void run() {
            long tick = 0;
            int s = 0;
            while (running) {
                Slot slot = slots[s];
                long due = startNanos + tick * TICK_NANOS + slot.offsetNanos;
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
                runSlot(slot, tick, due);
                if (++s == SLOTS) {
                    s = 0;
                    tick++;
                }
            }
        }

        private void runSlot(Slot slot, long tick, long due) {
            List<Member> members = slot.members;
            if (members.isEmpty()) {
                return;
            }
            Object[] all = members.toArray();
            int n = 0;
            for (int i = 0; i < all.length; i++) {
                Member m = (Member) all[i];
                if (m.lastTick >= tick) {
                    all[i] = null;   // already run this tick in its previous slot
                    continue;
                }
                m.lastTick = tick;
                m.dueNanos = due;
                n++;
                run(m.receive, tick);
            }
            if (n == 0) {
                return;
            }
            for (Object o : all) {
                if (o != null) {
                    run(((Member) o).send, tick);
                }
            }
            for (Object o : all) {
                if (o != null) {
                    for (TickListener r : ((Member) o).recorders) {
                        run(r, tick);
                    }
                }
            }
        }

        private void run(TickListener l, long tick) {
            try {
                l.onTick(tick);
            } catch (RuntimeException e) {
                // one broken stream must not stop the clock of every call
                LOG.error("media tick listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
        for (Worker w : workers) {
            try {
                w.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
