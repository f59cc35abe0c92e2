package io.parley.speech.pocketsphinx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.speech.SpeechRecognizer;
import io.parley.api.speech.WeightedWord;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The recogniser on the real Debian library and model, fed telephone-channel audio 20 ms at a
 * time as the media server hands it over.
 */
public class PocketSphinxRecognizerTest {

    private static final List<WeightedWord> MENU = List.of(new WeightedWord("billing", 1),
            new WeightedWord("support", 1), new WeightedWord("operator", 1));

    private static PocketSphinxRecognizer asr;

    @BeforeClass
    public static void load() {
        asr = new PocketSphinxRecognizer(PocketSphinxLibrary.load(), EngineSettings.debian(), 2);
    }

    @AfterClass
    public static void unload() {
        asr.deactivate();
    }

    private static Optional<String> hear(SpeechRecognizer.Session s, short[] pcm) {
        for (int i = 0; i < pcm.length; i += 160) {
            s.accept(Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 160)));
        }
        return s.finish();
    }

    @Test
    public void aMenuKeywordSpokenOverAG711LineIsRecognised() throws Exception {
        short[] pcm = TelephoneSpeech.say("kal", "I have a question about my billing");
        try (SpeechRecognizer.Session s = asr.open("en-US", MENU)) {
            assertEquals(Optional.of("billing"), hear(s, pcm));
        }
        short[] other = TelephoneSpeech.say("kal", "let me talk to an operator");
        try (SpeechRecognizer.Session s = asr.open("en-US", MENU)) {
            assertEquals(Optional.of("operator"), hear(s, other));
        }
        assertEquals("decoders go back to the pool", 0, asr.busy());
    }

    @Test
    public void aPhraseWithoutAKeywordIsNotUnderstood() throws Exception {
        short[] pcm = TelephoneSpeech.say("kal", "what time do you open tomorrow");
        try (SpeechRecognizer.Session s = asr.open("en-US", MENU)) {
            assertEquals(Optional.empty(), hear(s, pcm));
        }
    }

    @Test
    public void recognitionsBeyondTheLimitHearNothingAndTheLimitFreesAgain() throws Exception {
        short[] pcm = TelephoneSpeech.say("kal", "I need technical support please");
        SpeechRecognizer.Session a = asr.open("en-US", MENU);
        SpeechRecognizer.Session b = asr.open("en-US", MENU);
        try (SpeechRecognizer.Session third = asr.open("en-US", MENU)) {
            assertEquals("a third recognition on a limit of two hears nothing", Optional.empty(), hear(third, pcm));
        }
        a.close();
        assertEquals(Optional.of("support"), hear(b, pcm));
        b.close();
        try (SpeechRecognizer.Session again = asr.open("en-US", MENU)) {
            assertEquals(Optional.of("support"), hear(again, pcm));
        }
    }

    @Test
    public void wordsMissingFromTheDictionaryAreLeftOutAndTheOthersStillWork() throws Exception {
        short[] pcm = TelephoneSpeech.say("kal", "I have a question about my billing");
        List<WeightedWord> words = List.of(new WeightedWord("billing", 1), new WeightedWord("zqxparley", 10));
        try (SpeechRecognizer.Session s = asr.open("en-US", words)) {
            assertEquals(Optional.of("billing"), hear(s, pcm));
        }
    }

    @Test
    public void stoppingTheEngineEndsARunningRecognitionWithNothing() throws Exception {
        PocketSphinxRecognizer own = new PocketSphinxRecognizer(PocketSphinxLibrary.load(), EngineSettings.debian(), 1);
        short[] pcm = TelephoneSpeech.say("kal", "I have a question about my billing");
        SpeechRecognizer.Session s = own.open("en-US", MENU);
        for (int i = 0; i < pcm.length; i += 160) {
            s.accept(Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 160)));
        }
        own.deactivate();
        assertEquals(Optional.empty(), s.finish());
        assertTrue(own.recognitions() == 1);
    }
}
