package io.parley.bench.media;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * What one RTP packet costs in system calls on this machine, measured alone: a plain timed
 * loop on loopback UDP, 172-byte datagrams (an RTP header and 20 ms of G.711), reporting the
 * calling thread's CPU time (user + system, from {@link ThreadMXBean}) per operation, which
 * other processes on the box disturb much less than wall time.
 *
 * <ul>
 *   <li>send: unconnected {@code send(buffer, address)} vs connected {@code write(buffer)},
 *       direct vs heap buffers (on loopback the kernel delivers to the receiving socket inside
 *       the send call, so this is the send and the delivery);</li>
 *   <li>receive: unconnected {@code receive} vs connected {@code read}, direct vs heap;</li>
 *   <li>finding the datagrams of a slot's sockets: a selector polled with {@code selectNow}
 *       (selected-key set or {@code selectNow(Consumer)}) vs reading every socket without
 *       blocking until it has nothing (one empty read per socket), and the empty calls alone;</li>
 *   <li>a receiver thread blocked in {@code select()} and woken by each datagram (the
 *       design the media clock replaced) vs nobody waiting.</li>
 * </ul>
 *
 * <p>Usage: {@code SocketCostBench [packetsPerCase]} (default 200000).
 */
public final class SocketCostBench {
    private static final int PACKET = 172;
    private static final int BATCH = 64;   // well under the default receive buffer (212992 bytes)
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private SocketCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("socket cost bench: %d datagrams of %d bytes per case on loopback, Java %s, %d cores%n",
                packets, PACKET, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-58s %12s %12s%n", "case", "cpu us/op", "wall us/op");
        for (int round = 0; round < 2; round++) {   // the first round warms up the JIT; both are printed
            System.out.println("-- round " + (round + 1));
            sendReceive("unconnected send + receive, direct buffers", false, true, packets);
            sendReceive("unconnected send + receive, heap buffers", false, false, packets);
            sendReceive("connected write + read, direct buffers", true, true, packets);
            sendReceive("connected write + read, heap buffers", true, false, packets);
            receiveOnConnected(packets);
            slotScan(packets, 20);
            emptyCalls(packets);
            wakeups(Math.min(packets, 50_000));
        }
    }

