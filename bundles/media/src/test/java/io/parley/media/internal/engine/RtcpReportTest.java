package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.Codec;
import io.parley.api.media.RtpEndpoint;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

import org.junit.Test;

public class RtcpReportTest {

    @Test
    public void receiverReportCarriesOneBlockWithLossSequenceAndLsr() {
        byte[] rr = RtcpReport.receiverReport(0xAABBCCDDL, "x@parley",
                new RtcpReport.ReportBlock(0x11223344L, 64, 3, 0x1_0005L, 12, 0x5566_7788L, 65536));
        assertEquals(0x81, rr[0] & 0xFF);                   // version 2, one block
        assertEquals(RtcpReport.RR, rr[1] & 0xFF);
        assertEquals(7, rr[3]);                             // 32 bytes = 8 words - 1
        assertEquals(0xAABBCCDDL, RtcpReport.get(rr, 4));
        assertEquals(0x11223344L, RtcpReport.get(rr, 8));
        assertEquals(64, rr[12] & 0xFF);                    // fraction lost 1/4
        assertEquals(3, RtcpReport.get(rr, 12) & 0xFFFFFF);  // cumulative lost
        assertEquals(0x1_0005L, RtcpReport.get(rr, 16));
        assertEquals(12, RtcpReport.get(rr, 20));
        assertEquals(0x5566_7788L, RtcpReport.get(rr, 24));
        assertEquals(65536, RtcpReport.get(rr, 28));
        assertEquals(RtcpReport.SDES, rr[33] & 0xFF);        // SDES follows
    }

    @Test
    public void senderReportNtpMiddleIsFoundInACompoundPacket() {
        byte[] sr = RtcpReport.senderReport(1, 2, 3, 4, "y", 1_000_500L);
        long seconds = 1_000L + 2_208_988_800L;
        long fraction = (500L << 32) / 1000;
        assertEquals(((seconds & 0xFFFF) << 16) | (fraction >>> 16), RtcpReport.senderReportNtpMiddle(sr, sr.length));
        assertEquals(-1, RtcpReport.senderReportNtpMiddle(RtcpReport.receiverReport(1, "z", null), 20));
    }

    /** An even/odd port pair on loopback for a fake phone's RTP and RTCP. */
    private static DatagramSocket[] pair() throws SocketException {
        for (int port = 31560; port < 31600; port += 2) {
            try {
                DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                try {
                    return new DatagramSocket[] {rtp, new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1))};
                } catch (SocketException taken) {
                    rtp.close();
                }
            } catch (SocketException taken) {
                // try the next pair
            }
        }
        throw new SocketException("no free port pair");
    }

    @Test
    public void endpointReportsOnTheStreamItReceives() throws Exception {
        MediaSettings s = MediaSettings.defaults().withBindAddress("127.0.0.1").withPorts(31540, 31559);
        s = new MediaSettings(s.rtpPortMin(), s.rtpPortMax(), s.bindAddress(), "", 1, 60, 101, 1);
        DatagramSocket[] phone = pair();
        try (MediaEngine engine = new MediaEngine(s); RtpEndpoint ep = engine.openEndpoint("rtcp-rr")) {
            LoopbackEngine.connect(ep, (InetSocketAddress) phone[0].getLocalSocketAddress(), Codec.PCMU);
            // the phone sends 20 packets with sequence numbers 100..119, skipping 110 (one lost)
            long ssrc = 0x0BADCAFEL;
            for (int i = 0; i < 20; i++) {
                if (i == 10) {
                    continue;
                }
                byte[] pkt = io.parley.media.internal.rtp.RtpPacket.of(false, 0, 100 + i, i * 160L, ssrc, new byte[160]).toBytes();
                phone[0].send(new DatagramPacket(pkt, pkt.length, ep.localAddress()));
                Thread.sleep(20);
            }
            phone[1].setSoTimeout(3000);
            byte[] buf = new byte[512];
            long deadline = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                phone[1].receive(p);
                if ((buf[0] & 0x1F) == 1 && (buf[1] & 0xFF) == RtcpReport.SR) {
                    assertEquals(ssrc, RtcpReport.get(buf, 28));
                    assertEquals(1, RtcpReport.get(buf, 32) & 0xFFFFFF);   // one lost in total
                    assertEquals(119, RtcpReport.get(buf, 36));            // extended highest sequence
                    return;
                }
            }
            throw new AssertionError("no sender report with a reception block");
        } finally {
            phone[0].close();
            phone[1].close();
        }
    }
}
