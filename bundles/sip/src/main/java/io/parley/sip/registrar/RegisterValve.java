package io.parley.sip.registrar;

import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.QueuedMessageDispatchBase;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import io.parley.sip.edge.EdgeGate;
import io.parley.sip.edge.ResponseTags;
import io.parley.sip.steady.ServiceAwayException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Queue;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.SipStack;
import javax.sip.header.AuthorizationHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER answered at the edge, statelessly (RFC 3261 §8.2.7), for what the datagram lane
 * ({@link RegisterLane}) leaves to the stack: REGISTER over TCP and TLS, and datagrams of an unusual shape.
 * Installed in the stack's valve list after {@link EdgeGate}, it takes every REGISTER before the stack
 * creates a server transaction for it, has the {@link PhoneRegistrar} answer it and sends the answer itself.
 * A registrar needs no transaction: REGISTER is idempotent, and the one thing a transaction did for it —
 * answer a retransmission with the same bytes — {@link RecentAnswers} does for a few seconds instead of 32
 * (the stack kept each REGISTER's transaction, its timer and its bytes for Timer J, and re-parsed the
 * request when cleaning up: a third of the CPU of a registration in bench/sip).
 *
 * <p>Over UDP the answer goes to the request's source as RFC 3581 asks (received, and rport when the
 * client asked for it), through the listening socket; over TCP and TLS back on the connection it came on.
 * Over UDP, while the datagram the stack takes next has waited too long, {@link RegisterShedding} may answer
 * a new registration 503 (at the cost of a parse).
 */
public final class RegisterValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterValve.class);

    /** Answers one REGISTER; {@link PhoneRegistrar#register} in the appliance. */
    @FunctionalInterface
    public interface Registrar {
        Response register(Request request) throws Exception;
    }

    private final Registrar registrar;
    private final RecentAnswers recent;
    private final RegisterShedding shedding;
    private final LongAdder retransmissions;
    /** The UDP processor's socket and queue, read once (the stack keeps them protected). */
    private volatile Udp udp;

    private record Udp(MessageProcessor processor, DatagramSocket socket, Queue<? extends QueuedMessageDispatchBase> queue) {
    }

    public RegisterValve(Registrar registrar, RecentAnswers recent, RegisterShedding shedding, LongAdder retransmissions) {
        this.registrar = registrar;
        this.recent = recent;
        this.shedding = shedding;
        this.retransmissions = retransmissions;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (!Request.REGISTER.equals(request.getMethod())) {
            return true;
        }
        try {
            if (channel.isReliable()) {
                // no retransmissions over TCP/TLS: nothing to remember
                channel.sendMessage(answer(request, channel));
            } else {
                answerDatagram(request, channel);
            }
        } catch (Exception | LinkageError e) {
            LOG.debug("REGISTER from {} not answered: {}", PhoneRegistrar.source(request), e.toString());
        }
        return false;
    }

    private void answerDatagram(SIPRequest request, MessageChannel channel) throws Exception {
        Udp u = udp(channel.getMessageProcessor());
        Via via = request.getTopmostVia();
        String key = channel.getPeerPacketSourceAddress().getHostAddress() + ':' + channel.getPeerPacketSourcePort()
                + ' ' + via.getBranch() + ' ' + request.getCallId().getCallId() + ' ' + request.getCSeq().getSeqNumber();
        RecentAnswers.Claim claim = recent.claim(key);
        if (claim instanceof RecentAnswers.Answered answered) {
            retransmissions.increment();
            send(u, answered.answer());
            return;
        }
        if (claim instanceof RecentAnswers.InProgress) {
            return;
        }
        try {
            SIPResponse response = answer(request, channel, u);
            // RFC 3581: to the address it came from (the stack set received unless the Via named it already),
            // to the port it came from when the client asked (the stack filled rport in), else the Via's port
            InetAddress address = channel.getPeerPacketSourceAddress();
            int port = via.getRPort() > 0 ? via.getRPort() : via.getPort() > 0 ? via.getPort() : 5060;
            RecentAnswers.Answer answer = new RecentAnswers.Answer(response.encodeAsBytes("UDP"), address, port);
            recent.complete(key, answer);
            send(u, answer);
        } catch (Exception | LinkageError e) {
            recent.release(key);
            throw e;
        }
    }

    private SIPResponse answer(SIPRequest request, MessageChannel channel) throws Exception {
        return answer(request, channel, null);
    }

    private SIPResponse answer(SIPRequest request, MessageChannel channel, Udp u) {
        try {
            if (u != null && request.getHeader(AuthorizationHeader.NAME) == null && !shedding.admitNew(lag(u))) {
                SIPResponse busy = ResponseTags.tag(request.createResponse(Response.SERVICE_UNAVAILABLE));
                RetryAfter retryAfter = new RetryAfter();
                retryAfter.setRetryAfter(shedding.retryAfterSeconds());
                busy.setHeader(retryAfter);
                return busy;
            }
            return (SIPResponse) registrar.register(request);
        } catch (Exception | LinkageError e) {
            LOG.warn("REGISTER from {} failed: {}", PhoneRegistrar.source(request), e.toString());
            // a lookup's bundle restarting: the phone registers again in a moment
            return ResponseTags.tag(request.createResponse(e instanceof ServiceAwayException ? Response.SERVICE_UNAVAILABLE
                    : e instanceof java.text.ParseException || e instanceof IllegalArgumentException
                    ? Response.BAD_REQUEST : Response.SERVER_INTERNAL_ERROR));
        }
    }

    /** How long the datagram the stack takes next has waited. */
    private long lag(Udp u) {
        QueuedMessageDispatchBase next = u.queue().peek();
        long now = shedding.millis();
        return next == null ? 0 : now - next.getReceptionTime();
    }

    private static void send(Udp u, RecentAnswers.Answer a) throws java.io.IOException {
        u.socket().send(new DatagramPacket(a.bytes(), a.bytes().length, a.address(), a.port()));
    }

    private Udp udp(MessageProcessor processor) throws ReflectiveOperationException {
        Udp u = udp;
        if (u == null || u.processor() != processor) {
            u = new Udp(processor, (DatagramSocket) field("sock").get(processor),
                    (Queue<? extends QueuedMessageDispatchBase>) field("messageQueue").get(processor));
            udp = u;
        }
        return u;
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field f = UDPMessageProcessor.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void init(SipStack stack) {
    }

    @Override
    public void destroy() {
    }
}