    /** Sends BATCH datagrams, then reads them back, timing each phase apart. */
    private static void sendReceive(String name, boolean connected, boolean direct, int packets) throws IOException {
        try (DatagramChannel a = open(); DatagramChannel b = open()) {
            InetSocketAddress to = (InetSocketAddress) b.getLocalAddress();
            if (connected) {
                a.connect(to);
                b.connect(a.getLocalAddress());
            }
            ByteBuffer out = direct ? ByteBuffer.allocateDirect(PACKET) : ByteBuffer.allocate(PACKET);
            ByteBuffer in = direct ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048);
            long sendCpu = 0;
            long sendWall = 0;
            long recvCpu = 0;
            long recvWall = 0;
            int received = 0;
            for (int done = 0; done < packets; done += BATCH) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int i = 0; i < BATCH; i++) {
                    out.clear().position(PACKET).flip();
                    if (connected) {
                        a.write(out);
                    } else {
                        a.send(out, to);
                    }
                }
                long c1 = THREADS.getCurrentThreadCpuTime();
                long w1 = System.nanoTime();
                for (int i = 0; i < BATCH; i++) {
                    in.clear();
                    if (connected) {
                        if (b.read(in) > 0) {
                            received++;
                        }
                    } else if (b.receive(in) != null) {
                        received++;
                    }
                }
                long c2 = THREADS.getCurrentThreadCpuTime();
                long w2 = System.nanoTime();
                sendCpu += c1 - c0;
                sendWall += w1 - w0;
                recvCpu += c2 - c1;
                recvWall += w2 - w1;
            }
            int n = (packets + BATCH - 1) / BATCH * BATCH;
            print(name + ": send", sendCpu, sendWall, n);
            print(name + ": receive", recvCpu, recvWall, n);
            if (received != n) {
                System.out.printf("   (%d of %d received)%n", received, n);
            }
        }
    }

    /** {@code receive} (returns the source address) vs {@code read} on the same connected channel. */
    private static void receiveOnConnected(int packets) throws IOException {
        try (DatagramChannel a = open(); DatagramChannel b = open()) {
            a.connect(b.getLocalAddress());
            b.connect(a.getLocalAddress());
            ByteBuffer out = ByteBuffer.allocateDirect(PACKET);
            ByteBuffer in = ByteBuffer.allocateDirect(2048);
            long cpu = 0;
            long wall = 0;
            for (int done = 0; done < packets; done += BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    out.clear().position(PACKET).flip();
                    a.write(out);
                }
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int i = 0; i < BATCH; i++) {
                    in.clear();
                    b.receive(in);
                }
                cpu += THREADS.getCurrentThreadCpuTime() - c0;
                wall += System.nanoTime() - w0;
            }
            print("connected channel, receive() instead of read()", cpu, wall, (packets + BATCH - 1) / BATCH * BATCH);
        }
    }

    /**
     * One clock slot's work of finding and reading datagrams: {@code sockets} connected sockets
     * with one datagram each (a 20 ms tick), read by (1) selectNow + selected-key set until
     * nothing is ready, (2) selectNow(Consumer), (3) reading every socket until it is empty.
     * Costs are per datagram read, the sends excluded.
     */
    private static void slotScan(int packets, int sockets) throws IOException {
        List<DatagramChannel> senders = new ArrayList<>();
        List<DatagramChannel> receivers = new ArrayList<>();
        try (Selector selector = Selector.open(); Selector selector2 = Selector.open()) {
            for (int i = 0; i < sockets; i++) {
                DatagramChannel s = open();
                DatagramChannel r = open();
                s.connect(r.getLocalAddress());
                r.connect(s.getLocalAddress());
                r.register(selector, SelectionKey.OP_READ, r);
                r.register(selector2, SelectionKey.OP_READ, r);
                senders.add(s);
                receivers.add(r);
            }
            ByteBuffer out = ByteBuffer.allocateDirect(PACKET);
            ByteBuffer in = ByteBuffer.allocateDirect(2048);
            int rounds = Math.max(1, packets / sockets);
            long[] cpu = new long[3];
            long[] wall = new long[3];
            for (int round = 0; round < rounds; round++) {
                int mode = round % 3;
                for (DatagramChannel s : senders) {
                    out.clear().position(PACKET).flip();
                    s.write(out);
                }
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                if (mode == 0) {
                    while (selector.selectNow() > 0) {
                        for (SelectionKey k : selector.selectedKeys()) {
                            in.clear();
                            ((DatagramChannel) k.attachment()).read(in);
                        }
                        selector.selectedKeys().clear();
                    }
                } else if (mode == 1) {
                    int ready;
                    do {
                        ready = selector2.selectNow(k -> {
                            in.clear();
                            try {
                                ((DatagramChannel) k.attachment()).read(in);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                    } while (ready > 0);
                } else {
                    for (DatagramChannel r : receivers) {
                        do {
                            in.clear();
                        } while (r.read(in) > 0);
                    }
                }
                cpu[mode] += THREADS.getCurrentThreadCpuTime() - c0;
                wall[mode] += System.nanoTime() - w0;
            }
            // every mode saw every third round's datagrams; drain what the selectors of other modes left
            int per = (rounds + 2) / 3 * sockets;
            print("slot of " + sockets + " sockets: selectNow + selected keys", cpu[0], wall[0], per);
            print("slot of " + sockets + " sockets: selectNow(Consumer)", cpu[1], wall[1], per);
            print("slot of " + sockets + " sockets: read each until empty", cpu[2], wall[2], per);
        } finally {
            for (DatagramChannel c : senders) {
                c.close();
            }
            for (DatagramChannel c : receivers) {
                c.close();
            }
        }
    }

    /** What nothing costs: a read that finds no datagram, a selectNow that finds no socket ready. */
    private static void emptyCalls(int packets) throws IOException {
        try (DatagramChannel a = open(); DatagramChannel b = open(); Selector selector = Selector.open()) {
            b.connect(a.getLocalAddress());
            b.register(selector, SelectionKey.OP_READ);
            ByteBuffer in = ByteBuffer.allocateDirect(2048);
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                in.clear();
                b.read(in);
            }
            print("empty non-blocking read (EAGAIN)", THREADS.getCurrentThreadCpuTime() - c0, System.nanoTime() - w0, packets);
            c0 = THREADS.getCurrentThreadCpuTime();
            w0 = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                selector.selectNow();
            }
            print("empty selectNow (epoll_wait, nothing ready)", THREADS.getCurrentThreadCpuTime() - c0, System.nanoTime() - w0, packets);
            c0 = THREADS.getCurrentThreadCpuTime();
            w0 = System.nanoTime();
            long sink = 0;
            for (int i = 0; i < packets; i++) {
                sink += System.nanoTime();
            }
            print("System.nanoTime()" + (sink == 42 ? " " : ""), THREADS.getCurrentThreadCpuTime() - c0, System.nanoTime() - w0, packets);
        }
    }

    /**
     * A receiver thread blocked in {@code select()} and woken for each datagram, vs a receiver
     * that sleeps 1 ms at a time and then reads what came without blocking (nobody is waiting
     * when a datagram arrives). The sender sends one datagram every ~20 us in both; the CPU of
     * both threads is counted, per datagram.
     */
    private static void wakeups(int packets) throws Exception {
        for (boolean blocking : new boolean[] {true, false}) {
            try (DatagramChannel a = open(); DatagramChannel b = open(); Selector selector = Selector.open()) {
                a.connect(b.getLocalAddress());
                b.connect(a.getLocalAddress());
                b.register(selector, SelectionKey.OP_READ);
                AtomicLong got = new AtomicLong();
                long[] receiverCpu = new long[1];
                Thread receiver = new Thread(() -> {
                    ByteBuffer in = ByteBuffer.allocateDirect(2048);
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long end = System.nanoTime() + 60_000_000_000L;
                    try {
                        while (got.get() < packets && System.nanoTime() < end) {
                            if (blocking) {
                                selector.select(100);
                                selector.selectedKeys().clear();
                            } else {
                                LockSupport.parkNanos(1_000_000);
                            }
                            in.clear();
                            while (b.read(in) > 0) {
                                got.incrementAndGet();
                                in.clear();
                            }
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    receiverCpu[0] = THREADS.getCurrentThreadCpuTime() - c0;
                });
                receiver.start();
                ByteBuffer out = ByteBuffer.allocateDirect(PACKET);
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int i = 0; i < packets; i++) {
                    out.clear().position(PACKET).flip();
                    a.write(out);
                    LockSupport.parkNanos(20_000);   // the receiver goes back to sleep between datagrams
                }
                long sendCpu = THREADS.getCurrentThreadCpuTime() - c0;
                receiver.join(70_000);
                long wall = System.nanoTime() - w0;
                String how = blocking ? "receiver blocked in select, woken per datagram" : "receiver polls every 1 ms, none woken";
                print(how + ": sender", sendCpu, wall, packets);
                print(how + ": receiver", receiverCpu[0], wall, packets);
            }
        }
    }

    private static DatagramChannel open() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        ch.bind(new InetSocketAddress(LOOPBACK, 0));
        ch.configureBlocking(false);
        return ch;
    }

    private static void print(String name, long cpuNanos, long wallNanos, int ops) {
        System.out.printf("%-58s %12.2f %12.2f%n", name, cpuNanos / 1e3 / ops, wallNanos / 1e3 / ops);
    }
}
