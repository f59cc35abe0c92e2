package io.parley.ivr.engine;

import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.LegInfo;
import io.parley.api.media.AudioClip;
import io.parley.api.media.Bridge;
import io.parley.api.media.DigitCollectResult;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.MediaServer;
import io.parley.api.media.Playback;
import io.parley.api.media.PlaybackResult;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Recorder;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.media.SessionDescription;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One fake call for engine tests: prompts finish at once, each collection takes the next
 * scripted keys ({@link #SILENT}: the caller never presses anything, so the wait lasts until the
 * call ends), speak returns silence; everything else is refused.
 */
final class FakeCall implements CallControl, MediaServer {

    static final String SILENT = "silent";
    final String id = "s-1";
    final Deque<String> keys = new ArrayDeque<>();
    final List<String> played = new ArrayList<>();
    volatile String hangupStatus;
    volatile boolean ended;
    final List<CompletableFuture<DigitCollectResult>> pending = new ArrayList<>();

    CallInfo info() {
        LegInfo a = new LegInfo("a", "inbound", "customer", "127.0.0.1:5060", ended ? LegInfo.ENDED : LegInfo.ANSWERED, 200,
                null, 0, 0, Instant.now(), null);
        return new CallInfo(id, 1000001, "inbound", "telephone", "008613900000001", "008602100000001",
                ended ? CallInfo.ENDED : CallInfo.ANSWERED, List.of(a), Instant.now(), "calling");
    }

    /** The caller hangs up. */
    synchronized void callerHangsUp() {
        ended = true;
        pending.forEach(f -> f.complete(new DigitCollectResult("", DigitCollectResult.Outcome.ENDPOINT_CLOSED)));
    }

    @Override
    public List<CallInfo> calls() {
        return List.of(info());
    }

    @Override
    public Optional<CallInfo> call(String callId) {
        return callId.equals(id) ? Optional.of(info()) : Optional.empty();
    }

    @Override
    public CallInfo answer(String callId) {
        return info();
    }

    /** What the caller says, 20 ms frames handed to an audio listener as soon as one is added; null: no media. */
    volatile List<short[]> callerAudio;

    @Override
    public RtpEndpoint media(String callId, String legId) {
        List<short[]> audio = callerAudio;
        if (audio == null) {
            throw new UnsupportedOperationException();
        }
        // only the audio tap of an endpoint: the frames go to the listener on a thread of their own, like the media clock
        return (RtpEndpoint) java.lang.reflect.Proxy.newProxyInstance(RtpEndpoint.class.getClassLoader(),
                new Class<?>[] {RtpEndpoint.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("addAudioListener")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    @SuppressWarnings("unchecked")
                    java.util.function.Consumer<short[]> listener = (java.util.function.Consumer<short[]>) args[0];
                    java.util.concurrent.atomic.AtomicBoolean removed = new java.util.concurrent.atomic.AtomicBoolean();
                    Thread t = new Thread(() -> {
                        for (short[] f : audio) {
                            if (removed.get()) {
                                return;
                            }
                            listener.accept(f.clone());
                        }
                    });
                    t.start();
                    return (AutoCloseable) () -> removed.set(true);
                });
    }

    @Override
    public synchronized Playback play(String callId, String legId, PlayRequest request) {
        played.add(legId + ":" + request.segments().get(0).samples().length);
        CompletableFuture<PlaybackResult> done = CompletableFuture.completedFuture(
                new PlaybackResult(PlaybackResult.Outcome.COMPLETED, null, Duration.ZERO));
        return new Playback() {
            @Override
            public CompletionStage<PlaybackResult> completion() {
                return done;
            }

            @Override
            public void stop() {
            }
        };
    }

    @Override
    public synchronized DtmfCollector collect(String callId, String legId, DigitCollectSpec spec) {
        String next = keys.isEmpty() ? "" : keys.poll();
        CompletableFuture<DigitCollectResult> f = new CompletableFuture<>();
        if (SILENT.equals(next) || ended) {
            pending.add(f);     // nothing pressed: waits for the hang-up
        } else {
            f.complete(new DigitCollectResult(next, next.isEmpty() ? DigitCollectResult.Outcome.FIRST_DIGIT_TIMEOUT
                    : DigitCollectResult.Outcome.MAX_DIGITS));
        }
        return new DtmfCollector() {
            @Override
            public CompletionStage<DigitCollectResult> result() {
                return f;
            }

            @Override
            public void cancel() {
                f.complete(new DigitCollectResult("", DigitCollectResult.Outcome.CANCELLED));
            }
        };
    }

    @Override
    public Dialing originate(Destination destination, String callerDisplay) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Dialing dial(String callId, Destination destination) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void bridge(String callId, String customerLegId, String otherLegId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Dialing transfer(String callId, String legId, Destination destination) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void hold(String callId, boolean onHold) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void hangupLeg(String callId, String legId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void hangup(String callId, String status) {
        if (!ended) {
            hangupStatus = status;
        }
        ended = true;
    }

    @Override
    public RtpEndpoint openEndpoint(String label) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Bridge bridge(RtpEndpoint customer, RtpEndpoint agent) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Recorder recordCall(RtpEndpoint customer, Path wavFile) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Recorder recordVoicemail(RtpEndpoint caller, Path wavFile, Duration maxDuration, Character stopKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SessionDescription parseSdp(String sdp) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String formatSdp(SessionDescription description) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized AudioClip speak(String text, String voice) {
        played.add("tts:" + text);
        return new AudioClip(new short[160]);
    }

    @Override
    public int openEndpointCount() {
        return 0;
    }

    @Override
    public int freePortPairs() {
        return 0;
    }
}
