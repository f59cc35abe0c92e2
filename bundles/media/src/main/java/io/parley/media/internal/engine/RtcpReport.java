package io.parley.media.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * Basic RTCP (RFC 3550 §6.4, §6.5): a compound packet of a sender report (an endpoint that
 * sends media) or a receiver report (one that only listens), with one reception report block
 * about the stream received once one has been seen, followed by an SDES with our CNAME.
 */
final class RtcpReport {
    static final int SR = 200;
    static final int RR = 201;
    static final int SDES = 202;
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;
    static final int BLOCK_SIZE = 24;

    /**
     * A reception report block (RFC 3550 §6.4.1).
     *
     * @param sourceSsrc the SSRC of the stream reported on
     * @param fractionLost packets lost since the previous report, in 1/256 of those expected
     * @param cumulativeLost packets lost since the start (24-bit signed)
     * @param extendedHighestSequence cycles in the high 16 bits, highest sequence number seen in the low
     * @param jitter interarrival jitter in timestamp units
     * @param lastSr the middle 32 bits of the NTP time of the peer's last sender report, 0 if none
     * @param delaySinceLastSr time since that report, in 1/65536 s
     */
    record ReportBlock(long sourceSsrc, int fractionLost, long cumulativeLost, long extendedHighestSequence, long jitter,
                       long lastSr, long delaySinceLastSr) {
    }

    private RtcpReport() {
    }

    static byte[] senderReport(long ssrc, long rtpTimestamp, long packets, long octets, String cname, long nowMillis) {
        return senderReport(ssrc, rtpTimestamp, packets, octets, cname, nowMillis, null);
    }

    /** @param block the reception report, or {@code null} when nothing was received yet */
    static byte[] senderReport(long ssrc, long rtpTimestamp, long packets, long octets, String cname, long nowMillis,
                               ReportBlock block) {
        int rc = block == null ? 0 : 1;
        byte[] report = new byte[28 + BLOCK_SIZE * rc];
        header(report, SR, rc);
        put(report, 4, ssrc);
        long seconds = nowMillis / 1000 + NTP_EPOCH_OFFSET;
        long fraction = ((nowMillis % 1000) << 32) / 1000;
        put(report, 8, seconds);
        put(report, 12, fraction);
        put(report, 16, rtpTimestamp);
        put(report, 20, packets);
        put(report, 24, octets);
        if (block != null) {
            writeBlock(report, 28, block);
        }
        return withSdes(report, ssrc, cname);
    }

    /** @param block the reception report, or {@code null} when nothing was received yet */
    static byte[] receiverReport(long ssrc, String cname, ReportBlock block) {
        int rc = block == null ? 0 : 1;
        byte[] report = new byte[8 + BLOCK_SIZE * rc];
        header(report, RR, rc);
        put(report, 4, ssrc);
        if (block != null) {
            writeBlock(report, 8, block);
        }
        return withSdes(report, ssrc, cname);
    }

    private static void header(byte[] out, int type, int count) {
        out[0] = (byte) (0x80 | count);
        out[1] = (byte) type;
        int words = out.length / 4 - 1;                  // length in words minus one
        out[2] = (byte) (words >> 8);
        out[3] = (byte) words;
    }

    private static void writeBlock(byte[] out, int p, ReportBlock b) {
        put(out, p, b.sourceSsrc());
        long lost = Math.max(-0x800000L, Math.min(0x7FFFFFL, b.cumulativeLost())) & 0xFFFFFF;
        put(out, p + 4, (long) (b.fractionLost() & 0xFF) << 24 | lost);
        put(out, p + 8, b.extendedHighestSequence());
        put(out, p + 12, b.jitter());
        put(out, p + 16, b.lastSr());
        put(out, p + 20, b.delaySinceLastSr());
    }

    private static byte[] withSdes(byte[] report, long ssrc, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.US_ASCII);
        int nameLen = Math.min(255, name.length);
        int sdesItems = 2 + nameLen + 1;                 // CNAME item + end item
        int sdesLen = 8 + ((sdesItems + 3) / 4) * 4;     // header + ssrc + padded items
        byte[] out = new byte[report.length + sdesLen];
        System.arraycopy(report, 0, out, 0, report.length);
        int p = report.length;
        out[p] = (byte) 0x81;                            // one chunk
        out[p + 1] = (byte) SDES;
        int words = sdesLen / 4 - 1;
        out[p + 2] = (byte) (words >> 8);
        out[p + 3] = (byte) words;
        put(out, p + 4, ssrc);
        out[p + 8] = 1;                                  // CNAME
        out[p + 9] = (byte) nameLen;
        System.arraycopy(name, 0, out, p + 10, nameLen);
        return out;                                      // trailing zero bytes end the item list
    }

    /** @return the packet type of the first RTCP packet, or -1 if it is not RTCP version 2 */
    static int firstPacketType(byte[] data, int length) {
        if (length < 8 || (data[0] & 0xC0) != 0x80) {
            return -1;
        }
        return data[1] & 0xFF;
    }

    /**
     * @return the middle 32 bits of the NTP time of the first sender report in a compound
     *         packet (the LSR a reception report about that sender carries), or -1 if there is none
     */
    static long senderReportNtpMiddle(byte[] data, int length) {
        int p = 0;
        while (p + 8 <= length && (data[p] & 0xC0) == 0x80) {
            int type = data[p + 1] & 0xFF;
            int words = (data[p + 2] & 0xFF) << 8 | data[p + 3] & 0xFF;
            if (type == SR && p + 20 <= length) {
                return get(data, p + 10);
            }
            p += (words + 1) * 4;
        }
        return -1;
    }

    static long get(byte[] in, int p) {
        return (in[p] & 0xFFL) << 24 | (in[p + 1] & 0xFFL) << 16 | (in[p + 2] & 0xFFL) << 8 | in[p + 3] & 0xFFL;
    }

    private static void put(byte[] out, int p, long v) {
        out[p] = (byte) (v >> 24);
        out[p + 1] = (byte) (v >> 16);
        out[p + 2] = (byte) (v >> 8);
        out[p + 3] = (byte) v;
    }
}
