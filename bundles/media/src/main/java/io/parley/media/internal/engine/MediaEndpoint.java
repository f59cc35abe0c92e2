package io.parley.media.internal.engine;

import io.parley.api.media.Codec;
import io.parley.api.media.DigitCollectResult;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.DtmfListener;
import io.parley.api.media.EndpointStats;
import io.parley.api.media.MediaDirection;
import io.parley.api.media.MediaException;
import io.parley.api.media.NegotiatedMedia;
import io.parley.api.media.PlaybackResult;
import io.parley.api.media.Player;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.internal.codec.G711;
import io.parley.media.internal.dtmf.DtmfReceiver;
import io.parley.media.internal.dtmf.DtmfSender;
import io.parley.media.internal.dtmf.TelephoneEvent;
import io.parley.media.internal.rtp.RtpPacket;
import io.parley.media.internal.sdp.OfferAnswer;
import io.parley.media.internal.sdp.SdpFormat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTP session of a call leg. Two kinds of thread touch it, each on its own part: the clock
 * thread of its slot ({@link #onReceiveTick}: reading the sockets, latching, statistics, playout
 * buffer, DTMF; {@link #onSendTick}: the frame sent this tick) and callers (SDP, player,
 * collection, close).
 *
 * <p>Once a peer is latched, its RTP goes through a second socket bound to the same port and
 * connected to that peer: sending on a connected UDP socket skips the kernel's per-datagram
 * route and address work, and the kernel delivers the peer's datagrams to the connected socket
 * (its lookup prefers the socket that matches the source exactly) while datagrams from anyone
 * else still reach the endpoint's own unconnected socket, where they are seen, counted as
 * discarded and can re-latch the endpoint once the peer has been quiet (symmetric RTP: a NAT
 * rebinding or a re-INVITE moving the stream). A re-latch replaces the connected socket.
 */
final class MediaEndpoint implements RtpEndpoint {
    static final int FRAME = PlayoutBuffer.FRAME;
    /** The latched source may change after it has been quiet this long (re-INVITE, NAT rebinding). */
    private static final long RELATCH_AFTER_NANOS = 1_000_000_000L;
    private static final int TYPE_AHEAD_LIMIT = 64;
    private static final Logger LOG = LoggerFactory.getLogger(MediaEndpoint.class);
    /** One receive buffer per clock thread. */
    private static final ThreadLocal<ByteBuffer> RECEIVE_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(2048));

    private final MediaEngine engine;
    private final String label;
    private final int port;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final InetSocketAddress local;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    private long sessionVersion;
    private MediaDirection offeredDirection = MediaDirection.SENDRECV;

    // negotiated state, written by callers, read by the clock
    private volatile NegotiatedMedia negotiated;
    private volatile Codec sendCodec = Codec.PCMU;
    private volatile int telephoneEventPt;
    private volatile MediaDirection direction = MediaDirection.SENDRECV;
    private volatile InetSocketAddress sendTo;
    private volatile InetSocketAddress rtcpTo;

    // clock thread, receive
    private final PlayoutBuffer playout;
    private final DtmfReceiver dtmfReceiver = new DtmfReceiver(this::onKey);
    private volatile InetSocketAddress latched;
    private long lastFromLatched;
    /** The socket connected to the latched peer, or null; opened by the clock thread, closed by close(). */
    private volatile DatagramChannel peerChannel;
    /** The address peerChannel is connected to. */
    private volatile InetSocketAddress peerAddress;
    /** A newly latched source whose connected socket the clock opens after this slot's reads. */
    private InetSocketAddress connectPending;
    /** An address to latch at once (the device that answered, not the one whose early media we latched). */
    private volatile InetSocketAddress relatchTo;
    private boolean seqStarted;
    private long sourceSsrc;
    private int baseSeq;
    private int maxSeq;
    private long cycles;
    private long expectedBefore;
    private volatile long packetsReceived;
    private volatile long packetsExpected;
    private volatile long packetsDiscarded;
    // reception report state (RTCP), clock thread
    private long jitter16;                 // interarrival jitter x 16, timestamp units
    private long lastTransit;
    private boolean haveTransit;
    private long priorExpected;
    private long priorReceived;
    private long peerSrNtpMiddle;
    private long peerSrNanos;

    // clock thread
    final short[] heard = new short[FRAME];
    final short[] sent = new short[FRAME];
    private final byte[] out = new byte[RtpPacket.HEADER_SIZE + FRAME];
    // direct, so the send does not copy through a temporary native buffer
    private final ByteBuffer outBuffer = ByteBuffer.allocateDirect(RtpPacket.HEADER_SIZE + FRAME);
    private final long ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
    private final long timestampBase = ThreadLocalRandom.current().nextLong(0, 0xFFFFFFFFL);
    private int sequence = ThreadLocalRandom.current().nextInt(0, 0x10000);
    private boolean firstPacket = true;
    private volatile long packetsSent;
    private long octetsSent;
    private long lastTick;
    private long lastReceiveTick = -1;

    // what the endpoint sends when no prompt plays: a bridge partner, hold music, or silence
    private final PromptPlayer player = new PromptPlayer();
    private volatile FrameSource feed;
    private final DtmfSender dtmfSender = new DtmfSender();

    // DTMF consumers
    private final List<DtmfListener> listeners = new CopyOnWriteArrayList<>();
    // audio consumers (a speech recognition): each gets a copy of every 20 ms heard
    private final List<java.util.function.Consumer<short[]>> audioListeners = new CopyOnWriteArrayList<>();
    private final Object keyLock = new Object();
    private final Deque<Character> typeAhead = new ArrayDeque<>();
    private DigitCollection collection;

    private MediaClock.Member clockMember;

    private volatile CallBridge bridge;
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();

    MediaEndpoint(MediaEngine engine, String label, int port, DatagramChannel rtp, DatagramChannel rtcp) throws IOException {
        this.engine = engine;
        this.label = label;
        this.port = port;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.local = (InetSocketAddress) rtp.getLocalAddress();
        this.playout = new PlayoutBuffer(engine.settings().playoutDelayMs());
        this.telephoneEventPt = engine.settings().telephoneEventPayloadType();
    }

    int port() {
        return port;
    }

    void joinClock(MediaClock.Member member) {
        this.clockMember = member;
    }

    MediaClock.Member clockMember() {
        return clockMember;
    }

    MediaEngine engine() {
        return engine;
    }

    DatagramChannel rtpChannel() {
        return rtp;
    }

    DatagramChannel rtcpChannel() {
        return rtcp;
    }

    // ---------------------------------------------------------------- SDP

    @Override
    public String label() {
        return label;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public synchronized String createOffer(MediaDirection dir) {
        checkOpen();
        offeredDirection = dir;
        return SdpFormat.format(OfferAnswer.offer(localMedia(), dir));
    }

    @Override
    public synchronized NegotiatedMedia applyAnswer(String answerSdp) {
        checkOpen();
        NegotiatedMedia n = OfferAnswer.applyAnswer(SdpFormat.parse(answerSdp), offeredDirection);
        apply(n);
        return n;
    }

    @Override
    public synchronized NegotiatedMedia applyAnswerFromNewPeer(String answerSdp) {
        checkOpen();
        NegotiatedMedia n = OfferAnswer.applyAnswer(SdpFormat.parse(answerSdp), offeredDirection);
        apply(n);
        InetSocketAddress remote = n.remote();
        if (remote.getAddress() != null && !remote.getAddress().isAnyLocalAddress() && remote.getPort() != 0) {
            // send there now; the clock thread latches it at its next tick (it owns the latch state)
            sendTo = remote;
            rtcpTo = new InetSocketAddress(remote.getAddress(), remote.getPort() + 1);
            relatchTo = remote;
        }
        return n;
    }

    @Override
    public synchronized String answer(String offerSdp) {
        checkOpen();
        OfferAnswer.Answer a = OfferAnswer.answer(SdpFormat.parse(offerSdp), localMedia());
        apply(a.negotiated());
        return SdpFormat.format(a.sdp());
    }

    private OfferAnswer.LocalMedia localMedia() {
        return new OfferAnswer.LocalMedia(engine.advertisedAddress(local), port, sessionId, sessionVersion++,
                engine.settings().telephoneEventPayloadType());
    }

    private void apply(NegotiatedMedia n) {
        negotiated = n;
        sendCodec = n.codec();
        if (n.hasTelephoneEvents()) {
            telephoneEventPt = n.telephoneEventPayloadType();
        }
        direction = n.direction();
        InetSocketAddress remote = n.remote();
        boolean usable = remote.getAddress() != null && !remote.getAddress().isAnyLocalAddress() && remote.getPort() != 0;
        // a latched source beats the SDP address (symmetric RTP); 0.0.0.0 is RFC 2543 hold
        if (latched == null) {
            sendTo = usable ? remote : null;
        }
        rtcpTo = usable ? new InetSocketAddress(remote.getAddress(), remote.getPort() + 1) : null;
        LOG.debug("{}: negotiated {} dtmf={} {} to {}", label, n.codec(), n.telephoneEventPayloadType(), n.direction(), remote);
    }

    @Override
    public Optional<NegotiatedMedia> negotiated() {
        return Optional.ofNullable(negotiated);
    }

    /** Sets the peer without SDP (tests, and legs whose address is known otherwise). */
    void connect(InetSocketAddress remote, Codec codec) {
        sendCodec = codec;
        sendTo = remote;
        rtcpTo = new InetSocketAddress(remote.getAddress(), remote.getPort() + 1);
    }

    Codec sendCodec() {
        return sendCodec;
    }

    // ---------------------------------------------------------------- clock thread, receive

    void onRtp(byte[] data, int length, InetSocketAddress source) {
        if (closed.get()) {
            return;
        }
        long payload = RtpPacket.locatePayload(data, 0, length);
        if (payload < 0) {
            packetsDiscarded++;
            return;
        }
        // when the slot's sockets were polled: one clock read per round, not per datagram
        long now = clockMember != null && clockMember.readNanos != 0 ? clockMember.readNanos : System.nanoTime();
        takeRelatch(now);
        InetSocketAddress current = latched;
        if (current == null || (!current.equals(source) && now - lastFromLatched > RELATCH_AFTER_NANOS)) {
            if (current != null) {
                LOG.info("{}: RTP source moved from {} to {}", label, current, source);
            }
            latched = source;
            sendTo = source;
            rtcpTo = new InetSocketAddress(source.getAddress(), source.getPort() + 1);
            connectPending = source;
        } else if (!current.equals(source)) {
            packetsDiscarded++;   // someone else while the latched peer is active
            return;
        }
        lastFromLatched = now;
        long packetSsrc = RtpPacket.ssrcAt(data, 0);
        long timestamp = RtpPacket.timestampAt(data, 0);
        int payloadType = RtpPacket.payloadTypeAt(data, 0);
        int from = (int) (payload >>> 32);
        int to = (int) payload;
        countSequence(packetSsrc, RtpPacket.sequenceAt(data, 0));
        if (payloadType == telephoneEventPt) {
            dtmfReceiver.onPacket(timestamp, Arrays.copyOfRange(data, from, to));
            return;
        }
        Codec codec = payloadType == Codec.PCMU.payloadType() ? Codec.PCMU
                : payloadType == Codec.PCMA.payloadType() ? Codec.PCMA : null;
        if (codec == null) {
            packetsDiscarded++;
            return;
        }
        updateJitter(timestamp, now);   // audio only: event packets repeat their start timestamp
        if (direction.receives()) {
            playout.write(packetSsrc, timestamp, codec, data, from, to - from);
        }
    }

    void onRtcp(byte[] data, int length, InetSocketAddress source) {
        if (RtcpReport.firstPacketType(data, length) < 0) {
            packetsDiscarded++;
            return;
        }
        // the peer's sender report: our reception reports say when we saw the last one (LSR, DLSR)
        long ntpMiddle = RtcpReport.senderReportNtpMiddle(data, length);
        if (ntpMiddle >= 0) {
            peerSrNtpMiddle = ntpMiddle;
            peerSrNanos = System.nanoTime();
        }
    }

    /**
     * RFC 3550 A.8 interarrival jitter. Arrival is when the clock read the socket, so jitter
     * below one 20 ms tick mostly reads as zero; larger delay variation shows.
     */
    private void updateJitter(long timestamp, long nowNanos) {
        long arrival = nowNanos / 125_000;   // 8 kHz timestamp units
        long transit = arrival - timestamp;
        if (haveTransit) {
            long d = Math.abs((int) (transit - lastTransit));
            if (d < 8000) {                   // ignore a timestamp jump (new talk spurt source)
                jitter16 += d - ((jitter16 + 8) >> 4);
            }
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** @return the reception report about the stream received, or null before the first packet */
    private RtcpReport.ReportBlock receptionReport() {
        if (!seqStarted) {
            return null;
        }
        long expected = packetsExpected;
        long received = packetsReceived;
        long expectedInterval = expected - priorExpected;
        long lostInterval = expectedInterval - (received - priorReceived);
        priorExpected = expected;
        priorReceived = received;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long dlsr = peerSrNanos == 0 ? 0 : (System.nanoTime() - peerSrNanos) * 65536 / 1_000_000_000L;
        return new RtcpReport.ReportBlock(sourceSsrc, fraction, expected - received, (cycles + maxSeq) & 0xFFFFFFFFL,
                jitter16 >> 4, peerSrNanos == 0 ? 0 : peerSrNtpMiddle, dlsr);
    }

    private void countSequence(long packetSsrc, int seq) {
        if (!seqStarted || packetSsrc != sourceSsrc) {
            haveTransit = false;
            if (seqStarted) {
                expectedBefore += cycles + maxSeq - baseSeq + 1;
            }
            seqStarted = true;
            sourceSsrc = packetSsrc;
            baseSeq = seq;
            maxSeq = seq;
            cycles = 0;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta != 0 && delta < 0x8000) {
                if (seq < maxSeq) {
                    cycles += 0x10000;
                }
                maxSeq = seq;
            }
        }
        packetsReceived++;
        packetsExpected = expectedBefore + cycles + maxSeq - baseSeq + 1;
    }

    private void onKey(char digit, Duration held) {
        for (DtmfListener l : listeners) {
            l.onDigit(digit, held);
        }
        player.interrupt(digit);
        boolean consumed;
        DigitCollection c;
        synchronized (keyLock) {
            c = collection;
        }
        consumed = c != null && c.onKey(digit);
        if (!consumed) {
            synchronized (keyLock) {
                if (typeAhead.size() == TYPE_AHEAD_LIMIT) {
                    typeAhead.pollFirst();
                }
                typeAhead.addLast(digit);
            }
        }
    }

    // ---------------------------------------------------------------- clock thread

    /** Receive, in the endpoint's slot of the tick, after its sockets were read: the 20 ms heard. */
    void onReceiveTick(long tick) {
        takeRelatch(System.nanoTime());
        InetSocketAddress connect = connectPending;
        if (connect != null) {
            connectPending = null;
            connectPeer(connect);
        }
        if (lastReceiveTick >= 0 && tick > lastReceiveTick + 1) {
            playout.skip((int) Math.min(Integer.MAX_VALUE, tick - lastReceiveTick - 1));
        }
        lastReceiveTick = tick;
        playout.read(heard);
        for (java.util.function.Consumer<short[]> l : audioListeners) {
            try {
                l.accept(heard.clone());
            } catch (RuntimeException e) {
                LOG.warn("{}: audio listener failed, removed", label, e);
                audioListeners.remove(l);
            }
        }
    }

    /** Latches the address {@link #applyAnswerFromNewPeer} named, as if it had just sent. Clock thread. */
    private void takeRelatch(long now) {
        InetSocketAddress to = relatchTo;
        if (to == null) {
            return;
        }
        relatchTo = null;
        InetSocketAddress current = latched;
        if (!to.equals(current)) {
            LOG.info("{}: RTP now to and from {} (answered), not {}", label, to, current);
            latched = to;
            sendTo = to;
            rtcpTo = new InetSocketAddress(to.getAddress(), to.getPort() + 1);
            connectPending = to;
        }
        lastFromLatched = now;
    }

    /**
     * Opens the socket connected to a newly latched peer: bound to the endpoint's own address
     * and port (SO_REUSEADDR, set on the sockets already bound there only for the time of the
     * bind, so no other socket can join the port afterwards), connected to the peer, read in
     * the endpoint's slot like the others. It replaces the socket of a previous peer. If it
     * cannot be opened the endpoint keeps sending from its unconnected socket.
     */
    private void connectPeer(InetSocketAddress peer) {
        if (closed.get() || !peer.equals(latched)) {
            return;
        }
        DatagramChannel previous = peerChannel;
        DatagramChannel ch = null;
        try {
            rtp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (previous != null) {
                previous.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(local);
            // Java drops what the socket received before connect(): only a datagram from the
            // peer that arrived in the microseconds between bind and connect, if any
            ch.connect(peer);
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: no connected socket for {}: {}", label, peer, e.toString());
            closeQuietly(ch);
            ch = null;
        } finally {
            clearReuse(rtp);
            if (previous != null) {
                clearReuse(previous);
            }
        }
        if (ch == null) {
            return;
        }
        if (!engine.clock().addChannel(clockMember, ch)) {
            closeQuietly(ch);   // the endpoint is closing
            return;
        }
        peerAddress = peer;
        peerChannel = ch;
        if (closed.get()) {
            closeQuietly(ch);   // closed while connecting: close() may not have seen it
        }
        if (previous != null) {
            engine.clock().removeChannel(clockMember, previous);
            closeQuietly(previous);
        }
        LOG.debug("{}: RTP to and from {} through a connected socket", label, peer);
    }

    private void clearReuse(DatagramChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
        } catch (IOException | RuntimeException closed) {
            // a closed socket holds no port
        }
    }

    /**
     * Reads one datagram waiting on the RTP, RTCP or connected peer socket. The clock calls it
     * in the endpoint's slot for each socket its selector reports readable: no thread is woken
     * per packet and an idle socket is not read.
     */
    void readOne(DatagramChannel channel) {
        ByteBuffer buffer = RECEIVE_BUFFER.get();
        buffer.clear();
        InetSocketAddress source;
        try {
            if (channel == rtp || channel == rtcp) {
                source = (InetSocketAddress) channel.receive(buffer);
            } else {
                // a connected socket receives only from its peer: read() needs no source address
                source = channel == peerChannel ? peerAddress : (InetSocketAddress) channel.getRemoteAddress();
                if (channel.read(buffer) <= 0) {
                    return;
                }
            }
        } catch (IOException closedOrIcmp) {
            return;
        }
        if (source == null) {
            return;
        }
        if (channel != rtcp) {
            onRtp(buffer.array(), buffer.position(), source);
        } else {
            onRtcp(buffer.array(), buffer.position(), source);
        }
    }

    /** SEND phase: decide this tick's frame and send it. */
    void onSendTick(long tick) {
        lastTick = tick;
        if (!player.fill(sent)) {
            FrameSource f = feed;
            (f != null ? f : FrameSource.SILENCE).fill(sent);
        }
        InetSocketAddress to = sendTo;
        if (to == null || !direction.sends()) {
            Arrays.fill(sent, (short) 0);   // nobody hears it: record silence
            int interval = engine.settings().rtcpIntervalTicks();
            if (interval > 0 && tick % interval == port % interval && rtcpTo != null && rtcp != null) {
                sendRtcp(RtcpReport.receiverReport(ssrc, label + "@parley", receptionReport()));
            }
            return;
        }
        long ts = (timestampBase + tick * FRAME) & 0xFFFFFFFFL;
        if (dtmfSender.busy()) {
            DtmfSender.Step step = dtmfSender.next(ts);
            if (step != null) {
                Arrays.fill(sent, (short) 0);
                int len = RtpPacket.writeFixed(out, 0, step.marker(), telephoneEventPt, sequence, step.timestamp(), ssrc);
                step.event().writeTo(out, len);
                for (int i = 0; i < DtmfSender.copies(step); i++) {
                    send(to, len + TelephoneEvent.SIZE, tick);
                }
                return;
            }
        }
        Codec codec = sendCodec;
        int len = RtpPacket.writeFixed(out, 0, firstPacket, codec.payloadType(), sequence, ts, ssrc);
        G711.encode(codec, sent, 0, FRAME, out, len);
        firstPacket = false;
        send(to, len + FRAME, tick);
        int interval = engine.settings().rtcpIntervalTicks();
        if (interval > 0 && tick % interval == port % interval && rtcpTo != null) {
            sendRtcp(ts);
        }
    }

    private void send(InetSocketAddress to, int length, long tick) {
        outBuffer.clear();
        outBuffer.put(out, 0, length).flip();
        try {
            DatagramChannel connected = peerChannel;
            if (connected != null && to.equals(peerAddress)) {
                connected.write(outBuffer);
            } else {
                rtp.send(outBuffer, to);
            }
            sequence = (sequence + 1) & 0xFFFF;
            packetsSent++;
            octetsSent += length - RtpPacket.HEADER_SIZE;
            engine.clock().recordSend(clockMember);
        } catch (IOException e) {
            // ICMP errors or a closing socket: the next tick tries again
            LOG.debug("{}: RTP send failed: {}", label, e.toString());
        }
    }

    private void sendRtcp(long ts) {
        if (rtcp == null) {
            return;
        }
        sendRtcp(RtcpReport.senderReport(ssrc, ts, packetsSent, octetsSent, label + "@parley", System.currentTimeMillis(),
                receptionReport()));
    }

    private void sendRtcp(byte[] report) {
        try {
            rtcp.send(ByteBuffer.wrap(report), rtcpTo);
        } catch (IOException e) {
            LOG.debug("{}: RTCP send failed: {}", label, e.toString());
        }
    }

    void setFeed(FrameSource source) {
        feed = source;
    }

    // ---------------------------------------------------------------- media operations

    @Override
    public Player player() {
        return player;
    }

    PromptPlayer promptPlayer() {
        return player;
    }

    @Override
    public DtmfCollector collectDigits(DigitCollectSpec spec) {
        checkOpen();
        DigitCollection previous;
        DigitCollection created;
        Character[] early;
        synchronized (keyLock) {
            previous = collection;
            DigitCollection[] self = new DigitCollection[1];
            created = new DigitCollection(spec, engine.timers(), () -> detach(self[0]));
            self[0] = created;
            collection = created;
            early = spec.useTypeAhead() ? typeAhead.toArray(new Character[0]) : new Character[0];
            typeAhead.clear();
        }
        if (previous != null) {
            previous.end(DigitCollectResult.Outcome.CANCELLED);
        }
        for (Character k : early) {
            if (!created.onKey(k)) {
                synchronized (keyLock) {
                    typeAhead.addLast(k);   // keys beyond what this collection wanted stay queued
                }
            }
        }
        created.start();
        return created;
    }

    /** @return true while a digit collection is running on this endpoint */
    boolean isCollectingDigits() {
        synchronized (keyLock) {
            return collection != null;
        }
    }

    private void detach(DigitCollection c) {
        synchronized (keyLock) {
            if (collection == c) {
                collection = null;
            }
        }
    }

    @Override
    public void sendDtmf(String digits) {
        checkOpen();
        dtmfSender.enqueue(digits);
    }

    @Override
    public AutoCloseable addDtmfListener(DtmfListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public AutoCloseable addAudioListener(java.util.function.Consumer<short[]> listener) {
        audioListeners.add(listener);
        return () -> audioListeners.remove(listener);
    }

    @Override
    public EndpointStats stats() {
        long expected = packetsExpected;
        long received = packetsReceived;
        return new EndpointStats(packetsSent, received, expected, Math.max(0, expected - received), packetsDiscarded, latched);
    }

    /** @return the peer the connected socket is connected to, or null while RTP goes out unconnected */
    InetSocketAddress connectedPeer() {
        DatagramChannel ch = peerChannel;
        return ch != null && ch.isOpen() && ch.isConnected() ? peerAddress : null;
    }

    long playoutReanchors() {
        return playout.reanchors();
    }

    CallBridge bridge() {
        return bridge;
    }

    void setBridge(CallBridge b) {
        bridge = b;
    }

    void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    void removeCloseHook(Runnable hook) {
        closeHooks.remove(hook);
    }

    // ---------------------------------------------------------------- life cycle

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new MediaException(MediaException.Kind.ENDPOINT_CLOSED, "endpoint " + label + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        engine.detach(this);
        closeQuietly(peerChannel);
        closeQuietly(rtp);
        closeQuietly(rtcp);
        engine.released(this);
        CallBridge b = bridge;
        if (b != null) {
            b.close();
        }
        for (Runnable hook : closeHooks) {
            hook.run();
        }
        player.endAll(PlaybackResult.Outcome.ENDPOINT_CLOSED);
        DigitCollection c;
        synchronized (keyLock) {
            c = collection;
        }
        if (c != null) {
            c.end(DigitCollectResult.Outcome.ENDPOINT_CLOSED);
        }
        dtmfSender.clear();
        EndpointStats s = stats();
        LOG.info("{}: RTP endpoint closed, port {} freed, sent {} received {} lost {}", label, port,
                s.packetsSent(), s.packetsReceived(), s.packetsLost());
    }

    private void closeQuietly(DatagramChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("{}: closing socket: {}", label, e.toString());
        }
    }

    @Override
    public String toString() {
        return "RtpEndpoint[" + label + " " + local + "]";
    }
}
