package io.parley.tts.freetts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.parley.api.speech.PcmAudio;

import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class FreeTtsTextToSpeechTest {
    private static FreeTtsTextToSpeech tts;

    @BeforeClass
    public static void allocate() {
        tts = new FreeTtsTextToSpeech(FreeTtsDefaults.DEFAULT_VOICE, 10, 500);
    }

    @AfterClass
    public static void release() {
        tts.deactivate();
    }

    @Test
    public void offersKevinVoicesWithKevin16ByDefault() {
        assertEquals("freetts", tts.engine());
        assertEquals(Set.of("en-US/kevin16", "en-US/kevin"), tts.voices());
        assertEquals("en-US/kevin16", tts.defaultVoice());
    }

    @Test
    public void pressOneForSalesLastsAboutASecondAndIsNotSilent() {
        PcmAudio audio = tts.synthesize("press one for sales", "en-US/kevin16");
        long ms = audio.duration().toMillis();
        assertTrue("duration " + ms + " ms", ms >= 800 && ms <= 4000);
        double rms = rms(audio.samples());
        assertTrue("rms " + rms, rms > 500);
    }

    @Test
    public void eightKilohertzVoiceNeedsNoResamplingAndSpeaksToo() {
        PcmAudio audio = tts.synthesize("press one for sales", "en-US/kevin");
        long ms = audio.duration().toMillis();
        assertTrue("duration " + ms + " ms", ms >= 800 && ms <= 4000);
        assertTrue(rms(audio.samples()) > 500);
    }

    @Test
    public void longerTextTakesLonger() {
        long shortMs = tts.synthesize("sales", null).duration().toMillis();
        long longMs = tts.synthesize("thank you for calling, all our agents are busy, please hold", null)
                .duration().toMillis();
        assertTrue(shortMs + " vs " + longMs, longMs > 3 * shortMs);
    }

    @Test
    public void secondRequestForTheSamePromptIsACacheHit() {
        PcmAudio first = tts.synthesize("press two for support", "en-US/kevin16");
        PcmAudio again = tts.synthesize("press two for support", "en-US/kevin16");
        assertSame(first, again);
        PcmAudio otherVoice = tts.synthesize("press two for support", "en-US/kevin");
        assertTrue(otherVoice != first);
    }

    @Test
    public void nullVoiceMeansTheDefaultVoiceAndSharesItsCacheEntry() {
        PcmAudio byDefault = tts.synthesize("goodbye", null);
        assertSame(byDefault, tts.synthesize("goodbye", "en-US/kevin16"));
    }

    @Test
    public void cacheIsBounded() {
        FreeTtsTextToSpeech small = new FreeTtsTextToSpeech(FreeTtsDefaults.DEFAULT_VOICE, 2, 100);
        small.synthesize("one", null);
        small.synthesize("two", null);
        small.synthesize("three", null);
        assertEquals(2, small.cachedPrompts());
    }

    @Test
    public void rejectsUnknownVoiceEmptyTextAndTooLongText() {
        assertThrows(IllegalArgumentException.class, () -> tts.synthesize("hello", "fr-FR/marie"));
        assertThrows(IllegalArgumentException.class, () -> tts.synthesize(" ", null));
        assertThrows(IllegalArgumentException.class, () -> tts.synthesize("x".repeat(501), null));
    }

    static double rms(short[] s) {
        double sum = 0;
        for (short v : s) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / Math.max(1, s.length));
    }
}
