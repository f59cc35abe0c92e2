package io.parley.api.speech;

import java.util.Set;

/**
 * A text-to-speech engine that runs on the appliance, with no network. Prompts of
 * {@code mode=tts} are rendered through it. A provider caches its results by voice and text,
 * so a prompt is rendered once; callers get the same {@link PcmAudio} again and must not change
 * its samples. Implementations are thread-safe. The media server offers it to call logic as
 * {@code MediaServer.speak(text, voice)}.
 *
 * <pre>{@code
 * PcmAudio hello = tts.synthesize("Welcome to Parley", tts.defaultVoice());
 * player.play(PlayRequest.once(new AudioClip(hello.samples()), true));
 * }</pre>
 */
public interface TextToSpeech {

    /** Engine name, e.g. {@code freetts}. */
    String engine();

    /** Voice ids this engine offers, e.g. {@code en-US/kevin16}. */
    Set<String> voices();

    String defaultVoice();

    /**
     * Renders text as 8 kHz mono 16-bit PCM (may take a fraction of a second the first time;
     * cached afterwards).
     *
     * @param text what to say, not blank
     * @param voice one of {@link #voices()}, or {@code null} for {@link #defaultVoice()}
     * @throws IllegalArgumentException when the voice is not offered or the text is blank or too long
     */
    PcmAudio synthesize(String text, String voice);
}
