package io.parley.sip.registrar;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import io.parley.sip.edge.SipSecurity;
import io.parley.sip.edge.StackAnswers;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's UDP message processor with the {@link RegisterLane} in front of its queue: the thread that
 * reads the socket offers each datagram to the lane before queueing it, and the stack's workers parse and
 * process only what the lane leaves. A REGISTER is thus answered by the thread that read it, with no
 * hand-off: waking a worker for each datagram cost more system time than the lane's own work
 * (bench/sip: 100 µs of CPU per registration at 9,000/s with the workers answering, 81 µs inline, and
 * 12,700/s held inline where the hand-off fell behind). The lane adds no thread.
 *
 * <p>Installed with {@link #factory}, which gives UDP listening points this processor and every other
 * transport the stack's usual one. Its socket rewrites the stack's own answers to unparsable datagrams
 * ({@link StackAnswers}), with or without the lane:
 * <pre>{@code
 * SIPTransactionStack s = (SIPTransactionStack) stack;
 * s.setMessageProcessorFactory(LaneUdpProcessor.factory(s.getMessageProcessorFactory(), lane, security));
 * }</pre>
 */
public final class LaneUdpProcessor extends UDPMessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(LaneUdpProcessor.class);

    private LaneUdpProcessor(InetAddress address, SIPTransactionStack stack, int port, RegisterLane lane,
                             SipSecurity security) throws IOException {
        super(address, stack, port);
        // the stack's own answers to unparsable datagrams leave through this socket (StackAnswers)
        this.sock = StackAnswers.socket(sock, security);
        if (lane != null) {
            // the workers read this field each time they take a datagram
            this.messageQueue = new LaneQueue(this.messageQueue, lane, sock);
        }
    }

    /**
     * A factory that makes UDP processors with the lane ({@code lane} null: none) and the stack's automatic
     * answers made safe, and leaves other transports to {@code others} after making the stack's answers over
     * streams safe too.
     */
    public static MessageProcessorFactory factory(MessageProcessorFactory others, RegisterLane lane,
                                                  SipSecurity security) {
        return (stack, address, port, transport) -> {
            if (!"udp".equalsIgnoreCase(transport)) {
                // TCP and TLS: the stack's answers to unparsable messages leave through its I/O handler
                StackAnswers.streams(stack, security);
                return others.createMessageProcessor(stack, address, port, transport);
            }
            LaneUdpProcessor processor = new LaneUdpProcessor(address, stack, port, lane, security);
            markUdp(stack);
            return processor;
        };
    }

    /**
     * Tells the stack it has a UDP listening point, as its own factories do: without the (package-private) flag
     * it sends every UDP request from a fresh ephemeral socket instead of the listening one, and the answers
     * never come back to the listening point (SipTrunksTest).
     */
    private static void markUdp(SIPTransactionStack stack) throws IOException {
        try {
            Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            flag.setAccessible(true);
            flag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this jain-sip-ri has no udpFlag to set: " + e, e);
        }
    }

    /** The processor's queue, whose offering side (the reading thread) hands REGISTERs to the lane first. */
    static final class LaneQueue extends AbstractQueue<DatagramQueuedMessageDispatch>
            implements BlockingQueue<DatagramQueuedMessageDispatch> {

        private final BlockingQueue<DatagramQueuedMessageDispatch> queue;
        private final RegisterLane lane;
        private final DatagramSocket socket;

        LaneQueue(BlockingQueue<DatagramQueuedMessageDispatch> queue, RegisterLane lane, DatagramSocket socket) {
            this.queue = queue;
            this.lane = lane;
            this.socket = socket;
        }

        /** Whether the lane took the datagram (answered or dropped it); never throws to a stack worker. */
        private boolean laneTakes(DatagramQueuedMessageDispatch d) {
            try {
                return lane.handle(d.packet, socket);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("REGISTER lane failed on a datagram from {}: {}", d.packet.getAddress(), e.toString());
                return true;
            }
        }

        @Override
        public DatagramQueuedMessageDispatch take() throws InterruptedException {
            return queue.take();
        }

        @Override
        public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit) throws InterruptedException {
            return queue.poll(timeout, unit);
        }

        @Override
        public DatagramQueuedMessageDispatch poll() {
            return queue.poll();
        }

        @Override
        public boolean offer(DatagramQueuedMessageDispatch d) {
            if (laneTakes(d)) {
                return true;
            }
            return queue.offer(d);
        }

        @Override
        public void put(DatagramQueuedMessageDispatch d) throws InterruptedException {
            queue.put(d);
        }

        @Override
        public boolean offer(DatagramQueuedMessageDispatch d, long timeout, TimeUnit unit) throws InterruptedException {
            return queue.offer(d, timeout, unit);
        }

        @Override
        public DatagramQueuedMessageDispatch peek() {
            return queue.peek();
        }

        @Override
        public int remainingCapacity() {
            return queue.remainingCapacity();
        }

        @Override
        public int drainTo(Collection<? super DatagramQueuedMessageDispatch> c) {
            return queue.drainTo(c);
        }

        @Override
        public int drainTo(Collection<? super DatagramQueuedMessageDispatch> c, int max) {
            return queue.drainTo(c, max);
        }

        @Override
        public Iterator<DatagramQueuedMessageDispatch> iterator() {
            return queue.iterator();
        }

        @Override
        public int size() {
            return queue.size();
        }
    }
}
