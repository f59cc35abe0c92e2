package io.parley.media.internal.engine;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Bridge;
import io.parley.api.media.MediaException;
import io.parley.api.media.MediaServer;
import io.parley.api.media.Recorder;
import io.parley.api.media.RecordingResult.EndReason;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.media.SessionDescription;
import io.parley.api.speech.PcmAudio;
import io.parley.api.speech.TextToSpeech;
import io.parley.media.internal.record.WavFile;
import io.parley.media.internal.rtp.PortAllocator;
import io.parley.media.internal.sdp.SdpFormat;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media server without OSGi: port range, the one clock, the receiver threads, a timer
 * thread for DTMF timeouts and a writer thread for recordings, and every open endpoint.
 * {@link MediaServerComponent} publishes it as the {@link MediaServer} service; tests and the
 * benchmark create it directly.
 */
public final class MediaEngine implements MediaServer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaEngine.class);

    private final MediaSettings settings;
    private final PortAllocator ports;
    private final MediaClock clock;
    private final ScheduledExecutorService timers;
    private final ExecutorService recordingWriter;
    private final Set<MediaEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final AudioClip holdMusic = HoldMusic.create();
    private final InetAddress bindAddress;
    private final String derivedAddress;
    private volatile TextToSpeech textToSpeech;

    public MediaEngine(MediaSettings settings) {
        this.settings = settings;
        this.ports = new PortAllocator(settings.rtpPortMin(), settings.rtpPortMax());
        try {
            this.bindAddress = InetAddress.getByName(settings.bindAddress());
        } catch (IOException e) {
            throw new MediaException(MediaException.Kind.IO, "bind address " + settings.bindAddress() + " is not an address");
        }
        this.derivedAddress = deriveAdvertisedAddress(bindAddress);
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("parley-media-timers"));
        this.recordingWriter = Executors.newSingleThreadExecutor(daemon("parley-media-recording-writer"));
        this.clock = new MediaClock(settings.clockWorkers());
        LOG.info("media server started: RTP {}-{} on {} ({} port pairs), SDP address {}", ports.minPort(), ports.maxPort(),
                settings.bindAddress(), ports.capacity(), derivedAddress);
    }

    @Override
    public RtpEndpoint openEndpoint(String label) {
        PortAllocator.Allocation<DatagramChannel[]> a = ports.allocate(this::bindPair);
        if (a == null) {
            throw new MediaException(MediaException.Kind.PORTS_EXHAUSTED,
                    "no free RTP port pair in " + ports.minPort() + "-" + ports.maxPort());
        }
        DatagramChannel[] pair = a.bound();
        MediaEndpoint e;
        try {
            e = new MediaEndpoint(this, label, a.rtpPort(), pair[0], pair[1]);
        } catch (IOException ex) {
            closeQuietly(pair[0]);
            closeQuietly(pair[1]);
            ports.release(a.rtpPort());
            throw new MediaException(MediaException.Kind.IO, "cannot open endpoint: " + ex.getMessage());
        }
        endpoints.add(e);
        e.joinClock(clock.join(e::onReceiveTick, e::onSendTick, e::readOne, pair[0], pair[1]));
        LOG.debug("{}: RTP endpoint open on {}", label, e.localAddress());
        return e;
    }

    private DatagramChannel[] bindPair(int port) throws IOException {
        DatagramChannel rtp = DatagramChannel.open();
        try {
            rtp.bind(new InetSocketAddress(bindAddress, port));
            rtp.configureBlocking(false);
            DatagramChannel rtcp = DatagramChannel.open();
            try {
                rtcp.bind(new InetSocketAddress(bindAddress, port + 1));
                rtcp.configureBlocking(false);
                return new DatagramChannel[] {rtp, rtcp};
            } catch (IOException e) {
                closeQuietly(rtcp);
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(rtp);
            throw e instanceof BindException ? e : new BindException(e.getMessage());
        }
    }

    @Override
    public Bridge bridge(RtpEndpoint customer, RtpEndpoint agent) {
        MediaEndpoint c = own(customer);
        MediaEndpoint a = own(agent);
        if (c == a) {
            throw new IllegalArgumentException("cannot bridge an endpoint with itself");
        }
        for (MediaEndpoint e : List.of(c, a)) {
            if (e.isClosed()) {
                throw new MediaException(MediaException.Kind.ENDPOINT_CLOSED, "endpoint " + e.label() + " is closed");
            }
            CallBridge old = e.bridge();
            if (old != null) {
                old.close();
            }
        }
        return new CallBridge(this, c, a);
    }

    @Override
    public Recorder recordCall(RtpEndpoint customer, Path wavFile) {
        return startRecorder(own(customer), wavFile, 2, 0, null);
    }

    @Override
    public Recorder recordVoicemail(RtpEndpoint caller, Path wavFile, Duration maxDuration, Character stopKey) {
        long maxTicks = Math.max(1, maxDuration.toMillis() / 20);
        return startRecorder(own(caller), wavFile, 1, maxTicks, stopKey);
    }

    private Recorder startRecorder(MediaEndpoint e, Path file, int channels, long maxTicks, Character stopKey) {
        if (e.isClosed()) {
            throw new MediaException(MediaException.Kind.ENDPOINT_CLOSED, "endpoint " + e.label() + " is closed");
        }
        WavFile wav;
        try {
            wav = WavFile.create(file, channels);
        } catch (IOException ex) {
            throw new MediaException(MediaException.Kind.IO, "cannot create recording " + file + ": " + ex.getMessage());
        }
        AutoCloseable[] keySubscription = new AutoCloseable[1];
        Runnable[] closeHook = new Runnable[1];
        TrackRecorder[] self = new TrackRecorder[1];
        TrackRecorder rec = new TrackRecorder(e, file, wav, maxTicks, recordingWriter, () -> {
            clock.removeRecorder(e.clockMember(), self[0]);
            e.removeCloseHook(closeHook[0]);
            if (keySubscription[0] != null) {
                try {
                    keySubscription[0].close();
                } catch (Exception ignored) {
                    // removing a listener cannot fail
                }
            }
        });
        self[0] = rec;
        closeHook[0] = () -> rec.end(EndReason.ENDPOINT_CLOSED);
        e.onClose(closeHook[0]);
        if (stopKey != null) {
            keySubscription[0] = e.addDtmfListener((digit, held) -> {
                if (digit == stopKey) {
                    rec.end(EndReason.STOP_KEY);
                }
            });
        }
        clock.addRecorder(e.clockMember(), rec);
        if (e.isClosed()) {
            rec.end(EndReason.ENDPOINT_CLOSED);   // closed while we were setting up
        }
        LOG.info("{}: recording to {} ({} channel{})", e.label(), file, channels, channels == 2 ? "s" : "");
        return rec;
    }

    @Override
    public SessionDescription parseSdp(String sdp) {
        return SdpFormat.parse(sdp);
    }

    @Override
    public String formatSdp(SessionDescription description) {
        return SdpFormat.format(description);
    }

    /**
     * @param tts the text-to-speech engine {@link #speak} renders with, or {@code null} when
     *        none is installed (any more)
     */
    public void setTextToSpeech(TextToSpeech tts) {
        this.textToSpeech = tts;
    }

    @Override
    public AudioClip speak(String text, String voice) {
        TextToSpeech tts = textToSpeech;
        if (tts == null) {
            throw new MediaException(MediaException.Kind.TTS_UNAVAILABLE,
                    "no text-to-speech engine is installed (feature parley-tts-freetts); cannot say: " + text);
        }
        PcmAudio audio = tts.synthesize(text, voice);
        return new AudioClip(audio.samples());
    }

    @Override
    public int openEndpointCount() {
        return endpoints.size();
    }

    @Override
    public int freePortPairs() {
        return ports.freePairs();
    }

    // ---- for the endpoint, tests and the benchmark

    MediaSettings settings() {
        return settings;
    }

    MediaClock clock() {
        return clock;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    AudioClip holdMusic() {
        return holdMusic;
    }

    /** @return the p-quantile of outgoing packet lateness against the 20 ms clock, in ms */
    public double sendLatenessMillis(double quantile) {
        return clock.latenessMillis(quantile);
    }

    public long packetsTimed() {
        return clock.packetsTimed();
    }

    public void resetLateness() {
        clock.resetLateness();
    }

    public long skippedTicks() {
        return clock.skippedTicks();
    }

    /** Sets an endpoint's peer without SDP (tests and benchmark). */
    public static void connect(RtpEndpoint endpoint, InetSocketAddress remote, io.parley.api.media.Codec codec) {
        ((MediaEndpoint) endpoint).connect(remote, codec);
    }

    String advertisedAddress(InetSocketAddress local) {
        return settings.advertisedAddress().isEmpty() ? derivedAddress : settings.advertisedAddress();
    }

    void detach(MediaEndpoint e) {
        clock.leave(e.clockMember());
        endpoints.remove(e);
    }

    /** The endpoint's sockets are closed: its ports go back to the pool. */
    void released(MediaEndpoint e) {
        ports.release(e.port());
    }

    private MediaEndpoint own(RtpEndpoint e) {
        if (e instanceof MediaEndpoint m && m.engine() == this) {
            return m;
        }
        throw new IllegalArgumentException("endpoint " + e + " does not belong to this media server");
    }

    @Override
    public void close() {
        List<MediaEndpoint> open = new ArrayList<>(endpoints);
        open.forEach(MediaEndpoint::close);
        clock.close();
        timers.shutdownNow();
        recordingWriter.shutdown();
        try {
            if (!recordingWriter.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("recordings still being written at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("media server stopped, {} endpoints closed", open.size());
    }

    private static String deriveAdvertisedAddress(InetAddress bind) {
        if (!bind.isAnyLocalAddress()) {
            return bind.getHostAddress();
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list network interfaces ({}); SDP will say 127.0.0.1, set advertisedAddress", e.getMessage());
        }
        return "127.0.0.1";
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing an unbound socket
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
