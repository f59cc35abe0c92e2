package io.parley.sip.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.LegInfo;
import io.parley.api.media.AudioClip;
import io.parley.api.media.MediaServer;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Playback;
import io.parley.api.media.PlaybackResult;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/**
 * What the default handler of an answered inbound call plays, and that it stops being the call's
 * owner once a CallControl user bridges the call: a bridge made while the greeting is spoken,
 * while it plays, or between the handler's check and its play leaves the caller with the bridge
 * partner, not a greeting or hold music over it (a playing prompt takes the bridged audio's place).
 * CallControl and the media server are fakes that record; SipCallFeaturesIT proves the carrier
 * call it fixes (a carrier's call dialled to a phone and bridged hears the phone, not the music).
 */
public class DefaultInboundHandlerTest {

    private static final AudioClip GREETING = new AudioClip(new short[] {7, 7, 7});

    /** The call's state as CallControl reports it; the tests move it to BRIDGED where a bridge would. */
    private final AtomicReference<String> state = new AtomicReference<>(CallInfo.ANSWERED);
    private final List<PlayRequest> played = new ArrayList<>();
    private final List<CompletableFuture<PlaybackResult>> completions = new ArrayList<>();
    private final List<String> stopped = new ArrayList<>();
    private final List<String> hungUp = new ArrayList<>();
    /** Runs inside CallControl.play, before it returns (a bridge landing right then). */
    private Runnable duringPlay = () -> { };
    /** Runs inside MediaServer.speak (a bridge made while the greeting is synthesized). */
    private Runnable duringSpeak = () -> { };

    @Test
    public void anAnsweredCallHearsTheGreetingThenHoldMusic() {
        handler(CallSettings.PROMPT_THEN_HOLD).answered(call(), 1);
        assertEquals(1, played.size());
        assertEquals(List.of(GREETING), played.get(0).segments());
        assertEquals(1, played.get(0).playCount());

        completions.get(0).complete(null);
        assertEquals(2, played.size());
        assertTrue(played.get(1).toString(), played.get(1).loops());
        assertEquals(List.of(), stopped);
        assertEquals(List.of(), hungUp);
    }

    @Test
    public void withoutABridgePromptThenHangupEndsTheCallAfterTheGreeting() {
        handler(CallSettings.PROMPT_THEN_HANGUP).answered(call(), 1);
        completions.get(0).complete(null);
        assertEquals(1, played.size());
        assertEquals(List.of(CallStatus.IVR_ENDED), hungUp);
    }

    @Test
    public void aCallBridgedWhileTheGreetingPlaysGetsNoHoldMusicAndIsNotHungUp() {
        for (String inboundDefault : List.of(CallSettings.PROMPT_THEN_HOLD, CallSettings.PROMPT_THEN_HANGUP)) {
            played.clear();
            completions.clear();
            state.set(CallInfo.ANSWERED);
            handler(inboundDefault).answered(call(), 1);
            assertEquals(1, played.size());
            // the bridge stops the greeting: its playback completes with the call bridged
            state.set(CallInfo.BRIDGED);
            completions.get(0).complete(null);
            assertEquals(inboundDefault, 1, played.size());
            assertEquals(inboundDefault, List.of(), hungUp);
        }
    }

    @Test
    public void aCallBridgedWhileTheGreetingIsSpokenHearsNoGreeting() {
        duringSpeak = () -> state.set(CallInfo.BRIDGED);
        handler(CallSettings.PROMPT_THEN_HOLD).answered(call(), 1);
        assertEquals(List.of(), played);
        assertEquals(List.of(), hungUp);
    }

    @Test
    public void aBridgeBetweenTheCheckAndThePlayStopsThatPlay() {
        // the bridge's own stop came before this play: the handler must stop it itself
        duringPlay = () -> state.set(CallInfo.BRIDGED);
        handler(CallSettings.PROMPT_THEN_HOLD).answered(call(), 1);
        assertEquals(1, played.size());
        assertEquals(List.of("playback 0"), stopped);
        assertEquals(List.of(), hungUp);
        // and the stopped greeting starts no hold music
        completions.get(0).complete(null);
        assertEquals(1, played.size());
    }

    @Test
    public void aCallThatEndedDuringTheGreetingGetsNothingMore() {
        handler(CallSettings.PROMPT_THEN_HANGUP).answered(call(), 1);
        state.set(null);
        completions.get(0).complete(null);
        assertEquals(1, played.size());
        assertEquals(List.of(), hungUp);
    }

    private DefaultInboundHandler handler(String inboundDefault) {
        CallControl calls = fake(CallControl.class, (name, args) -> switch (name) {
            case "call" -> state.get() == null ? Optional.empty() : Optional.of(info(state.get()));
            case "play" -> {
                played.add((PlayRequest) args[2]);
                CompletableFuture<PlaybackResult> done = new CompletableFuture<>();
                completions.add(done);
                String id = "playback " + (completions.size() - 1);
                duringPlay.run();
                yield new Playback() {
                    @Override
                    public CompletionStage<PlaybackResult> completion() {
                        return done;
                    }

                    @Override
                    public void stop() {
                        stopped.add(id);
                    }
                };
            }
            case "hangup" -> {
                hungUp.add((String) args[1]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(name);
        });
        MediaServer media = fake(MediaServer.class, (name, args) -> {
            duringSpeak.run();
            return GREETING;
        });
        return new DefaultInboundHandler(calls, media, new CallSettings(60, inboundDefault, "Welcome."), Runnable::run);
    }

    private static CallInfo call() {
        return info(CallInfo.ANSWERED);
    }

    private static CallInfo info(String state) {
        LegInfo a = new LegInfo("a", "trunk", "008613500000000", "127.0.0.2:5060", LegInfo.ANSWERED, 200, null, 0, 0,
                Instant.EPOCH);
        return new CallInfo("c1", 7, "inbound", "telephone", "008613500000000", "0086021000000", state, List.of(a),
                Instant.EPOCH, null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(DefaultInboundHandlerTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "fake " + type.getSimpleName() : null;
                    }
                    return answer.answer(method.getName(), args);
                });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }
}
