package io.parley.recordings;

import io.parley.api.media.Codec;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.internal.codec.G711;
import io.parley.media.internal.engine.MediaEngine;
import io.parley.media.internal.engine.MediaSettings;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashRepairTest}: the real media engine records a dual-track call
 * whose customer sends a 1 kHz tone over RTP on loopback, and prints every 100 ms how much
 * audio the recorder has had ({@code audio_ms=}: time since the recording started less the
 * ticks the media clock skipped), until it is killed.
 */
public final class CrashingRecorder {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        MediaEngine engine = new MediaEngine(MediaSettings.defaults().withBindAddress("127.0.0.1").withPorts(port, port + 20));
        RtpEndpoint customer = engine.openEndpoint("crash/customer");
        DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        MediaEngine.connect(customer, (InetSocketAddress) phone.getLocalSocketAddress(), Codec.PCMU);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), customer.localAddress().getPort());
        Thread sender = new Thread(() -> send(phone, target), "tone");
        sender.setDaemon(true);
        sender.start();
        Thread.sleep(200);
        long skipped0 = engine.skippedTicks();
        long t0 = System.nanoTime();
        engine.recordCall(customer, file);
        System.out.println("RECORDING");
        while (true) {
            Thread.sleep(100);
            long ms = (System.nanoTime() - t0) / 1_000_000 - (engine.skippedTicks() - skipped0) * 20;
            System.out.println("audio_ms=" + ms);
            System.out.flush();
        }
    }

    private static void send(DatagramSocket socket, InetSocketAddress to) {
        byte[] packet = new byte[12 + 160];
        short[] pcm = new short[160];
        int seq = 0;
        long ts = 0;
        long next = System.nanoTime();
        try {
            while (true) {
                for (int i = 0; i < 160; i++) {
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (ts + i) / 8000.0));
                }
                packet[0] = (byte) 0x80;
                packet[1] = 0;
                packet[2] = (byte) (seq >> 8);
                packet[3] = (byte) seq;
                packet[4] = (byte) (ts >> 24);
                packet[5] = (byte) (ts >> 16);
                packet[6] = (byte) (ts >> 8);
                packet[7] = (byte) ts;
                packet[8] = 0x12;
                packet[9] = 0x34;
                packet[10] = 0x56;
                packet[11] = 0x78;
                G711.encode(Codec.PCMU, pcm, 0, 160, packet, 12);
                socket.send(new DatagramPacket(packet, packet.length, to));
                seq = (seq + 1) & 0xFFFF;
                ts += 160;
                next += 20_000_000;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (Exception e) {
            // the process is killed
        }
    }
}
