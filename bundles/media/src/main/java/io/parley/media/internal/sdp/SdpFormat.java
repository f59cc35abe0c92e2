package io.parley.media.internal.sdp;

import io.parley.api.media.MediaDescription;
import io.parley.api.media.MediaDirection;
import io.parley.api.media.MediaException;
import io.parley.api.media.PayloadFormat;
import io.parley.api.media.SessionDescription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes SDP text (RFC 4566) for the fields Parley uses. Unknown lines and
 * attributes are skipped, as RFC 4566 §5 asks of a receiver; lines may end in CRLF or LF.
 */
public final class SdpFormat {
    private SdpFormat() {
    }

    /** @throws MediaException {@code INVALID_SDP} when a required line is missing or malformed */
    public static SessionDescription parse(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw invalid("empty body");
        }
        String originUser = "-";
        long sessionId = 0;
        long version = 0;
        String originAddress = null;
        String sessionName = "-";
        String sessionConnection = null;
        boolean sawVersion = false;
        MediaDirection sessionDirection = null;
        List<MediaBuilder> media = new ArrayList<>();
        MediaBuilder current = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw invalid("line is not <type>=<value>: " + line);
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            switch (type) {
                case 'v' -> {
                    if (!"0".equals(value)) {
                        throw invalid("unsupported version v=" + value);
                    }
                    sawVersion = true;
                }
                case 'o' -> {
                    String[] f = value.split(" ");
                    if (f.length != 6) {
                        throw invalid("o= needs 6 fields: " + value);
                    }
                    originUser = f[0];
                    sessionId = parseLong(f[1], "o= session id");
                    version = parseLong(f[2], "o= version");
                    originAddress = f[5];
                }
                case 's' -> sessionName = value;
                case 'c' -> {
                    String addr = connectionAddress(value);
                    if (current == null) {
                        sessionConnection = addr;
                    } else {
                        current.connection = addr;
                    }
                }
                case 'm' -> {
                    current = parseMediaLine(value);
                    media.add(current);
                }
                case 'a' -> {
                    MediaDirection d = MediaDirection.fromAttribute(value);
                    if (current == null) {
                        if (d != null) {
                            sessionDirection = d;
                        }
                    } else if (d != null) {
                        current.direction = d;
                    } else {
                        current.attribute(value);
                    }
                }
                default -> {
                    // b=, t=, i=, k= … carry nothing we act on
                }
            }
        }
        if (!sawVersion) {
            throw invalid("missing v=0");
        }
        List<MediaDescription> out = new ArrayList<>();
        for (MediaBuilder m : media) {
            out.add(m.build(sessionDirection));
        }
        return new SessionDescription(originUser, sessionId, version, originAddress, sessionName, sessionConnection, out);
    }

    /** @return the SDP text with CRLF line ends, media attributes in a stable order */
    public static String format(SessionDescription d) {
        StringBuilder b = new StringBuilder(256);
        String ipType = ipType(d.originAddress());
        line(b, "v=0");
        line(b, "o=" + d.originUser() + " " + d.sessionId() + " " + d.sessionVersion() + " IN " + ipType + " " + d.originAddress());
        line(b, "s=" + d.sessionName());
        if (d.connectionAddress() != null) {
            line(b, "c=IN " + ipType(d.connectionAddress()) + " " + d.connectionAddress());
        }
        line(b, "t=0 0");
        for (MediaDescription m : d.media()) {
            StringBuilder ml = new StringBuilder("m=").append(m.media()).append(' ').append(m.port()).append(' ').append(m.protocol());
            for (PayloadFormat f : m.formats()) {
                ml.append(' ').append(f.payloadType());
            }
            line(b, ml.toString());
            if (m.connectionAddress() != null) {
                line(b, "c=IN " + ipType(m.connectionAddress()) + " " + m.connectionAddress());
            }
            for (PayloadFormat f : m.formats()) {
                line(b, "a=rtpmap:" + f.payloadType() + " " + f.encodingName() + "/" + f.clockRate());
                if (f.fmtp() != null) {
                    line(b, "a=fmtp:" + f.payloadType() + " " + f.fmtp());
                }
            }
            if (m.ptimeMs() > 0) {
                line(b, "a=ptime:" + m.ptimeMs());
            }
            line(b, "a=" + m.direction().attribute());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String s) {
        b.append(s).append("\r\n");
    }

    private static String ipType(String address) {
        return address != null && address.contains(":") ? "IP6" : "IP4";
    }

    private static String connectionAddress(String value) {
        String[] f = value.split(" ");
        if (f.length != 3 || !"IN".equals(f[0])) {
            throw invalid("c= must be 'IN <addrtype> <address>': " + value);
        }
        String addr = f[2];
        int slash = addr.indexOf('/');   // multicast TTL suffix
        return slash < 0 ? addr : addr.substring(0, slash);
    }

    private static MediaBuilder parseMediaLine(String value) {
        String[] f = value.split(" ");
        if (f.length < 4) {
            throw invalid("m= needs media, port, proto and a format: " + value);
        }
        MediaBuilder m = new MediaBuilder();
        m.media = f[0];
        String port = f[1];
        int slash = port.indexOf('/');
        m.port = (int) parseLong(slash < 0 ? port : port.substring(0, slash), "m= port");
        if (m.port < 0 || m.port > 65535) {
            throw invalid("m= port out of range: " + m.port);
        }
        m.protocol = f[2];
        for (int i = 3; i < f.length; i++) {
            if (m.protocol.startsWith("RTP/")) {
                int pt = (int) parseLong(f[i], "m= payload type");
                if (pt < 0 || pt > 127) {
                    throw invalid("payload type out of range: " + pt);
                }
                m.payloadTypes.add(pt);
            }
        }
        return m;
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw invalid(what + " is not a number: " + s);
        }
    }

    private static MediaException invalid(String why) {
        return new MediaException(MediaException.Kind.INVALID_SDP, "invalid SDP: " + why);
    }

    private static final class MediaBuilder {
        String media;
        int port;
        String protocol;
        String connection;
        int ptime;
        MediaDirection direction;
        final List<Integer> payloadTypes = new ArrayList<>();
        final Map<Integer, String[]> rtpmap = new LinkedHashMap<>();
        final Map<Integer, String> fmtp = new LinkedHashMap<>();

        void attribute(String value) {
            int colon = value.indexOf(':');
            if (colon < 0) {
                return;
            }
            String name = value.substring(0, colon);
            String rest = value.substring(colon + 1).strip();
            switch (name) {
                case "rtpmap" -> {
                    int sp = rest.indexOf(' ');
                    if (sp < 0) {
                        throw invalid("a=rtpmap without encoding: " + value);
                    }
                    int pt = (int) parseLong(rest.substring(0, sp), "rtpmap payload type");
                    String[] enc = rest.substring(sp + 1).strip().split("/");
                    rtpmap.put(pt, enc);
                }
                case "fmtp" -> {
                    int sp = rest.indexOf(' ');
                    if (sp > 0) {
                        fmtp.put((int) parseLong(rest.substring(0, sp), "fmtp payload type"), rest.substring(sp + 1).strip());
                    }
                }
                case "ptime" -> ptime = (int) parseLong(rest, "ptime");
                default -> {
                    // rtcp, maxptime, ssrc … not used
                }
            }
        }

        MediaDescription build(MediaDirection sessionDirection) {
            List<PayloadFormat> formats = new ArrayList<>();
            for (int pt : payloadTypes) {
                String[] enc = rtpmap.get(pt);
                String name;
                int rate;
                if (enc != null) {
                    name = enc[0];
                    rate = enc.length > 1 ? (int) parseLong(enc[1], "rtpmap clock rate") : 8000;
                } else {
                    // static payload types may omit rtpmap (RFC 3551 table 4)
                    name = switch (pt) {
                        case 0 -> "PCMU";
                        case 8 -> "PCMA";
                        case 3 -> "GSM";
                        case 9 -> "G722";
                        case 18 -> "G729";
                        default -> "pt" + pt;
                    };
                    rate = 8000;
                }
                formats.add(new PayloadFormat(pt, name, rate, fmtp.get(pt)));
            }
            MediaDirection d = direction != null ? direction : sessionDirection;
            return new MediaDescription(media, port, protocol, formats, connection, ptime, d);
        }
    }
}
