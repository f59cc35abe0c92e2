package io.parley.sip.edge;

import gov.nist.javax.sip.stack.IOHandler;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The answers JAIN-SIP writes by itself to a datagram it cannot parse, made safe before they leave. The stack
 * answers such a request in {@code MessageChannel.createBadReqRes} (final, no hook) with the parser's message as
 * reason phrase — a Java array's identity ({@code 400 Bad Request ([C@7b759397}) or the offending header
 * ({@code 400 Bad Request (CSeq: 36893488147419103232 OPTIONS}) — and the whole request echoed back as a
 * {@code message/sipfrag} body; a request of another SIP version gets {@code 505 Bad version<the version>}.
 * {@link #socket} puts a socket in front of the UDP listening point that rewrites those answers as they are
 * sent: the standard reason phrase, the request's Via, From, To, Call-ID and CSeq (which a client matches the
 * answer by), a fixed {@code Warning: 399 <agent> "Malformed request"} and no body. The detail goes to the
 * security monitor, which counts it ({@code unparsable}) and logs it at most once a minute per source.
 *
 * <pre>{@code
 * sock = StackAnswers.socket(sock, security);   // in the UDP message processor, before it starts
 * StackAnswers.streams(stack, security);          // before the TCP and TLS listening points exist
 * }</pre>
 *
 * <p>Over TCP and TLS the stack writes the same answers through its {@code IOHandler} ({@code sendBytes}, which
 * every connection-oriented channel calls), so {@link #streams} puts a subclass of it in the stack that
 * rewrites them the same way.
 */
public final class StackAnswers {

    /** The counter and log kind of a request the stack could not parse. */
    public static final String UNPARSABLE = "unparsable";
    static final String EXPLANATION = "\"Malformed request\"";
    private static final byte[] BAD_REQUEST = "SIP/2.0 400 Bad Request (".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_VERSION = "SIP/2.0 505 Bad version".getBytes(StandardCharsets.US_ASCII);
    /** The headers the stack copies from the request into its 400, long and compact names. */
    private static final Set<String> COPIED = Set.of("via", "v", "cseq", "call-id", "i", "from", "f", "to", "t");
    /** How much of the parser's message the log keeps. */
    private static final int DETAIL_MAX = 200;

    private StackAnswers() {
    }

    /** A rewritten answer and what the stack had said. */
    record Rewritten(byte[] bytes, String detail) {
    }

    /**
     * The stack's automatic answer in {@code data} rewritten, or null when it is not one (every other message,
     * ours included, leaves unchanged). {@code agent} is the Warning's warn-agent.
     */
    static Rewritten rewrite(byte[] data, int offset, int length, String agent) {
        boolean badRequest = startsWith(data, offset, length, BAD_REQUEST);
        if (!badRequest && !startsWith(data, offset, length, BAD_VERSION)) {
            return null;
        }
        String text = new String(data, offset, length, StandardCharsets.ISO_8859_1);
        int statusEnd = text.indexOf("\r\n");
        if (statusEnd < 0) {
            statusEnd = text.length();
        }
        String warning = "Warning: 399 " + agent + " " + EXPLANATION + "\r\n";
        StringBuilder out = new StringBuilder(256);
        String detail;
        if (badRequest) {
            detail = text.substring(BAD_REQUEST.length, statusEnd);
            if (detail.endsWith(")")) {
                detail = detail.substring(0, detail.length() - 1);
            }
            out.append("SIP/2.0 400 Bad Request\r\n");
            int headEnd = text.indexOf("\r\n\r\n", statusEnd);
            String head = text.substring(Math.min(statusEnd + 2, text.length()), headEnd < 0 ? text.length() : headEnd);
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                // only the request's own identifying headers: no Server, no sipfrag, nothing of the parser's message
                if (colon > 0 && COPIED.contains(line.substring(0, colon).strip().toLowerCase(Locale.ROOT))) {
                    out.append(line).append("\r\n");
                }
            }
            out.append(warning).append("Content-Length: 0\r\n\r\n");
        } else {
            // a well-formed answer the stack built with createResponse: only its reason phrase is the version sent
            detail = text.substring("SIP/2.0 505 ".length(), statusEnd);
            out.append("SIP/2.0 505 Version Not Supported\r\n").append(warning)
                    .append(text, Math.min(statusEnd + 2, text.length()), text.length());
        }
        return new Rewritten(out.toString().getBytes(StandardCharsets.ISO_8859_1), printable(detail));
    }

    /** The parser's message as one short printable line (it may hold line breaks and the sender's bytes). */
    static String printable(String detail) {
        StringBuilder b = new StringBuilder(Math.min(detail.length(), DETAIL_MAX));
        for (int i = 0; i < detail.length() && b.length() < DETAIL_MAX; i++) {
            char c = detail.charAt(i);
            b.append(c < 0x20 || c > 0x7e ? ' ' : c);
        }
        return b.toString().strip();
    }

    private static boolean startsWith(byte[] data, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A socket bound where {@code bound} was, with its buffer sizes, that rewrites the stack's automatic answers;
     * {@code bound} is closed. Called before the listening point starts, so no datagram is lost in between.
     */
    public static DatagramSocket socket(DatagramSocket bound, SipSecurity security) throws IOException {
        InetSocketAddress address = (InetSocketAddress) bound.getLocalSocketAddress();
        int receive = bound.getReceiveBufferSize();
        int send = bound.getSendBufferSize();
        bound.close();
        Guarded guarded = new Guarded(address, security);
        guarded.setReceiveBufferSize(receive);
        guarded.setSendBufferSize(send);
        return guarded;
    }

    /**
     * Makes the stack's answers over TCP and TLS safe like {@link #socket} does for UDP: replaces the stack's
     * I/O handler, which writes every stream message, by one that rewrites them. Call it before any TCP or TLS
     * connection exists (the handler keeps the connections' sockets); calling it again changes nothing.
     */
    public static void streams(SIPTransactionStack stack, SipSecurity security) throws IOException {
        try {
            Field handler = SIPTransactionStack.class.getDeclaredField("ioHandler");
            handler.setAccessible(true);
            if (!(handler.get(stack) instanceof GuardedStreams)) {
                handler.set(stack, new GuardedStreams(stack, security));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this jain-sip-ri has no ioHandler to guard: " + e, e);
        }
    }

    /** The stack's writer of stream messages: each one sent is checked for the stack's automatic answers. */
    private static final class GuardedStreams extends IOHandler {

        private final SipSecurity security;

        GuardedStreams(SIPTransactionStack stack, SipSecurity security) {
            super(stack);
            this.security = security;
        }

        @Override
        public Socket sendBytes(InetAddress sender, InetAddress receiver, int port, String transport, byte[] bytes,
                                boolean isClient, MessageChannel channel) throws IOException {
            Rewritten r = isClient ? null : rewrite(bytes, 0, bytes.length,
                    sender == null || sender.isAnyLocalAddress() ? "sip" : sender.getHostAddress());
            if (r == null) {
                return super.sendBytes(sender, receiver, port, transport, bytes, isClient, channel);
            }
            security.malformed(receiver.getHostAddress(), UNPARSABLE, r.detail());
            return super.sendBytes(sender, receiver, port, transport, r.bytes(), isClient, channel);
        }
    }

    /** The listening point's socket: every datagram sent is checked for the stack's automatic answers. */
    private static final class Guarded extends DatagramSocket {

        private final SipSecurity security;
        private final String agent;

        Guarded(InetSocketAddress address, SipSecurity security) throws IOException {
            super(address);
            this.security = security;
            InetAddress a = address.getAddress();
            // warn-agent: the address we answer from when bound to one, else a pseudonym (RFC 3261 §20.43)
            this.agent = a == null || a.isAnyLocalAddress() ? "sip" : a.getHostAddress();
        }

        @Override
        public void send(DatagramPacket p) throws IOException {
            Rewritten r = rewrite(p.getData(), p.getOffset(), p.getLength(), agent);
            if (r == null) {
                super.send(p);
                return;
            }
            security.malformed(p.getAddress().getHostAddress(), UNPARSABLE, r.detail());
            super.send(new DatagramPacket(r.bytes(), r.bytes().length, p.getSocketAddress()));
        }
    }
}
