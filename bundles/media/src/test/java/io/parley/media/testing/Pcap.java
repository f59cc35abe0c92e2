package io.parley.media.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP datagrams of a libpcap capture file: classic pcap (micro- or nanosecond,
 * either byte order), Ethernet (with 802.1Q tags) or Linux cooked (SLL) frames, IPv4, UDP.
 * Other frames are skipped.
 */
public final class Pcap {
    private static final int LINK_ETHERNET = 1;
    private static final int LINK_LINUX_SLL = 113;

    /** One UDP datagram with its capture time in microseconds. */
    public record Datagram(long timeMicros, int sourcePort, int destinationPort, byte[] payload) {
    }

    private Pcap() {
    }

    public static List<Datagram> udp(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                throw new IOException(file + " is not a libpcap file");
            }
        }
        nanos = magic == 0xa1b23c4d;
        int link = b.getInt(20);
        List<Datagram> out = new ArrayList<>();
        int p = 24;
        while (p + 16 <= b.limit()) {
            long sec = b.getInt(p) & 0xFFFFFFFFL;
            long frac = b.getInt(p + 4) & 0xFFFFFFFFL;
            int incl = b.getInt(p + 8);
            p += 16;
            if (p + incl > b.limit()) {
                break;
            }
            byte[] frame = Arrays.copyOfRange(b.array(), p, p + incl);
            p += incl;
            long micros = sec * 1_000_000 + (nanos ? frac / 1000 : frac);
            Datagram d = udpOf(frame, link, micros);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private static Datagram udpOf(byte[] f, int link, long micros) {
        int ip;
        int etherType;
        if (link == LINK_ETHERNET) {
            ip = 14;
            etherType = u16(f, 12);
            while (etherType == 0x8100 && ip + 4 <= f.length) {   // VLAN tag
                etherType = u16(f, ip + 2);
                ip += 4;
            }
        } else if (link == LINK_LINUX_SLL) {
            ip = 16;
            etherType = u16(f, 14);
        } else {
            return null;
        }
        if (etherType != 0x0800 || ip + 20 > f.length || (f[ip] & 0xF0) != 0x40) {
            return null;
        }
        int ihl = (f[ip] & 0x0F) * 4;
        int totalLength = u16(f, ip + 2);
        if (f[ip + 9] != 17) {
            return null;
        }
        int udp = ip + ihl;
        int udpLength = u16(f, udp + 4);
        int end = Math.min(Math.min(f.length, ip + totalLength), udp + udpLength);
        return new Datagram(micros, u16(f, udp), u16(f, udp + 2), Arrays.copyOfRange(f, udp + 8, end));
    }

    private static int u16(byte[] f, int p) {
        return (f[p] & 0xFF) << 8 | f[p + 1] & 0xFF;
    }
}
