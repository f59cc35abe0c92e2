package io.parley.media.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * Basic RTCP (RFC 3550 §6.4.1, §6.5): a compound packet of a sender report without report
 * blocks and an SDES with our CNAME, enough for peers and monitoring tools that expect RTCP.
 */
final class RtcpReport {
    static final int SR = 200;
    static final int RR = 201;
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    private RtcpReport() {
    }

    static byte[] senderReport(long ssrc, long rtpTimestamp, long packets, long octets, String cname, long nowMillis) {
        byte[] name = cname.getBytes(StandardCharsets.US_ASCII);
        int nameLen = Math.min(255, name.length);
        int sdesItems = 2 + nameLen + 1;                 // CNAME item + end item
        int sdesLen = 8 + ((sdesItems + 3) / 4) * 4;     // header + ssrc + padded items
        byte[] out = new byte[28 + sdesLen];
        out[0] = (byte) 0x80;
        out[1] = (byte) SR;
        out[3] = 6;                                      // length in words minus one
        put(out, 4, ssrc);
        long seconds = nowMillis / 1000 + NTP_EPOCH_OFFSET;
        long fraction = ((nowMillis % 1000) << 32) / 1000;
        put(out, 8, seconds);
        put(out, 12, fraction);
        put(out, 16, rtpTimestamp);
        put(out, 20, packets);
        put(out, 24, octets);
        int p = 28;
        out[p] = (byte) 0x81;                            // one chunk
        out[p + 1] = (byte) 202;
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

    private static void put(byte[] out, int p, long v) {
        out[p] = (byte) (v >> 24);
        out[p + 1] = (byte) (v >> 16);
        out[p + 2] = (byte) (v >> 8);
        out[p + 3] = (byte) v;
    }
}
