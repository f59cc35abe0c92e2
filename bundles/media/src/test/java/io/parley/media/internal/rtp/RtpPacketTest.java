package io.parley.media.internal.rtp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class RtpPacketTest {

    @Test
    public void parsesTheFixedHeaderOfACapturedAlawPacket() {
        // first RTP packet of sip-tester's g711a.pcap: V=2, M=1, PT=8, seq 0xe6fd, ts 240
        byte[] wire = hex("8088e6fd000000f0dee0ee8f" + "d5d5d5d5");
        RtpPacket p = RtpPacket.parse(wire, 0, wire.length).orElseThrow();
        assertTrue(p.marker());
        assertEquals(8, p.payloadType());
        assertEquals(0xe6fd, p.sequence());
        assertEquals(240, p.timestamp());
        assertEquals(0xdee0ee8fL, p.ssrc());
        assertEquals(4, p.payload().length);
    }

    @Test
    public void serialisesAndParsesCsrcExtensionAndPadding() {
        RtpPacket p = new RtpPacket(false, 101, 65535, 0xFFFFFFFFL, 0x80000001L, new long[] {1, 0xFFFFFFFFL},
                new RtpPacket.HeaderExtension(0xBEDE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), new byte[] {9, 8, 7}, 5);
        byte[] wire = p.toBytes();
        assertEquals(12 + 8 + 4 + 8 + 3 + 5, wire.length);
        assertEquals(0xB2, wire[0] & 0xFF);   // V=2, P, X, CC=2
        assertEquals(5, wire[wire.length - 1]);
        RtpPacket back = RtpPacket.parse(wire, 0, wire.length).orElseThrow();
        assertEquals(p, back);
        assertArrayEquals(new byte[] {9, 8, 7}, back.payload());
    }

    @Test
    public void parsesAtAnOffset() {
        byte[] inner = RtpPacket.of(true, 0, 7, 160, 42, new byte[] {1, 2}).toBytes();
        byte[] buf = new byte[inner.length + 3];
        System.arraycopy(inner, 0, buf, 3, inner.length);
        assertEquals(7, RtpPacket.parse(buf, 3, inner.length).orElseThrow().sequence());
    }

    @Test
    public void rejectsWhatIsNotRtpVersion2() {
        assertFalse(RtpPacket.parse(new byte[11], 0, 11).isPresent());
        byte[] v1 = RtpPacket.of(false, 0, 1, 1, 1, new byte[0]).toBytes();
        v1[0] = 0x40;
        assertFalse(RtpPacket.parse(v1, 0, v1.length).isPresent());
        byte[] csrcBeyondEnd = RtpPacket.of(false, 0, 1, 1, 1, new byte[0]).toBytes();
        csrcBeyondEnd[0] = (byte) 0x8F;
        assertFalse(RtpPacket.parse(csrcBeyondEnd, 0, csrcBeyondEnd.length).isPresent());
        byte[] badPadding = RtpPacket.of(false, 0, 1, 1, 1, new byte[] {1, 2, 3, 0}).toBytes();
        badPadding[0] = (byte) 0xA0;   // padding flag with a last byte of 0
        assertFalse(RtpPacket.parse(badPadding, 0, badPadding.length).isPresent());
        byte[] extBeyondEnd = RtpPacket.of(false, 0, 1, 1, 1, new byte[] {0, 0, 0, 9}).toBytes();
        extBeyondEnd[0] = (byte) 0x90;
        assertFalse(RtpPacket.parse(extBeyondEnd, 0, extBeyondEnd.length).isPresent());
    }

    @Test
    public void fixedHeaderWriterMatchesTheRecord() {
        byte[] a = new byte[12];
        RtpPacket.writeFixed(a, 0, true, 8, 513, 0x01020304L, 0xA0B0C0D0L);
        byte[] b = RtpPacket.of(true, 8, 513, 0x01020304L, 0xA0B0C0D0L, new byte[0]).toBytes();
        assertArrayEquals(b, a);
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
