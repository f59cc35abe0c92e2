package io.parley.api.speech;

import java.util.Set;

/**
 * A text-to-speech engine that runs on the appliance. Prompts of {@code mode=tts} are
 * rendered through it; the media layer caches results by voice and text.
 *
 * <pre>{@code
 * PcmAudio hello = tts.synthesize("Welcome to Parley", tts.defaultVoice());
 * player.play(hello);
 * }</pre>
 */
public interface TextToSpeech {

    /** Engine name, e.g. {@code freetts}. */
    String engine();

    /** Voice ids this engine offers, e.g. {@code en-US/kevin16}. */
    Set<String> voices();

    String defaultVoice();

    /**
     * Renders text as 8 kHz mono PCM.
     *
     * @throws IllegalArgumentException when the voice is not offered
     */
    PcmAudio synthesize(String text, String voice);
}
