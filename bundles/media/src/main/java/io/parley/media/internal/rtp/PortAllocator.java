package io.parley.media.internal.rtp;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;

/**
 * Hands out even RTP ports (RTCP on port + 1) from a range and takes them back. Free ports are
 * reused in first-in first-out order, so a port just released is the last to be handed out
 * again and late packets of an ended call rarely reach a new one. A port that another process
 * holds is skipped and stays in the pool for a later attempt.
 */
public final class PortAllocator {
    /** Binds the sockets of one port pair; throws if the port is taken. */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(int rtpPort) throws IOException;
    }

    private final int minPort;
    private final int maxPort;
    private final Deque<Integer> free = new ArrayDeque<>();
    private final BitSet inUse = new BitSet();
    private final int capacity;

    /**
     * @param minPort lowest port; rounded up to even
     * @param maxPort highest port; the last pair must fit, so the highest RTP port is the even
     *        port at most {@code maxPort - 1}
     */
    public PortAllocator(int minPort, int maxPort) {
        int first = minPort % 2 == 0 ? minPort : minPort + 1;
        if (first < 1024 || maxPort > 65535 || first + 1 > maxPort) {
            throw new IllegalArgumentException("RTP port range " + minPort + "-" + maxPort + " holds no even port pair above 1023");
        }
        this.minPort = first;
        this.maxPort = maxPort;
        for (int p = first; p + 1 <= maxPort; p += 2) {
            free.add(p);
        }
        this.capacity = free.size();
    }

    /**
     * Takes a free pair and binds it, trying the next free pair while binding fails.
     *
     * @return what the binder returned, or {@code null} when no pair could be bound
     */
    public <T> Allocation<T> allocate(Binder<T> binder) {
        int attempts;
        synchronized (this) {
            attempts = free.size();
        }
        for (int i = 0; i < attempts; i++) {
            int port;
            synchronized (this) {
                Integer next = free.pollFirst();
                if (next == null) {
                    return null;
                }
                port = next;
                inUse.set(port - minPort);
            }
            try {
                return new Allocation<>(port, binder.bind(port));
            } catch (IOException taken) {
                // held by some other process: keep it in the pool, at the back
                synchronized (this) {
                    inUse.clear(port - minPort);
                    free.addLast(port);
                }
            }
        }
        return null;
    }

    /** Returns a pair to the pool; releasing a port twice or one not in use is ignored. */
    public synchronized void release(int rtpPort) {
        if (rtpPort < minPort || rtpPort > maxPort || !inUse.get(rtpPort - minPort)) {
            return;
        }
        inUse.clear(rtpPort - minPort);
        free.addLast(rtpPort);
    }

    public synchronized int freePairs() {
        return free.size();
    }

    public synchronized int pairsInUse() {
        return inUse.cardinality();
    }

    public int capacity() {
        return capacity;
    }

    public int minPort() {
        return minPort;
    }

    public int maxPort() {
        return maxPort;
    }

    /** A bound pair. */
    public record Allocation<T>(int rtpPort, T bound) {
    }
}
