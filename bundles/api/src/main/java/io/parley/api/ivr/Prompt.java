package io.parley.api.ivr;

/**
 * What a caller hears (SPEC §0.3): either text to speak or an approved audio file.
 * {@code text} may hold {@code ${var}} placeholders, substituted when played.
 *
 * <pre>{@code
 * Prompt hello = Prompt.tts("Welcome to ${CompanyName}. Press one for sales.");
 * Prompt jingle = Prompt.audio("a-17");
 * }</pre>
 *
 * @param mode    {@code tts} or {@code audio}
 * @param text    0..600 characters when {@code tts}
 * @param voice   TTS voice id, or null for the instance default
 * @param audioId id of an approved audio file when {@code audio}
 */
public record Prompt(Mode mode, String text, String voice, String audioId) {

    public enum Mode { TTS, AUDIO }

    public static Prompt tts(String text) {
        return new Prompt(Mode.TTS, text, null, null);
    }

    public static Prompt audio(String audioId) {
        return new Prompt(Mode.AUDIO, null, null, audioId);
    }
}
