package io.parley.api.ivr;

import java.util.Optional;

/**
 * What a caller answered to a question that takes speech or a key (SPEC §8.4): the final
 * recognition hypothesis, or the DTMF key pressed first, or nothing (silence until the
 * timeout, or the caller hung up).
 *
 * <pre>{@code
 * CallerInput in = ctx.listen(Prompt.tts("Say sales or support"), Duration.ofSeconds(10));
 * if (in.key().isPresent()) { ... } else if (in.speech().isPresent()) { ... } else { ... timeout ... }
 * }</pre>
 *
 * @param speech the recognised utterance, if the caller spoke
 * @param key    the key pressed, if the caller pressed one before speaking
 */
public record CallerInput(Optional<String> speech, Optional<Character> key) {

    public static CallerInput nothing() {
        return new CallerInput(Optional.empty(), Optional.empty());
    }

    public static CallerInput spoke(String utterance) {
        return new CallerInput(Optional.of(utterance), Optional.empty());
    }

    public static CallerInput pressed(char key) {
        return new CallerInput(Optional.empty(), Optional.of(key));
    }
}
