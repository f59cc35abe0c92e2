package io.parley.sip.call;

import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.InboundCallHandler;
import io.parley.api.media.AudioClip;
import io.parley.api.media.MediaServer;
import io.parley.api.media.PlayRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an answered inbound call gets while no IVR engine has registered an
 * {@link InboundCallHandler}: the configured greeting spoken by the text-to-speech engine, then
 * hold music until the caller hangs up, or a hang-up ({@code inboundDefault} in
 * {@code etc/io.parley.sip.cfg}).
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
                AudioClip greeting = media.speak(settings.inboundGreeting(), null);
                prompt = calls.play(call.id(), leg, PlayRequest.once(greeting, false)).completion().toCompletableFuture();
            } catch (RuntimeException e) {
                // no TTS engine or the call has gone: go on without the greeting
                LOG.info("call {}: greeting not played ({})", call.id(), e.getMessage());
            }
        }
        prompt.whenCompleteAsync((r, e) -> {
            if (calls.call(call.id()).isEmpty()) {
                return;
            }
            if (CallSettings.PROMPT_THEN_HOLD.equals(settings.inboundDefault())) {
                try {
                    calls.play(call.id(), leg, PlayRequest.loop(holdMusic));
                } catch (RuntimeException ex) {
                    LOG.debug("call {}: hold music not played ({})", call.id(), ex.getMessage());
                }
            } else {
                calls.hangup(call.id(), CallStatus.IVR_ENDED);
            }
        }, executor);
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
