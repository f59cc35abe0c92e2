package io.parley.itest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The media side of a test phone or carrier: a UDP socket on the peer's address that its SDP
 * points at. Once the appliance sends to it (the appliance's endpoint starts with silence), it
 * answers every 20 ms with PCMA at a constant level of its own, and sorts every PCMA packet it
 * receives into a bucket its {@link Classifier} names. Tests tell parties apart by the level
 * each one sends, so a test that passes while the appliance relays the wrong party, or nothing,
 * is not possible.
 *
 * <pre>{@code
 * try (RtpPeer alice = new RtpPeer("127.0.0.64", 6000, RtpPeer.levels(6000, -6000));
 *      RtpPeer bob = new RtpPeer("127.0.0.65", -6000, RtpPeer.levels(6000, -6000))) {
 *     // ... SIPp phones whose SDP names alice.port() and bob.port() ...
 *     awaitTrue(() -> alice.count(-6000) > 25 && bob.count(6000) > 25);
 * }
 * }</pre>
 */
final class RtpPeer implements AutoCloseable {

    /** Bucket of {@link #levels}: audible packets at no constant level (music, a tone). */
    static final String MUSIC = "music";
    /** Bucket of {@link #levels}: packets whose every sample is near zero. */
    static final String SILENT = "silent";
    /** Bucket of {@link #oppositeSign}: packets that carry a level of the other sign than the peer's own. */
    static final String HEARD = "heard";

    /**
     * Sorts one received PCMA payload, decoded to linear samples, into a bucket.
     * Returns the bucket's key, or {@code null} to count the packet in no bucket (only in {@link #total()}).
     */
    @FunctionalInterface
    interface Classifier {
        Object classify(int[] samples);
    }

    /**
     * Packets mostly at one constant level are counted under that level (an {@code Integer}): under
     * the {@code known} level within 20 %, else under their mean; audible others under {@link #MUSIC},
     * near-silent ones under {@link #SILENT}.
     */
    static Classifier levels(int... known) {
        int[] levels = known.clone();
        return samples -> {
            int peak = 0;
            long sum = 0;
            for (int v : samples) {
                peak = Math.max(peak, Math.abs(v));
                sum += v;
            }
            if (peak < 300) {
                return SILENT;
            }
            int mean = (int) (sum / samples.length);
            int near = 0;
            for (int v : samples) {
                if (Math.abs(v - mean) <= Math.abs(mean) / 5) {
                    near++;
                }
            }
            if (Math.abs(mean) > 300 && near >= samples.length * 9 / 10) {
                for (int level : levels) {
                    if (Math.abs(mean - level) <= Math.abs(level) / 5) {
                        return level;
                    }
                }
                return mean;
            }
            return MUSIC;
        };
    }

    /**
     * Packets most of whose samples are clearly away from silence on the other side of zero than
     * {@code ownLevel} count under {@link #HEARD}: two peers with levels of opposite sign hear each other.
     */
    static Classifier oppositeSign(int ownLevel) {
        return samples -> {
            int other = 0;
            for (int v : samples) {
                if (ownLevel > 0 ? v < -1000 : v > 1000) {
                    other++;
                }
            }
            return other > samples.length / 2 ? HEARD : null;
        };
    }

    /** What a peer had received at one moment. */
    record Snapshot(int total, Map<Object, Integer> buckets) {
        int count(Object bucket) {
            return buckets.getOrDefault(bucket, 0);
        }
    }

    private final DatagramSocket socket;
    private final int level;
    private final Classifier classifier;
    /** Our stream's SSRC: distinct per peer, so the appliance's playout never mixes two peers up. */
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<Object, AtomicInteger> buckets = new ConcurrentHashMap<>();
    private final AtomicReference<SocketAddress> appliance = new AtomicReference<>();
    private volatile boolean running = true;
    /** RFC 4733 keys received (payload type 101, as the test scenarios offer it), one per event. */
    private final StringBuffer digits = new StringBuffer();
    private long lastDigitTimestamp = -1;

    /**
     * @param ip         the address the peer's SDP names (distinct peers, distinct loopback addresses)
     * @param level      the constant linear level the peer sends (A-law keeps it within a few %)
     * @param classifier how received packets are counted
     */
    RtpPeer(String ip, int level, Classifier classifier) throws IOException {
        this.level = level;
        this.classifier = classifier;
        socket = new DatagramSocket(0, InetAddress.getByName(ip));
        socket.setSoTimeout(20);
        Thread thread = new Thread(this::run, "rtp-peer-" + ip + ":" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** PCMA packets received, whatever their bucket. */
    int total() {
        return total.get();
    }

    /** PCMA packets received in {@code bucket}. */
    int count(Object bucket) {
        AtomicInteger n = buckets.get(bucket);
        return n == null ? 0 : n.get();
    }

    Snapshot snapshot() {
        Map<Object, Integer> now = new HashMap<>();
        buckets.forEach((k, v) -> now.put(k, v.get()));
        return new Snapshot(total.get(), now);
    }

    @Override
    public String toString() {
        return "received " + total + " packets, by bucket " + buckets;
    }

    private void run() {
        byte[] in = new byte[2048];
        byte[] out = new byte[12 + 160];
        Arrays.fill(out, 12, out.length, alaw(level));
        out[0] = (byte) 0x80;
        out[1] = 8;
        out[8] = (byte) (ssrc >> 24);
        out[9] = (byte) (ssrc >> 16);
        out[10] = (byte) (ssrc >> 8);
        out[11] = (byte) ssrc;
        int seq = 0;
        long ts = 0;
        long nextSend = System.nanoTime();
        while (running) {
            try {
                DatagramPacket p = new DatagramPacket(in, in.length);
                socket.receive(p);
                appliance.compareAndSet(null, p.getSocketAddress());
                if (p.getLength() > 12 && (in[1] & 0x7f) == 8) {
                    count(in, p.getLength());
                } else if (p.getLength() >= 16 && (in[1] & 0x7f) == 101) {
                    telephoneEvent(in);
                }
            } catch (SocketTimeoutException idle) {
                // time to send
            } catch (IOException e) {
                return;
            }
            SocketAddress to = appliance.get();
            if (to != null && System.nanoTime() >= nextSend) {
                out[2] = (byte) (seq >> 8);
                out[3] = (byte) seq;
                out[4] = (byte) (ts >> 24);
                out[5] = (byte) (ts >> 16);
                out[6] = (byte) (ts >> 8);
                out[7] = (byte) ts;
                try {
                    socket.send(new DatagramPacket(out, out.length, to));
                } catch (IOException e) {
                    return;
                }
                seq++;
                ts += 160;
                // a stall of the busy test machine is not made up for with a burst of more than 100 ms
                nextSend = Math.max(nextSend + 20_000_000L, System.nanoTime() - 100_000_000L);
            }
        }
    }

    /** The RFC 4733 keys received so far, in order. */
    String digits() {
        return digits.toString();
    }

    /** One RFC 4733 packet: a key is counted once, at the first packet of its event with the end bit. */
    private void telephoneEvent(byte[] packet) {
        long timestamp = ((packet[4] & 0xffL) << 24) | ((packet[5] & 0xff) << 16) | ((packet[6] & 0xff) << 8)
                | (packet[7] & 0xff);
        int event = packet[12] & 0xff;
        boolean end = (packet[13] & 0x80) != 0;
        if (end && timestamp != lastDigitTimestamp && event <= 11) {
            lastDigitTimestamp = timestamp;
            digits.append("0123456789*#".charAt(event));
        }
    }

    private void count(byte[] packet, int length) {
        total.incrementAndGet();
        int[] samples = new int[length - 12];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = alawDecode(packet[12 + i]);
        }
        Object bucket = classifier.classify(samples);
        if (bucket != null) {
            buckets.computeIfAbsent(bucket, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    static byte alaw(int pcm) {
        int sign = pcm >= 0 ? 0x80 : 0;
        int v = Math.min(Math.abs(pcm), 32635);
        int exponent = 7;
        for (int mask = 0x4000; (v & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = exponent == 0 ? (v >> 4) & 0x0f : (v >> (exponent + 3)) & 0x0f;
        return (byte) ((sign | (exponent << 4) | mantissa) ^ 0x55);
    }

    static int alawDecode(byte code) {
        int a = (code ^ 0x55) & 0xff;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0f;
        int v = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (a & 0x80) != 0 ? v : -v;
    }

    @Override
    public void close() {
        running = false;
        socket.close();
    }
}
