package io.parley.media.testing;

import io.parley.api.media.Codec;
import io.parley.media.internal.codec.G711;
import io.parley.media.internal.rtp.RtpPacket;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A phone on loopback for tests: a UDP socket that records every RTP packet it receives and can
 * send packets, or a tone every 20 ms.
 */
public final class RtpPeer implements AutoCloseable {
    /** A packet, when it arrived and where from. */
    public record Received(RtpPacket packet, long nanos, InetSocketAddress source) {
    }

    private final DatagramSocket socket;
    private final Thread reader;
    private final List<Received> received = new ArrayList<>();
    private ScheduledExecutorService sender;
    private volatile boolean running = true;

    public RtpPeer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(100);
        reader = new Thread(this::read, "rtp-peer-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void read() {
        byte[] buf = new byte[2048];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            InetSocketAddress source = (InetSocketAddress) p.getSocketAddress();
            RtpPacket.parse(p.getData(), 0, p.getLength()).ifPresent(r -> {
                synchronized (received) {
                    received.add(new Received(r, now, source));
                }
            });
        }
    }

    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    public void clear() {
        synchronized (received) {
            received.clear();
        }
    }

    public void send(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    /** Sends a sine tone as 20 ms G.711 packets to {@code to} until closed. */
    public void sendTone(InetSocketAddress to, Codec codec, double hz) {
        AtomicInteger n = new AtomicInteger();
        long ssrc = 0x1234_0000L + port();
        sender = Executors.newSingleThreadScheduledExecutor();
        sender.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            short[] pcm = Tones.sine(hz, 160, i * 160, 8000);
            byte[] payload = new byte[160];
            G711.encode(codec, pcm, 0, 160, payload, 0);
            try {
                send(RtpPacket.of(i == 0, codec.payloadType(), i, i * 160L, ssrc, payload).toBytes(), to);
            } catch (IOException e) {
                // socket closed at the end of the test
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Stops the tone of {@link #sendTone}. */
    public void stopTone() {
        if (sender != null) {
            sender.shutdownNow();
            try {
                sender.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (sender != null) {
            sender.shutdownNow();
        }
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
