package io.parley.media.internal.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread that receives the datagrams of many endpoints without blocking. The
 * media server runs one or a few of these, never one per call.
 */
final class RtpReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtpReceiver.class);

    /** Handles one datagram; {@code data} is only valid during the call. */
    @FunctionalInterface
    interface DatagramHandler {
        void onDatagram(byte[] data, int length, InetSocketAddress source);
    }

    private record Registration(DatagramChannel channel, DatagramHandler handler) {
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);
    private volatile boolean running = true;

    RtpReceiver(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY - 1);
        thread.start();
    }

    /** Registers a non-blocking channel; registration happens on the selector thread. */
    void register(DatagramChannel channel, DatagramHandler handler) {
        pending.add(new Registration(channel, handler));
        selector.wakeup();
    }

    /** Lets the selector drop keys of channels just closed, which frees their sockets at once. */
    void wakeup() {
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                selector.select();
                Registration r;
                while ((r = pending.poll()) != null) {
                    try {
                        r.channel().register(selector, SelectionKey.OP_READ, r.handler());
                    } catch (ClosedChannelException closedBeforeRegistration) {
                        // the call ended before its first select: nothing to do
                    }
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    try {
                        if (key.isValid() && key.isReadable()) {
                            drain(key);
                        }
                    } catch (CancelledKeyException closedMeanwhile) {
                        // the endpoint was closed by another thread after select: nothing to read
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the receive thread serves every call: it must survive anything one call does
                if (running) {
                    LOG.warn("RTP selector failed: {}", e.toString());
                }
            }
        }
    }

    private void drain(SelectionKey key) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        DatagramHandler handler = (DatagramHandler) key.attachment();
        // bounded so that one flooding peer cannot starve the other endpoints of this thread
        for (int i = 0; i < 32; i++) {
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) channel.receive(buffer);
            } catch (IOException closedMeanwhile) {
                return;
            }
            if (source == null) {
                return;
            }
            try {
                handler.onDatagram(buffer.array(), buffer.position(), source);
            } catch (RuntimeException e) {
                LOG.error("RTP handler failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(1000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("closing selector: {}", e.toString());
        }
    }
}
