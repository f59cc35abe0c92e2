package io.parley.ivr.node.prompt;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import io.parley.ivr.node.common.Variables;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Prompt (SPEC §8.2): plays TTS or an audio file {@code play_count} times. With
 * {@code dynamic_audio_var}, the approved audio file whose id the variable holds is played
 * instead; an interrupting key goes on to the next node that takes input.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + PromptNodeType.TYPE)
public class PromptNodeType extends ParameterizedNodeType<PromptNodeType.Settings> {

    static final String TYPE = "prompt";
    static final String NEXT = "next";

    static final Param.Bool INTERRUPTIBLE = new Param.Bool("interruptible", true,
            "a DTMF key or speech stops playback and is passed on to the next input-taking node");
    static final Param.Int PLAY_COUNT = new Param.Int("play_count", 1, 1, 10, "times the prompt loops");
    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", true, false,
            "TTS (<=600 chars, ${var} allowed) or audio");
    static final Param.Text DYNAMIC_AUDIO_VAR = Variables.reference("dynamic_audio_var", false,
            "variable holding an audio file id; played instead of prompt when it names an approved file");

    record Settings(boolean interruptible, int playCount, Prompt prompt, Optional<String> dynamicAudioVar) {
    }

    public PromptNodeType() {
        super("Prompt (SPEC §8.2)", List.of(INTERRUPTIBLE, PLAY_COUNT, PROMPT, DYNAMIC_AUDIO_VAR));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        return new Settings(p.get(INTERRUPTIBLE), p.get(PLAY_COUNT), p.get(PROMPT).orElse(null),
                p.get(DYNAMIC_AUDIO_VAR).map(Variables::name));
    }

    @Override
    protected List<String> exits(Settings settings) {
        return List.of(NEXT);
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        Prompt prompt = s.dynamicAudioVar()
                .map(var -> ctx.variables().get(var))
                .filter(id -> !id.isBlank() && ctx.audioPlayable(id))
                .map(Prompt::audio)
                .orElse(s.prompt());
        Optional<Character> key = ctx.play(prompt, s.playCount(), s.interruptible());
        if (ctx.callerHungUp()) {
            return HANG_UP;
        }
        if (s.interruptible()) {
            key.ifPresent(ctx::passOnKey);
        }
        return NEXT;
    }
}
