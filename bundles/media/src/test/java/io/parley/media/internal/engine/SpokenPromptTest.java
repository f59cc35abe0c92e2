package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Codec;
import io.parley.api.media.MediaException;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.PlaybackResult;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.speech.PcmAudio;
import io.parley.api.speech.TextToSpeech;
import io.parley.media.testing.RtpPeer;
import io.parley.media.testing.Tones;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class SpokenPromptTest {
    private MediaEngine engine;

    /** Says every text as 0.5 s of 440 Hz, and remembers what it was asked. */
    private static final class ToneSpeech implements TextToSpeech {
        final PcmAudio audio = new PcmAudio(Tones.sine(440, 4000, 0, 8000));
        String lastText;
        String lastVoice;

        @Override
        public String engine() {
            return "tone";
        }

        @Override
        public Set<String> voices() {
            return Set.of("en-US/tone");
        }

        @Override
        public String defaultVoice() {
            return "en-US/tone";
        }

        @Override
        public PcmAudio synthesize(String text, String voice) {
            lastText = text;
            lastVoice = voice;
            return audio;
        }
    }

    @Before
    public void start() {
        engine = LoopbackEngine.start(31500, 31519, 60);
    }

    @After
    public void stop() {
        engine.close();
    }

    @Test
    public void speakingWithoutATextToSpeechEngineIsAClearError() {
        MediaException e = assertThrows(MediaException.class, () -> engine.speak("press one for sales", null));
        assertEquals(MediaException.Kind.TTS_UNAVAILABLE, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("parley-tts-freetts"));
    }

    @Test
    public void spokenPromptIsPlayedAsRtpLikeAnyClip() throws Exception {
        ToneSpeech tts = new ToneSpeech();
        engine.setTextToSpeech(tts);
        AudioClip clip = engine.speak("press one for sales", "en-US/tone");
        assertEquals("press one for sales", tts.lastText);
        assertEquals("en-US/tone", tts.lastVoice);
        assertSame("no copy of the cached samples", tts.audio.samples(), clip.samples());
        try (RtpPeer phone = new RtpPeer(); RtpEndpoint ep = engine.openEndpoint("player/tts")) {
            LoopbackEngine.connect(ep, phone.address(), Codec.PCMU);
            PlaybackResult r = ep.player().play(PlayRequest.once(clip, false))
                    .completion().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(PlaybackResult.Outcome.COMPLETED, r.outcome());
            assertEquals(Duration.ofMillis(500), r.played());
            Thread.sleep(100);
            long audible = phone.received().stream()
                    .filter(p -> !Tones.silent(Tones.decode(Codec.PCMU, p.packet().payload()))).count();
            assertEquals(25, audible);
        }
        engine.setTextToSpeech(null);
        assertThrows(MediaException.class, () -> engine.speak("again", null));
    }
}
