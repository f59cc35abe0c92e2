package io.parley.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pcap SIPp's {@code play_pcap_audio} can send: a phrase spoken by a Debian flite voice,
 * turned by sox into 8 kHz G.711 A-law (the law the IVR caller scenario offers, payload type 8)
 * and cut into 20 ms RTP packets, 20 ms apart, in Ethernet/IPv4/UDP frames.
 */
final class SpokenPcap {

    private SpokenPcap() {
    }

    static Path make(String voice, String text) throws Exception {
        Path dir = Files.createTempDirectory("spoken");
        Path wav = dir.resolve("raw.wav");
        Path alaw = dir.resolve("speech.al");
        run(List.of("flite", "-voice", voice, "-t", text, "-o", wav.toString()));
        run(List.of("sox", "-q", wav.toString(), "-r", "8000", "-c", "1", "-t", "al", alaw.toString(), "sinc", "300-3400",
                "pad", "0", "0.5"));
        byte[] payload = Files.readAllBytes(alaw);
        Path pcap = dir.resolve("speech.pcap");
        Files.write(pcap, pcap(payload));
        return pcap;
    }

    static byte[] pcap(byte[] alaw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
        int packets = (alaw.length + 159) / 160;
        for (int i = 0; i < packets; i++) {
            byte[] rtp = new byte[12 + 160];
            ByteBuffer r = ByteBuffer.wrap(rtp);
            r.put((byte) 0x80).put((byte) (i == 0 ? 0x88 : 0x08)).putShort((short) i).putInt(i * 160).putInt(0x5eec4001);
            for (int k = 0; k < 160; k++) {
                int at = i * 160 + k;
                r.put(at < alaw.length ? alaw[at] : (byte) 0xd5);   // A-law silence
            }
            int udpLen = 8 + rtp.length;
            int ipLen = 20 + udpLen;
            ByteBuffer f = ByteBuffer.allocate(14 + ipLen);
            f.put(new byte[12]).putShort((short) 0x0800);
            f.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) i).putShort((short) 0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0)
                    .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
            f.putShort((short) 6000).putShort((short) 6002).putShort((short) udpLen).putShort((short) 0);
            f.put(rtp);
            long micros = i * 20_000L;
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(f.capacity()).putInt(f.capacity());
            out.write(rec.array());
            out.write(f.array());
        }
        return out.toByteArray();
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " failed (flite and sox: itests/run-all-tests.sh installs them)");
        }
    }
}
