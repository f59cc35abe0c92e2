package io.parley.media.internal.rtp;

import java.util.Arrays;
import java.util.Optional;

/**
 * An RTP packet (RFC 3550 §5.1): fixed header, CSRC list, optional header extension, payload
 * and padding. Parsing never throws on bad input from the network: it answers empty.
 *
 * @param marker the M bit
 * @param payloadType 0..127
 * @param sequence 0..65535
 * @param timestamp 0..2^32-1
 * @param ssrc 0..2^32-1
 * @param csrc contributing sources (at most 15)
 * @param extension the header extension, or {@code null}
 * @param payload the payload without padding
 * @param paddingLength padding bytes after the payload (0 = none); the last one holds the count
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc,
                        long[] csrc, HeaderExtension extension, byte[] payload, int paddingLength) {
    /** Size of the fixed header. */
    public static final int HEADER_SIZE = 12;
    /** The only RTP version in use. */
    public static final int VERSION = 2;

    /** A header extension: 16 profile-defined bits and a body of whole 32-bit words. */
    public record HeaderExtension(int profile, byte[] data) {
        public HeaderExtension {
            if (data.length % 4 != 0) {
                throw new IllegalArgumentException("extension length must be a multiple of 4");
            }
        }
    }

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType);
        }
        if (csrc.length > 15) {
            throw new IllegalArgumentException("more than 15 CSRCs");
        }
        if (paddingLength < 0 || paddingLength > 255) {
            throw new IllegalArgumentException("padding " + paddingLength);
        }
        sequence &= 0xFFFF;
        timestamp &= 0xFFFFFFFFL;
        ssrc &= 0xFFFFFFFFL;
    }

    /** A plain packet: no CSRC, extension or padding. */
    public static RtpPacket of(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        return new RtpPacket(marker, payloadType, sequence, timestamp, ssrc, new long[0], null, payload, 0);
    }

    /** @return the packet's size on the wire */
    public int size() {
        int n = HEADER_SIZE + 4 * csrc.length + payload.length + paddingLength;
        if (extension != null) {
            n += 4 + extension.data().length;
        }
        return n;
    }

    /** @return the packet as bytes on the wire */
    public byte[] toBytes() {
        byte[] out = new byte[size()];
        writeTo(out, 0);
        return out;
    }

    /** Writes the packet at {@code off} and returns the number of bytes written. */
    public int writeTo(byte[] out, int off) {
        int b0 = VERSION << 6 | (paddingLength > 0 ? 0x20 : 0) | (extension != null ? 0x10 : 0) | csrc.length;
        int p = writeFixed(out, off, marker, payloadType, sequence, timestamp, ssrc);
        out[off] = (byte) b0;
        for (long c : csrc) {
            p = putInt(out, p, c);
        }
        if (extension != null) {
            out[p++] = (byte) (extension.profile() >> 8);
            out[p++] = (byte) extension.profile();
            int words = extension.data().length / 4;
            out[p++] = (byte) (words >> 8);
            out[p++] = (byte) words;
            System.arraycopy(extension.data(), 0, out, p, extension.data().length);
            p += extension.data().length;
        }
        System.arraycopy(payload, 0, out, p, payload.length);
        p += payload.length;
        if (paddingLength > 0) {
            Arrays.fill(out, p, p + paddingLength - 1, (byte) 0);
            p += paddingLength;
            out[p - 1] = (byte) paddingLength;
        }
        return p - off;
    }

    /**
     * Writes a 12-byte header without CSRC, extension or padding; the send path uses it to
     * avoid building a record per packet.
     *
     * @return the offset after the header
     */
    public static int writeFixed(byte[] out, int off, boolean marker, int payloadType, int sequence, long timestamp, long ssrc) {
        out[off] = (byte) (VERSION << 6);
        out[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        out[off + 2] = (byte) (sequence >> 8);
        out[off + 3] = (byte) sequence;
        putInt(out, off + 4, timestamp);
        putInt(out, off + 8, ssrc);
        return off + HEADER_SIZE;
    }

    /**
     * Parses one datagram.
     *
     * @return the packet, or empty if it is not a well-formed RTP version 2 packet
     */
    public static Optional<RtpPacket> parse(byte[] buf, int off, int len) {
        if (len < HEADER_SIZE) {
            return Optional.empty();
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >> 6 != VERSION) {
            return Optional.empty();
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean hasExtension = (b0 & 0x10) != 0;
        int cc = b0 & 0x0F;
        int b1 = buf[off + 1] & 0xFF;
        int end = off + len;
        int p = off + HEADER_SIZE;
        if (p + 4 * cc > end) {
            return Optional.empty();
        }
        long[] csrc = new long[cc];
        for (int i = 0; i < cc; i++) {
            csrc[i] = getInt(buf, p);
            p += 4;
        }
        HeaderExtension ext = null;
        if (hasExtension) {
            if (p + 4 > end) {
                return Optional.empty();
            }
            int profile = (buf[p] & 0xFF) << 8 | buf[p + 1] & 0xFF;
            int words = (buf[p + 2] & 0xFF) << 8 | buf[p + 3] & 0xFF;
            p += 4;
            if (p + 4 * words > end) {
                return Optional.empty();
            }
            ext = new HeaderExtension(profile, Arrays.copyOfRange(buf, p, p + 4 * words));
            p += 4 * words;
        }
        int pad = 0;
        if (padding) {
            pad = buf[end - 1] & 0xFF;
            if (pad == 0 || p + pad > end) {
                return Optional.empty();
            }
        }
        byte[] payload = Arrays.copyOfRange(buf, p, end - pad);
        return Optional.of(new RtpPacket((b1 & 0x80) != 0, b1 & 0x7F,
                (buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF,
                getInt(buf, off + 4), getInt(buf, off + 8), csrc, ext, payload, pad));
    }

    /**
     * Locates the payload of an RTP packet without copying anything (the receive path runs
     * for every packet of every call).
     *
     * @return {@code payloadStart << 32 | payloadEnd} (offsets into {@code buf}, padding
     *         excluded), or -1 when the bytes are not a well-formed RTP version 2 packet
     */
    public static long locatePayload(byte[] buf, int off, int len) {
        if (len < HEADER_SIZE) {
            return -1;
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >> 6 != VERSION) {
            return -1;
        }
        int end = off + len;
        int p = off + HEADER_SIZE + 4 * (b0 & 0x0F);
        if (p > end) {
            return -1;
        }
        if ((b0 & 0x10) != 0) {
            if (p + 4 > end) {
                return -1;
            }
            int words = (buf[p + 2] & 0xFF) << 8 | buf[p + 3] & 0xFF;
            p += 4 + 4 * words;
            if (p > end) {
                return -1;
            }
        }
        if ((b0 & 0x20) != 0) {
            int pad = buf[end - 1] & 0xFF;
            if (pad == 0 || p + pad > end) {
                return -1;
            }
            end -= pad;
        }
        return (long) p << 32 | end;
    }

    /** @return the payload type of the packet at {@code off} */
    public static int payloadTypeAt(byte[] buf, int off) {
        return buf[off + 1] & 0x7F;
    }

    /** @return the sequence number of the packet at {@code off} */
    public static int sequenceAt(byte[] buf, int off) {
        return (buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF;
    }

    /** @return the timestamp of the packet at {@code off} */
    public static long timestampAt(byte[] buf, int off) {
        return getInt(buf, off + 4);
    }

    /** @return the SSRC of the packet at {@code off} */
    public static long ssrcAt(byte[] buf, int off) {
        return getInt(buf, off + 8);
    }

    static int putInt(byte[] out, int p, long v) {
        out[p] = (byte) (v >> 24);
        out[p + 1] = (byte) (v >> 16);
        out[p + 2] = (byte) (v >> 8);
        out[p + 3] = (byte) v;
        return p + 4;
    }

    static long getInt(byte[] buf, int p) {
        return ((long) (buf[p] & 0xFF) << 24) | (buf[p + 1] & 0xFF) << 16 | (buf[p + 2] & 0xFF) << 8 | buf[p + 3] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket r && marker == r.marker && payloadType == r.payloadType
                && sequence == r.sequence && timestamp == r.timestamp && ssrc == r.ssrc
                && Arrays.equals(csrc, r.csrc) && paddingLength == r.paddingLength
                && Arrays.equals(payload, r.payload)
                && (extension == null ? r.extension == null : r.extension != null
                    && extension.profile() == r.extension.profile() && Arrays.equals(extension.data(), r.extension.data()));
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ssrc) * 31 * 31 + sequence * 31 + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequence + ", ts=" + timestamp + ", ssrc=" + ssrc
                + ", marker=" + marker + ", payload=" + payload.length + "]";
    }
}
