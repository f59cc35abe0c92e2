package io.parley.media.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 20 ms media clock. Each endpoint is a {@link Member} with a fixed send phase inside the
 * tick: the tick is cut into {@code workers x SLOTS} evenly spaced slots, each served by one
 * worker thread, so the packets of many streams leave spread over the 20 ms instead of in one
 * burst at the start of the tick, and the two cores work at the same time without handing work
 * to each other. In its slot a member's sockets are read (each slot has a selector that is
 * polled without blocking, so only sockets with datagrams waiting are read and no thread is
 * woken per packet), then it runs {@code receive} (the 20 ms of audio heard), {@code send}
 * (the frame played or relayed) and its recorders, always in this order on one thread. The two legs of a bridge share a slot
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

    /** Rounds of reading per slot: one datagram per ready socket per round. */
    private static final int MAX_READ_ROUNDS = 16;

    @FunctionalInterface
    interface TickListener {
        void onTick(long tick);
    }

    /** Reads one datagram waiting on a member's socket. */
    @FunctionalInterface
    interface DatagramReader {
        void readOne(DatagramChannel channel);
    }

    /** One endpoint's share of every tick. */
    static final class Member {
        final TickListener receive;
        final TickListener send;
        final DatagramReader reader;
        /** The sockets read in the member's slot; grows by a connected socket once a peer is latched. */
        volatile DatagramChannel[] channels;
        final List<TickListener> recorders = new CopyOnWriteArrayList<>();
        volatile Slot slot;
        private SelectionKey[] keys = new SelectionKey[0];
        /** Due time of the slot being run, for the lateness of the packets sent in it. */
        long dueNanos;
        /**
         * When the slot's sockets were last polled: the arrival time of what is read in that
         * round, one clock read per round instead of one per datagram.
         */
        long readNanos;
        private boolean left;
        private long lastTick = -1;

        Member(TickListener receive, TickListener send, DatagramReader reader, DatagramChannel[] channels) {
            this.receive = receive;
            this.send = send;
            this.reader = reader;
            this.channels = channels;
        }
    }

    /** A send phase within the tick, served by one worker. */
    static final class Slot {
        final int worker;
        final long offsetNanos;
        final List<Member> members = new CopyOnWriteArrayList<>();
        final Selector selector;
        /** Held by the worker while it reads the slot's sockets. */
        final ReentrantLock readLock = new ReentrantLock();

        Slot(int worker, long offsetNanos) {
            this.worker = worker;
            this.offsetNanos = offsetNanos;
            try {
                this.selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open an NIO selector", e);
            }
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

    /** Adds a member without sockets in the least busy slot. */
    Member join(TickListener receive, TickListener send) {
        return join(receive, send, ch -> { });
    }

    /** Adds an endpoint in the least busy slot; its non-blocking sockets are read in that slot. */
    synchronized Member join(TickListener receive, TickListener send, DatagramReader reader, DatagramChannel... channels) {
        Member m = new Member(receive, send, reader, channels);
        Slot best = allSlots.get(0);
        for (Slot s : allSlots) {
            if (s.members.size() < best.members.size()) {
                best = s;
            }
        }
        m.slot = best;
        register(m, best);
        best.members.add(m);
        return m;
    }

    /** Removes the member and deregisters its sockets at once, so that closing them frees their ports. */
    synchronized void leave(Member m) {
        m.left = true;
        m.slot.members.remove(m);
        for (SelectionKey k : m.keys) {
            k.cancel();
        }
        flushCancelledKeys(m.slot);
    }

    /**
     * A cancelled key keeps its socket open until the selector's next select; this does that
     * select now (under the slot's read lock, which its worker holds while reading) and leaves
     * the readiness it found to the worker's next round (the selector is level-triggered).
     */
    private static void flushCancelledKeys(Slot slot) {
        // never from inside a slot's read (a DTMF callback closing or bridging an endpoint):
        // that thread is iterating the selected keys, and two workers must not wait for each
        // other; the worker's next select, at most one tick away, then frees the sockets
        if (slot.readLock.isHeldByCurrentThread()) {
            return;
        }
        try {
            // a worker holds it for the microseconds of one read; bounded so that two workers
            // flushing each other's slot from callbacks cannot deadlock
            if (!slot.readLock.tryLock(5, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            slot.selector.selectNow();
            slot.selector.selectedKeys().clear();
        } catch (IOException e) {
            LOG.debug("selector: {}", e.toString());
        } finally {
            slot.readLock.unlock();
        }
    }

    /** Registers the member's sockets with the slot's selector, dropping their previous keys. */
    private static void register(Member m, Slot slot) {
        SelectionKey[] old = m.keys;
        List<SelectionKey> keys = new ArrayList<>();
        for (DatagramChannel ch : m.channels) {
            try {
                keys.add(ch.register(slot.selector, SelectionKey.OP_READ, m));
            } catch (ClosedChannelException closedMeanwhile) {
                // the endpoint is closing: nothing left to read
            }
        }
        m.keys = keys.toArray(new SelectionKey[0]);
        for (SelectionKey k : old) {
            k.cancel();
        }
    }

    /**
     * Adds a socket to those read in the member's slot (the connected socket of a latched peer).
     *
     * @return false if the member has left the clock (its endpoint is closing): the caller
     *         closes the socket
     */
    synchronized boolean addChannel(Member m, DatagramChannel channel) {
        if (m.left) {
            return false;
        }
        DatagramChannel[] old = m.channels;
        DatagramChannel[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = channel;
        m.channels = grown;
        try {
            SelectionKey k = channel.register(m.slot.selector, SelectionKey.OP_READ, m);
            SelectionKey[] keys = java.util.Arrays.copyOf(m.keys, m.keys.length + 1);
            keys[m.keys.length] = k;
            m.keys = keys;
        } catch (ClosedChannelException closedMeanwhile) {
            // nothing left to read
        }
        return true;
    }

    /**
     * Stops reading {@code channel} in the member's slot; the caller then closes it (the close
     * completes at the slot selector's next poll, at most one tick later).
     */
    synchronized void removeChannel(Member m, DatagramChannel channel) {
        m.channels = java.util.Arrays.stream(m.channels).filter(c -> c != channel).toArray(DatagramChannel[]::new);
        List<SelectionKey> kept = new ArrayList<>();
        for (SelectionKey k : m.keys) {
            if (k.channel() == channel) {
                k.cancel();
            } else {
                kept.add(k);
            }
        }
        m.keys = kept.toArray(new SelectionKey[0]);
    }

    /** Moves {@code m} into the slot of {@code leader} (bridge legs run together). */
    synchronized void follow(Member m, Member leader) {
        Slot target = leader.slot;
        if (m.slot == target) {
            return;
        }
        // the member keeps its place in the old slot until it is in the new one; a tick that
        // both would run is run once (lastTick), a tick between them is skipped once
        Slot previous = m.slot;
        register(m, target);
        target.members.add(m);
        previous.members.remove(m);
        m.slot = target;
        flushCancelledKeys(previous);
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
        /** Time of the current read round, handed to the members read in it. */
        private long roundNanos;
        /** Reads a ready socket; one instance, so polling allocates nothing. */
        private final java.util.function.Consumer<SelectionKey> onReady = this::readReady;

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
            slot.readLock.lock();
            try {
                read(slot.selector);
            } finally {
                slot.readLock.unlock();
            }
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

        /**
         * Reads what arrived on the slot's sockets: one datagram per ready socket per round,
         * until no socket has more (the selector is level-triggered), so an idle socket costs
         * nothing and a socket with several datagrams waiting is emptied. The ready sockets are
         * handed straight to {@link #readReady} ({@code selectNow(Consumer)}), not collected
         * in the selected-key set: no set entry allocated per datagram, and measured cheaper
         * (bench/media SocketCostBench).
         */
        private void read(Selector selector) {
            for (int round = 0; round < MAX_READ_ROUNDS; round++) {
                int ready;
                roundNanos = System.nanoTime();
                try {
                    ready = selector.selectNow(onReady);
                } catch (IOException e) {
                    LOG.warn("RTP selector failed: {}", e.toString());
                    return;
                }
                if (ready == 0) {
                    return;
                }
            }
        }

        private void readReady(SelectionKey k) {
            try {
                if (k.isValid() && k.isReadable()) {
                    Member m = (Member) k.attachment();
                    m.readNanos = roundNanos;
                    m.reader.readOne((DatagramChannel) k.channel());
                }
            } catch (CancelledKeyException closedMeanwhile) {
                // the endpoint was closed by another thread: nothing to read
            } catch (RuntimeException e) {
                LOG.error("RTP receive failed", e);
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
        for (Slot s : allSlots) {
            try {
                s.selector.close();
            } catch (IOException e) {
                LOG.debug("closing selector: {}", e.toString());
            }
        }
    }
}
