package io.parley.ivr.node.common;

import io.parley.api.ivr.Prompt;
import java.util.Map;
import java.util.Optional;

/**
 * The Prompt object of SPEC §0.3 as node parameters carry it:
 * {@code {"mode":"tts","text":"Press one …","voice":"en-US/voice1"}} or
 * {@code {"mode":"audio","audio_id":"a-17"}}.
 *
 * <pre>{@code
 * Optional<Prompt> menu = params.get(new Param.PromptObject("prompt", true, false, "menu announcement"));
 * }</pre>
 */
public final class Prompts {

    /** The longest TTS text, SPEC §0.3. */
    public static final int MAX_TEXT = 600;
    /** The value a to_external prompt may take instead of a Prompt object (SPEC §8.9). */
    public static final String SYSTEM_HOLD_MUSIC = "system_hold_music";

    private static final Param.Choice MODE = new Param.Choice("mode", "tts", java.util.List.of("tts", "audio"), "");
    private static final Param.Text VOICE = new Param.Text("voice", false, 64, null, null, "");
    private static final Param.Text AUDIO_ID = new Param.Text("audio_id", true, 64, null, null, "");

    private Prompts() {
    }

    static Optional<Prompt> read(Params object, Map<String, String> audioReferences) {
        String mode = object.get(MODE);
        if ("audio".equals(mode)) {
            object.raw("text");
            object.raw("voice");
            Optional<String> id = object.get(AUDIO_ID);
            id.ifPresent(a -> audioReferences.put(object.path("audio_id"), a));
            return id.map(Prompt::audio);
        }
        Object text = object.raw("text");
        object.raw("audio_id");
        Optional<String> voice = object.get(VOICE);
        if (text == null) {
            object.problem("text", "is required");
            return Optional.empty();
        }
        if (!(text instanceof String s)) {
            object.problem("text", "must be a string");
            return Optional.empty();
        }
        if (s.length() > MAX_TEXT) {
            object.problem("text", "must be at most " + MAX_TEXT + " characters");
            return Optional.empty();
        }
        return Optional.of(new Prompt(Prompt.Mode.TTS, s, voice.orElse(null), null));
    }
}
