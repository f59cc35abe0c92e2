package io.parley.bench.media;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Codec;
import io.parley.media.internal.codec.G711;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The simulated phones of the benchmark, in their own JVM so that the server under test is
 * measured alone (as SIPp on the same box would drive it). Two phones per call, one PCMU and
 * one PCMA, each looping a voice-like clip encoded once at start, and each counting what it
 * receives from RTP sequence numbers (no decoding, no playout, no recording: a load generator
 * needs none of it, and it shares the two cores with the server). Each phone has one UDP
 * socket connected to its server leg (connected sends skip the kernel's per-datagram route
 * work; the server's own port is the only source a phone hears from). The phones run on a
 * clock like the server's: {@code workers x 10} send phases spread over each 20 ms tick, the
 * sockets of a phase read through a selector polled without blocking.
 *
 * <p>Driven by {@link MediaLoadBench} over stdin/stdout, one command a line (argument: clock workers):
 *
 * <pre>
 * open &lt;serverCustomerPort&gt; &lt;serverAgentPort&gt;  -> opened &lt;phoneCustomerPort&gt; &lt;phoneAgentPort&gt;
 * stats                                     -> stats &lt;expected&gt; &lt;received&gt; &lt;cpuNanos&gt; &lt;p99Ms&gt; &lt;sent&gt;
 * reset                                     -> reset   (clears the lateness histogram)
 * quit
 * </pre>
 */
public final class PhoneFarm {
    static final long TICK_NANOS = 20_000_000L;
    static final int SLOTS = 10;
    static final int FRAME = 160;
    static final int HEADER = 12;
    private static final long BUCKET_NANOS = 50_000L;
    private static final int BUCKETS = 2001;

    /** One simulated phone: its socket, what it sends, what it counts. */
    static final class Phone {
        final DatagramChannel channel;
        final byte[][] frames;
        final int payloadType;
        final long ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        int sequence = ThreadLocalRandom.current().nextInt(0x10000);
        long timestamp = ThreadLocalRandom.current().nextLong(0x100000000L);
        int frame;
        boolean first = true;
        // reception, RFC 3550 A.1 style, clock thread only
        boolean started;
        long sourceSsrc;
        int baseSeq;
        int maxSeq;
        long cycles;
        long expectedBefore;
        volatile long received;
        volatile long expected;

        Phone(DatagramChannel channel, byte[][] frames, int payloadType) {
            this.channel = channel;
            this.frames = frames;
            this.payloadType = payloadType;
        }

        void count(long packetSsrc, int seq) {
            if (!started || packetSsrc != sourceSsrc) {
                if (started) {
                    expectedBefore += cycles + maxSeq - baseSeq + 1;
                }
                started = true;
                sourceSsrc = packetSsrc;
                baseSeq = seq;
                maxSeq = seq;
                cycles = 0;
            } else {
                int delta = (seq - maxSeq) & 0xFFFF;
                if (delta != 0 && delta < 0x8000) {
                    if (seq < maxSeq) {
                        cycles += 0x10000;
                    }
                    maxSeq = seq;
                }
            }
            received++;
            expected = expectedBefore + cycles + maxSeq - baseSeq + 1;
        }
    }

    /** A send phase of the tick: its phones and the selector their sockets are read through. */
    static final class Slot {
        final long offsetNanos;
        final List<Phone> phones = new CopyOnWriteArrayList<>();
        final Selector selector;

        Slot(long offsetNanos) throws IOException {
            this.offsetNanos = offsetNanos;
            this.selector = Selector.open();
        }
    }

    /** One clock thread and its slots. */
    static final class Worker implements Runnable {
        final Slot[] slots = new Slot[SLOTS];
        final long startNanos;
        final AtomicLongArray lateness = new AtomicLongArray(BUCKETS);
        final ByteBuffer out = ByteBuffer.allocateDirect(HEADER + FRAME);
        final ByteBuffer in = ByteBuffer.allocateDirect(2048);
        final Consumer<SelectionKey> onReady = this::readReady;
        volatile boolean running = true;
        volatile long sent;
        final Thread thread;

        Worker(int index, int workers, long startNanos) throws IOException {
            this.startNanos = startNanos;
            long spacing = TICK_NANOS / ((long) workers * SLOTS);
            for (int s = 0; s < SLOTS; s++) {
                slots[s] = new Slot((s * (long) workers + index) * spacing);
            }
            thread = new Thread(this, "phone-clock-" + index);
            thread.setDaemon(true);
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
                }
                if (now - due > 200_000_000L) {   // far behind: skip ticks rather than burst
                    tick += (now - due) / TICK_NANOS;
                    continue;
                }
                read(slot.selector);
                for (Phone p : slot.phones) {
                    send(p, due);
                }
                if (++s == SLOTS) {
                    s = 0;
                    tick++;
                }
            }
        }

        private void read(Selector selector) {
            try {
                for (int round = 0; round < 16 && selector.selectNow(onReady) > 0; round++) {
                    // every ready socket read once per round until none is ready
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void readReady(SelectionKey k) {
            Phone p = (Phone) k.attachment();
            in.clear();
            try {
                if (p.channel.read(in) >= HEADER) {
                    p.count(in.getInt(8) & 0xFFFFFFFFL, in.getShort(2) & 0xFFFF);
                }
            } catch (IOException icmpOrClosed) {
                // the server leg is gone: nothing to count
            }
        }

        private void send(Phone p, long due) {
            out.clear();
            out.put((byte) 0x80).put((byte) ((p.first ? 0x80 : 0) | p.payloadType)).putShort((short) p.sequence)
                    .putInt((int) p.timestamp).putInt((int) p.ssrc).put(p.frames[p.frame]).flip();
            try {
                p.channel.write(out);
            } catch (IOException icmpOrClosed) {
                return;
            }
            long late = System.nanoTime() - due;
            lateness.incrementAndGet((int) Math.min(BUCKETS - 1, Math.max(0, late / BUCKET_NANOS)));
            sent++;   // only this worker writes it
            p.first = false;
            p.sequence = (p.sequence + 1) & 0xFFFF;
            p.timestamp = (p.timestamp + FRAME) & 0xFFFFFFFFL;
            p.frame = (p.frame + 1) % p.frames.length;
        }
    }

    private PhoneFarm() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int workerCount = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        AudioClip voice = MediaLoadBench.syntheticVoice();
        byte[][] pcmu = encode(voice, Codec.PCMU);
        byte[][] pcma = encode(voice, Codec.PCMA);
        long start = System.nanoTime();
        Worker[] workers = new Worker[workerCount];
        for (int w = 0; w < workerCount; w++) {
            workers[w] = new Worker(w, workerCount, start);
        }
        List<Phone> open = new CopyOnWriteArrayList<>();
        for (Worker w : workers) {
            w.thread.start();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        int next = 0;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split("\\s+");
                switch (w[0]) {
                    case "open" -> {
                        // the two phones of a call in one slot, as the server runs its two bridged legs
                        Slot slot = workers[next % workerCount].slots[(next / workerCount) % SLOTS];
                        next++;
                        Phone c = phone(slot, Integer.parseInt(w[1]), pcmu, Codec.PCMU);
                        Phone a = phone(slot, Integer.parseInt(w[2]), pcma, Codec.PCMA);
                        open.add(c);
                        open.add(a);
                        out.println("opened " + port(c) + " " + port(a));
                    }
                    case "stats" -> {
                        long expected = 0;
                        long received = 0;
                        for (Phone p : open) {
                            expected += p.expected;
                            received += p.received;
                        }
                        long sent = 0;
                        for (Worker wk : workers) {
                            sent += wk.sent;
                        }
                        out.println("stats " + expected + " " + received + " " + os.getProcessCpuTime() + " " + p99Millis(workers)
                                + " " + sent);
                    }
                    case "reset" -> {
                        for (Worker wk : workers) {
                            for (int i = 0; i < BUCKETS; i++) {
                                wk.lateness.set(i, 0);
                            }
                        }
                        out.println("reset");
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> out.println("error unknown command " + w[0]);
                }
            }
        } finally {
            for (Worker wk : workers) {
                wk.running = false;
            }
            for (Phone p : open) {
                p.channel.close();
            }
        }
    }

    private static Phone phone(Slot slot, int serverPort, byte[][] frames, Codec codec) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
        ch.configureBlocking(false);
        Phone p = new Phone(ch, frames, codec.payloadType());
        ch.register(slot.selector, SelectionKey.OP_READ, p);
        slot.phones.add(p);
        return p;
    }

    private static int port(Phone p) throws IOException {
        return ((InetSocketAddress) p.channel.getLocalAddress()).getPort();
    }

    /** The clip as 20 ms payloads in one law, encoded once. */
    private static byte[][] encode(AudioClip clip, Codec codec) {
        short[] s = clip.samples();
        byte[][] frames = new byte[s.length / FRAME][FRAME];
        for (int i = 0; i < frames.length; i++) {
            G711.encode(codec, s, i * FRAME, FRAME, frames[i], 0);
        }
        return frames;
    }

    private static double p99Millis(Worker[] workers) {
        long[] all = new long[BUCKETS];
        long total = 0;
        for (Worker w : workers) {
            for (int i = 0; i < BUCKETS; i++) {
                all[i] += w.lateness.get(i);
                total += w.lateness.get(i);
            }
        }
        if (total == 0) {
            return 0;
        }
        long wanted = (long) Math.ceil(total * 0.99);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += all[i];
            if (seen >= wanted) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return BUCKETS * BUCKET_NANOS / 1e6;
    }
}
