package io.parley.sip.call;

import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.InboundCallHandler;
import io.parley.api.media.AudioClip;
import io.parley.api.media.MediaServer;
import io.parley.api.media.Playback;
import io.parley.api.media.PlayRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an answered inbound call gets while no IVR engine has registered an
 * {@link InboundCallHandler}: the configured greeting spoken by the text-to-speech engine, then
 * hold music until the caller hangs up, or a hang-up ({@code inboundDefault} in
 * {@code etc/io.parley.sip.cfg}). Once a {@link CallControl} user bridges the call (an agent's
 * phone dialled and bridged with it, as the IVR or a test does), the call is no longer this
 * handler's: it plays and hangs up nothing more, so the caller hears the bridge partner and not
 * a late greeting or hold music (a prompt that plays takes the place of the bridged audio).
 */
final class DefaultInboundHandler implements InboundCallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultInboundHandler.class);

    private final CallControl calls;
    private final MediaServer media;
    private final CallSettings settings;
    private final Executor executor;
    private final AudioClip holdMusic = holdMusic();

    DefaultInboundHandler(CallControl calls, MediaServer media, CallSettings settings, Executor executor) {
        this.calls = calls;
        this.media = media;
        this.settings = settings;
        this.executor = executor;
    }

    @Override
    public void answered(CallInfo call, long numberId) {
        String leg = call.legs().get(0).id();
        CompletableFuture<?> prompt = CompletableFuture.completedFuture(null);
        if (!settings.inboundGreeting().isEmpty()) {
            try {
                // speaking takes a while: the call may have been bridged meanwhile
                AudioClip greeting = media.speak(settings.inboundGreeting(), null);
                Playback played = playWhileOurs(call.id(), leg, PlayRequest.once(greeting, false));
                if (played == null) {
                    return;
                }
                prompt = played.completion().toCompletableFuture();
            } catch (RuntimeException e) {
                // no TTS engine or the call has gone: go on without the greeting
                LOG.info("call {}: greeting not played ({})", call.id(), e.getMessage());
            }
        }
        prompt.whenCompleteAsync((r, e) -> {
            // the greeting also ends when a bridge stops it: then the call is someone else's
            if (!stillOurs(call.id())) {
                return;
            }
            if (CallSettings.PROMPT_THEN_HOLD.equals(settings.inboundDefault())) {
                try {
                    playWhileOurs(call.id(), leg, PlayRequest.loop(holdMusic));
                } catch (RuntimeException ex) {
                    LOG.debug("call {}: hold music not played ({})", call.id(), ex.getMessage());
                }
            } else {
                calls.hangup(call.id(), CallStatus.IVR_ENDED);
            }
        }, executor);
    }

    /**
     * Plays to the caller's leg while the call is still ours; returns the playback, or null if
     * the call was bridged (or ended) first. A bridge stops what plays when it is made, under the
     * call's lock, and only then reads BRIDGED: so a play that comes after the bridge's stop is
     * seen by the second check and stopped here.
     */
    private Playback playWhileOurs(String callId, String leg, PlayRequest request) {
        if (!stillOurs(callId)) {
            return null;
        }
        Playback playback = calls.play(callId, leg, request);
        if (!stillOurs(callId)) {
            playback.stop();
            return null;
        }
        return playback;
    }

    /** True while the call is live and only answered: not bridged or held by a {@link CallControl} user. */
    private boolean stillOurs(String callId) {
        return calls.call(callId).map(c -> CallInfo.ANSWERED.equals(c.state())).orElse(false);
    }

    /** Two soft chimes and a pause, 3 s: enough to tell a caller the line is alive. */
    private static AudioClip holdMusic() {
        short[] s = new short[3 * AudioClip.SAMPLE_RATE];
        tone(s, 0, 2400, 523.25);
        tone(s, 3200, 2400, 659.25);
        return new AudioClip(s);
    }

    private static void tone(short[] s, int from, int length, double hz) {
        for (int i = 0; i < length; i++) {
            double envelope = Math.min(1.0, Math.min(i, length - i) / 400.0);
            s[from + i] = (short) (4000 * envelope * Math.sin(2 * Math.PI * hz * i / AudioClip.SAMPLE_RATE));
        }
    }
}
