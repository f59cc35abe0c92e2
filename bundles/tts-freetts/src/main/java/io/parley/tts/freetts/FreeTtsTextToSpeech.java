package io.parley.tts.freetts;

import com.sun.speech.freetts.Voice;

import io.parley.api.speech.PcmAudio;
import io.parley.api.speech.TextToSpeech;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TextToSpeech} on FreeTTS, entirely in this JVM (no network, no sound device). Renders
 * 8 kHz mono 16-bit PCM: the 16 kHz {@code kevin16} voice goes through a low-pass resampler,
 * the 8 kHz {@code kevin} voice is used as is. Each prompt is rendered once per voice and text
 * and then served from a bounded cache; callers must not change the returned samples.
 *
 * <pre>{@code
 * TextToSpeech tts = new FreeTtsTextToSpeech(FreeTtsDefaults.DEFAULT_VOICE, 100, 2000);
 * PcmAudio a = tts.synthesize("Press one for sales", "en-US/kevin16");
 * }</pre>
 */
@Component(service = TextToSpeech.class, configurationPid = FreeTtsDefaults.PID)
@Designate(ocd = FreeTtsConfig.class)
public final class FreeTtsTextToSpeech implements TextToSpeech {
    private static final Logger LOG = LoggerFactory.getLogger(FreeTtsTextToSpeech.class);

    private final Map<String, Voice> voices;
    private final String defaultVoice;
    private final int maxTextLength;
    private final PromptCache cache;

    /** For DS: also loads the default voice in the background, so the first prompt does not wait for it. */
    @Activate
    public FreeTtsTextToSpeech(FreeTtsConfig config) {
        this(config.defaultVoice(), config.cacheEntries(), config.maxTextLength());
        Thread warmUp = new Thread(() -> {
            Voice v = voices.get(defaultVoice);
            synchronized (v) {
                if (!v.isLoaded()) {
                    long start = System.nanoTime();
                    v.allocate();
                    LOG.info("freetts voice {} loaded in {} ms", defaultVoice, (System.nanoTime() - start) / 1_000_000);
                }
            }
        }, "parley-tts-freetts-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * @param defaultVoice the voice used when a prompt names none
     * @param cacheEntries most prompts kept rendered
     * @param maxTextLength longest text accepted
     */
    public FreeTtsTextToSpeech(String defaultVoice, int cacheEntries, int maxTextLength) {
        this.voices = Collections.unmodifiableMap(Voices.load());
        if (!voices.containsKey(defaultVoice)) {
            throw new IllegalArgumentException("unknown default voice " + defaultVoice + "; offered: " + voices.keySet());
        }
        this.defaultVoice = defaultVoice;
        this.maxTextLength = maxTextLength;
        this.cache = new PromptCache(cacheEntries);
    }

    @Deactivate
    void deactivate() {
        for (Voice v : voices.values()) {
            synchronized (v) {
                if (v.isLoaded()) {
                    v.deallocate();
                }
            }
        }
    }

    @Override
    public String engine() {
        return "freetts";
    }

    @Override
    public Set<String> voices() {
        return voices.keySet();
    }

    @Override
    public String defaultVoice() {
        return defaultVoice;
    }

    @Override
    public PcmAudio synthesize(String text, String voice) {
        String id = voice == null || voice.isBlank() ? defaultVoice : voice;
        Voice v = voices.get(id);
        if (v == null) {
            throw new IllegalArgumentException("voice " + id + " is not offered by freetts; offered: " + voices.keySet());
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("nothing to say: the text is empty");
        }
        if (text.length() > maxTextLength) {
            throw new IllegalArgumentException("text of " + text.length() + " characters is longer than " + maxTextLength);
        }
        return cache.get(id, text, () -> render(v, id, text));
    }

    /** @return the number of prompts in the cache */
    int cachedPrompts() {
        return cache.size();
    }

    private static PcmAudio render(Voice v, String id, String text) {
        long start = System.nanoTime();
        short[] samples;
        int rate;
        // a FreeTTS voice renders one utterance at a time
        synchronized (v) {
            if (!v.isLoaded()) {
                v.allocate();
            }
            PcmCapture capture = new PcmCapture();
            v.setAudioPlayer(capture);
            if (!v.speak(text)) {
                throw new IllegalStateException("freetts could not render the text with " + id);
            }
            samples = capture.samples();
            rate = samples.length == 0 ? PcmAudio.SAMPLE_RATE : capture.sampleRate();
        }
        PcmAudio audio = new PcmAudio(Resampler.resample(samples, rate, PcmAudio.SAMPLE_RATE));
        LOG.debug("rendered {} ms of speech with {} in {} ms", audio.duration().toMillis(), id,
                (System.nanoTime() - start) / 1_000_000);
        return audio;
    }
}
