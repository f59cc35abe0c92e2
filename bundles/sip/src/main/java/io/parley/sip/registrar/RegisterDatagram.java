package io.parley.sip.registrar;

import gov.nist.javax.sip.message.SIPResponse;
import io.parley.sip.auth.DigestCredentials;
import io.parley.sip.edge.EdgeGate;
import io.parley.sip.edge.ResponseTags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A REGISTER datagram read without the full stack's parser, and its answer written without its encoder:
 * the datagram lane's reader (bench/sip: parsing was 43 % of a registration's CPU with the stack's
 * parser, which builds a parser object per header line).
 *
 * <p>It reads the common shape only — one request line, header lines without continuation, the headers
 * the registrar needs in their long or compact names, no body — and declines everything else
 * ({@link #read} returns null): such a datagram goes to the stack as before, so an unusual but valid
 * REGISTER is served the slow way and a malformed one gets the stack's 400, never a second opinion. Bytes
 * are read as ISO-8859-1, so the lines copied into the answer (Via, From, To, Call-ID, CSeq) come back
 * byte for byte.
 *
 * <pre>{@code
 * RegisterDatagram d = RegisterDatagram.read(packet.getData(), packet.getOffset(), packet.getLength(), limits);
 * if (d != null) {
 *     byte[] answer = d.answer(registrar.register(d.request(ip, port)), ip, port, date);
 * }
 * }</pre>
 */
public final class RegisterDatagram {

    private static final byte[] METHOD = "REGISTER ".getBytes(StandardCharsets.ISO_8859_1);

    private final List<String> vias;
    private final String from;
    private final String to;
    private final String callId;
    private final String cseq;
    private final long cseqNumber;
    private final String toUser;
    private final String toHost;
    private final DigestCredentials credentials;
    private final List<RegisterRequest.ContactField> contacts;
    private final int expires;
    private final String userAgent;
    /** The top Via: its sent-by port (-1 when none), whether it asks for rport, and its branch. */
    private final int viaPort;
    private final String viaHost;
    private final boolean rport;
    private final String branch;

    private RegisterDatagram(List<String> vias, String from, String to, String callId, String cseq, long cseqNumber,
                             String toUser, String toHost, DigestCredentials credentials,
                             List<RegisterRequest.ContactField> contacts, int expires, String userAgent, String viaHost,
                             int viaPort, boolean rport, String branch) {
        this.vias = vias;
        this.from = from;
        this.to = to;
        this.callId = callId;
        this.cseq = cseq;
        this.cseqNumber = cseqNumber;
        this.toUser = toUser;
        this.toHost = toHost;
        this.credentials = credentials;
        this.contacts = contacts;
        this.expires = expires;
        this.userAgent = userAgent;
        this.viaHost = viaHost;
        this.viaPort = viaPort;
        this.rport = rport;
        this.branch = branch;
    }

    /** The header names the lane reads or refuses, long and compact forms, lower case. */
    private static final String[] KNOWN = {"via", "v", "from", "f", "to", "t", "call-id", "i", "cseq", "contact", "m",
            "expires", "authorization", "user-agent", "content-length", "l", "content-type", "c", "proxy-authorization",
            "route", "require", "proxy-require"};

    /** The known name of the header named by text[start, colon) (spaces around ignored), or null: no allocation. */
    private static String known(String text, int start, int colon) {
        int end = colon;
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        int length = end - start;
        for (String name : KNOWN) {
            if (name.length() == length && text.regionMatches(true, start, name, 0, length)) {
                return name;
            }
        }
        return null;
    }

    /** Whether the datagram is a REGISTER at all (a look at its first bytes). */
    static boolean isRegister(byte[] data, int offset, int length) {
        if (length < METHOD.length) {
            return false;
        }
        for (int i = 0; i < METHOD.length; i++) {
            if (data[offset + i] != METHOD[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The REGISTER in {@code data}, or null when it is not one of the common shape or is over a limit of
     * {@link EdgeGate.Limits} (the stack then handles it: EdgeGate answers the limits).
     */
    static RegisterDatagram read(byte[] data, int offset, int length, EdgeGate.Limits limits) {
        if (!isRegister(data, offset, length) || length > limits.maxMessageSize()) {
            return null;
        }
        String text = new String(data, offset, length, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        if (eol < 0 || !text.startsWith(" SIP/2.0", eol - 8)) {
            return null;
        }
        List<String> vias = new ArrayList<>(2);
        String from = null;
        String to = null;
        String callId = null;
        String cseq = null;
        String authorization = null;
        String userAgent = null;
        List<String> contactValues = new ArrayList<>(1);
        int expires = -1;
        int headers = 0;
        int pos = eol + 2;
        while (true) {
            int end = text.indexOf("\r\n", pos);
            if (end < 0) {
                return null;
            }
            if (end == pos) {
                pos = end + 2;
                break;
            }
            if (end - pos > limits.maxHeaderLength() || ++headers > limits.maxHeaders()) {
                return null;
            }
            char first = text.charAt(pos);
            int colon = text.indexOf(':', pos);
            if (first == ' ' || first == '\t' || colon < 0 || colon > end) {
                // a continuation line or no header at all: the stack's parser decides
                return null;
            }
            String name = known(text, pos, colon);
            if (name == null) {
                // Max-Forwards, Allow, Supported, Accept…: nothing the registrar reads
                pos = end + 2;
                continue;
            }
            String value = text.substring(colon + 1, end).strip();
            pos = end + 2;
            switch (name) {
                case "via", "v" -> {
                    if (value.indexOf(',') >= 0) {
                        return null;
                    }
                    vias.add(value);
                }
                case "from", "f" -> {
                    if (from != null) {
                        return null;
                    }
                    from = value;
                }
                case "to", "t" -> {
                    if (to != null) {
                        return null;
                    }
                    to = value;
                }
                case "call-id", "i" -> {
                    if (callId != null) {
                        return null;
                    }
                    callId = value;
                }
                case "cseq" -> {
                    if (cseq != null) {
                        return null;
                    }
                    cseq = value;
                }
                case "contact", "m" -> contactValues.add(value);
                case "expires" -> {
                    if (expires >= 0 || !digits(value, 10)) {
                        return null;
                    }
                    expires = Integer.parseInt(value);
                }
                case "authorization" -> {
                    if (authorization != null) {
                        return null;
                    }
                    authorization = value;
                }
                case "user-agent" -> userAgent = value;
                case "content-length", "l" -> {
                    if (!"0".equals(value)) {
                        return null;
                    }
                }
                case "content-type", "c", "proxy-authorization", "route", "require", "proxy-require" -> {
                    // a body, or something a registrar must act on or refuse: the stack's way
                    return null;
                }
                default -> throw new IllegalStateException(name);
            }
        }
        if (pos != length || vias.isEmpty() || from == null || to == null || callId == null || cseq == null
                || callId.isEmpty()) {
            return null;
        }
        int space = cseq.indexOf(' ');
        if (space < 1 || !digits(cseq.substring(0, space), 10) || !"REGISTER".equals(cseq.substring(space + 1).strip())) {
            return null;
        }
        long cseqNumber = Long.parseLong(cseq.substring(0, space));
        // the top Via: SIP/2.0/UDP host[:port];params
        String via = vias.get(0);
        if (!via.regionMatches(true, 0, "SIP/2.0/UDP", 0, 11) || via.length() < 13 || via.charAt(11) != ' ') {
            return null;
        }
        int params = via.indexOf(';');
        String sentBy = (params < 0 ? via.substring(12) : via.substring(12, params)).strip();
        String viaHost;
        int viaPort = -1;
        int portColon = sentBy.startsWith("[") ? sentBy.indexOf(':', sentBy.indexOf(']')) : sentBy.indexOf(':');
        if (portColon >= 0) {
            if (!digits(sentBy.substring(portColon + 1), 5)) {
                return null;
            }
            viaHost = sentBy.substring(0, portColon);
            viaPort = Integer.parseInt(sentBy.substring(portColon + 1));
        } else {
            viaHost = sentBy;
        }
        if (viaHost.isEmpty() || viaHost.indexOf(' ') >= 0) {
            return null;
        }
        String branch = null;
        boolean rport = false;
        if (params >= 0) {
            for (String p : via.substring(params + 1).split(";")) {
                String param = p.strip();
                String lower = param.toLowerCase(Locale.ROOT);
                if (lower.startsWith("branch=")) {
                    branch = param.substring(7);
                } else if (lower.equals("rport")) {
                    rport = true;
                } else if (lower.startsWith("rport=") || lower.startsWith("received=") || lower.equals("received")) {
                    // filled in by someone before us: not the common shape
                    return null;
                }
            }
        }
        if (branch == null || branch.isEmpty()) {
            return null;
        }
        String toUri = uriOf(to);
        if (toUri == null || !toUri.regionMatches(true, 0, "sip:", 0, 4)) {
            return null;
        }
        int at = toUri.indexOf('@');
        String toUser = null;
        String toHost;
        if (at >= 0) {
            toUser = toUri.substring(4, at);
            if (toUser.isEmpty() || toUser.indexOf(':') >= 0 || toUser.indexOf('%') >= 0) {
                return null;
            }
            toHost = hostOf(toUri.substring(at + 1));
        } else {
            toHost = hostOf(toUri.substring(4));
        }
        if (toHost == null) {
            return null;
        }
        List<RegisterRequest.ContactField> contacts = new ArrayList<>(contactValues.size());
        for (String value : contactValues) {
            if (!contacts(value, contacts)) {
                return null;
            }
        }
        DigestCredentials credentials = null;
        if (authorization != null) {
            credentials = credentials(authorization);
            if (credentials == null) {
                return null;
            }
        }
        return new RegisterDatagram(vias, from, to, callId, cseq, cseqNumber, toUser, toHost, credentials, contacts,
                expires, userAgent, viaHost, viaPort, rport, branch);
    }

    /** The request for the registrar; {@code ip} and {@code port} are where the datagram came from. */
    RegisterRequest request(String ip, int port) {
        return new RegisterRequest(toUser, toHost, credentials, contacts, expires, userAgent, callId, "udp", ip,
                ip + ":" + replyPort(port));
    }

    /** Where the answer and later requests go (RFC 3581): the source port when rport was asked for, else Via's. */
    int replyPort(int sourcePort) {
        return rport ? sourcePort : viaPort > 0 ? viaPort : 5060;
    }

    /** What tells a retransmission of this request from another one: source, branch, Call-ID and CSeq. */
    String key(String ip, int port) {
        return ip + ':' + port + ' ' + branch + ' ' + callId + ' ' + cseqNumber;
    }

    /**
     * The answer as the bytes of a SIP response: the request's Via (the top one with received and rport
     * filled in as the stack does), From, To, Call-ID and CSeq, then what {@code answer} says.
     *
     * @param date the Date header's value for a 200 (RFC 1123, GMT)
     */
    byte[] answer(RegisterAnswer answer, String ip, int port, String date) {
        StringBuilder b = new StringBuilder(512);
        b.append("SIP/2.0 ").append(answer.status()).append(' ')
                .append(SIPResponse.getReasonPhrase(answer.status())).append("\r\n");
        b.append("Via: ").append(topVia(ip, port)).append("\r\n");
        for (int i = 1; i < vias.size(); i++) {
            b.append("Via: ").append(vias.get(i)).append("\r\n");
        }
        b.append("From: ").append(from).append("\r\n");
        // outside a dialog every answer but a 100 gets a To tag (RFC 3261 §8.2.6.2), as ResponseTags gives the stack's
        b.append("To: ").append(to);
        if (!hasTag(to)) {
            b.append(";tag=").append(ResponseTags.fresh());
        }
        b.append("\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(cseq).append("\r\n");
        for (RegisterAnswer.Challenge c : answer.challenges()) {
            b.append("WWW-Authenticate: ").append(c.value()).append("\r\n");
        }
        if (answer.minExpires() > 0) {
            b.append("Min-Expires: ").append(answer.minExpires()).append("\r\n");
        }
        if (answer.retryAfter() > 0) {
            b.append("Retry-After: ").append(answer.retryAfter()).append("\r\n");
        }
        if (answer.status() == 200) {
            for (RegisterAnswer.Grant g : answer.contacts()) {
                b.append("Contact: <").append(g.uri()).append(">;expires=").append(g.expires()).append("\r\n");
            }
            b.append("Date: ").append(date).append("\r\n");
        }
        b.append("Content-Length: 0\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether a From/To value has a tag parameter (among the header parameters, after a name-addr's '>'). */
    static boolean hasTag(String value) {
        int gt = value.lastIndexOf('>');
        int semi = value.indexOf(';', gt < 0 ? 0 : gt);
        if (semi < 0) {
            return false;
        }
        for (String param : value.substring(semi + 1).split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "tag", 0, 3) && (p.length() == 3 || p.charAt(3) == '=' || p.charAt(3) == ' ')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The top Via as the stack answers it (RFC 3581): the bare rport filled in with the source port, and
     * received added when rport was asked for or the Via names another host than the source.
     */
    private String topVia(String ip, int port) {
        String via = vias.get(0);
        if (rport) {
            int at = indexOfParam(via, "rport");
            return via.substring(0, at) + "rport=" + port + via.substring(at + 5) + ";received=" + ip;
        }
        return viaHost.equals(ip) ? via : via + ";received=" + ip;
    }

    /** Index of the parameter {@code name} (without value) in a Via value, or -1. */
    private static int indexOfParam(String via, String name) {
        int from = 0;
        while (true) {
            int semi = via.indexOf(';', from);
            if (semi < 0) {
                return -1;
            }
            int start = semi + 1;
            while (start < via.length() && via.charAt(start) == ' ') {
                start++;
            }
            int end = via.indexOf(';', start);
            String p = (end < 0 ? via.substring(start) : via.substring(start, end)).strip();
            if (p.equalsIgnoreCase(name)) {
                return start;
            }
            from = start;
        }
    }

    /** The URI of a name-addr ({@code "x" <uri>;params}) or addr-spec ({@code uri;params}); null when unreadable. */
    private static String uriOf(String value) {
        int lt = value.indexOf('<');
        if (lt >= 0) {
            if (value.lastIndexOf('"', lt) >= 0 && value.indexOf('"') < lt && count(value.substring(0, lt), '"') % 2 != 0) {
                return null;
            }
            int gt = value.indexOf('>', lt);
            return gt < 0 ? null : value.substring(lt + 1, gt).strip();
        }
        int semi = value.indexOf(';');
        String uri = (semi < 0 ? value : value.substring(0, semi)).strip();
        return uri.isEmpty() || uri.indexOf(' ') >= 0 || uri.indexOf('"') >= 0 ? null : uri;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** The host of {@code hostport[;params][?headers]}, or null when it has none. */
    private static String hostOf(String rest) {
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == ';' || c == '?' || (c == ':' && !rest.startsWith("["))) {
                end = i;
                break;
            }
            if (c == ']') {
                end = i + 1;
                break;
            }
        }
        String host = rest.substring(0, end);
        return host.isEmpty() ? null : host;
    }

    /**
     * Adds the contacts of one Contact header value ({@code *}, or comma-separated addresses, with quoted
     * display names and parameters such as {@code +sip.instance="<urn:uuid:…>"}); false when it has a shape
     * left to the stack (an unclosed quote or bracket, an escaped quote, a URI that is not SIP, an expires
     * that is no number).
     */
    private static boolean contacts(String value, List<RegisterRequest.ContactField> into) {
        if ("*".equals(value)) {
            into.add(new RegisterRequest.ContactField(null, -1, true));
            return true;
        }
        if (value.indexOf('\\') >= 0) {
            return false;
        }
        boolean quoted = false;
        boolean angle = false;
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '"' && !angle) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle = true;
            } else if (!quoted && c == '>') {
                angle = false;
            } else if (!quoted && !angle && c == ',') {
                if (!contact(value.substring(start, Math.min(i, value.length())), into)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return !quoted && !angle;
    }

    /** One contact: {@code ["name"] <uri>;params} or {@code uri;params}. */
    private static boolean contact(String part, List<RegisterRequest.ContactField> into) {
        String uri;
        String params;
        int lt = -1;
        boolean quoted = false;
        for (int i = 0; i < part.length() && lt < 0; i++) {
            char c = part.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '<' && !quoted) {
                lt = i;
            }
        }
        if (lt >= 0) {
            int gt = part.indexOf('>', lt);
            if (gt < 0) {
                return false;
            }
            uri = part.substring(lt + 1, gt).strip();
            params = part.substring(gt + 1);
        } else {
            String p = part.strip();
            int semi = p.indexOf(';');
            uri = semi < 0 ? p : p.substring(0, semi);
            params = semi < 0 ? "" : p.substring(semi);
        }
        if (!(uri.regionMatches(true, 0, "sip:", 0, 4) || uri.regionMatches(true, 0, "sips:", 0, 5))
                || uri.indexOf(' ') >= 0 || uri.indexOf('"') >= 0 || uri.length() < 5) {
            return false;
        }
        int expires = -1;
        boolean inQuotes = false;
        int from = 0;
        for (int i = 0; i <= params.length(); i++) {
            char c = i < params.length() ? params.charAt(i) : ';';
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == ';' && !inQuotes) {
                String param = params.substring(from, Math.min(i, params.length())).strip();
                if (param.regionMatches(true, 0, "expires=", 0, 8)) {
                    String v = param.substring(8).strip();
                    if (!digits(v, 10)) {
                        return false;
                    }
                    expires = Integer.parseInt(v);
                }
                from = i + 1;
            }
        }
        into.add(new RegisterRequest.ContactField(uri, expires, false));
        return true;
    }

    /** {@code Digest k=v, k="v", …}; null when it is another scheme or a shape left to the stack. */
    static DigestCredentials credentials(String value) {
        if (!value.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        String username = null;
        String realm = null;
        String nonce = null;
        String uri = null;
        String response = null;
        String algorithm = null;
        String qop = null;
        String nc = null;
        String cnonce = null;
        int pos = 7;
        int n = value.length();
        while (pos < n) {
            while (pos < n && (value.charAt(pos) == ' ' || value.charAt(pos) == ',' || value.charAt(pos) == '\t')) {
                pos++;
            }
            if (pos >= n) {
                break;
            }
            int eq = value.indexOf('=', pos);
            if (eq < 0) {
                return null;
            }
            String name = value.substring(pos, eq).strip().toLowerCase(Locale.ROOT);
            pos = eq + 1;
            while (pos < n && value.charAt(pos) == ' ') {
                pos++;
            }
            String v;
            if (pos < n && value.charAt(pos) == '"') {
                int close = value.indexOf('"', pos + 1);
                if (close < 0) {
                    return null;
                }
                v = value.substring(pos + 1, close);
                if (v.indexOf('\\') >= 0) {
                    return null;
                }
                pos = close + 1;
            } else {
                int comma = value.indexOf(',', pos);
                int end = comma < 0 ? n : comma;
                v = value.substring(pos, end).strip();
                pos = end;
            }
            switch (name) {
                case "username" -> username = v;
                case "realm" -> realm = v;
                case "nonce" -> nonce = v;
                case "uri" -> uri = v;
                case "response" -> response = v;
                case "algorithm" -> algorithm = v;
                case "qop" -> qop = v;
                case "nc" -> nc = v;
                case "cnonce" -> cnonce = v;
                default -> {
                    // opaque and extensions: not checked
                }
            }
        }
        return username == null || nonce == null || response == null ? null
                : new DigestCredentials(username, realm, nonce, uri, response, algorithm, qop, nc, cnonce);
    }

    private static boolean digits(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return s.length() < 10 || Long.parseLong(s) <= Integer.MAX_VALUE;
    }
}
