package io.parley.ivr.node.voicemail;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.Voicemail;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Voicemail (SPEC §8.14): the prompt, a beep, then the caller's message recorded as a mono WAV
 * stored with the call until {@code #}, {@code max_duration_s} or hang-up (the message is kept
 * in every case and attached to the service record); {@code end_prompt} after it unless the
 * caller hung up.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + VoicemailNodeType.TYPE)
public class VoicemailNodeType extends ParameterizedNodeType<VoicemailNodeType.Settings> {

    static final String TYPE = "voicemail";
    static final String NEXT = "next";
    static final char END_KEY = '#';

    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", true, false,
            "e.g. leave a message after the beep, press # to finish");
    static final Param.Bool BEEP = new Param.Bool("beep", true, "a tone is played after the prompt");
    static final Param.Int MAX_DURATION_S = new Param.Int("max_duration_s", 60, 5, 600,
            "recording stops automatically at the limit");
    static final Param.PromptObject END_PROMPT = new Param.PromptObject("end_prompt", false, false,
            "played after recording stops");

    record Settings(Prompt prompt, boolean beep, int maxDurationS, Optional<Prompt> endPrompt) {
    }

    public VoicemailNodeType() {
        super("Voicemail (SPEC §8.14)", List.of(PROMPT, BEEP, MAX_DURATION_S, END_PROMPT));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        return new Settings(p.get(PROMPT).orElse(null), p.get(BEEP), p.get(MAX_DURATION_S), p.get(END_PROMPT));
    }

    @Override
    protected List<String> exits(Settings s) {
        return List.of(NEXT);
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        // a key pressed over the prompt only cuts the prompt short: recording starts at once
        ctx.play(s.prompt(), 1, true);
        if (ctx.callerHungUp()) {
            return HANG_UP;
        }
        if (s.beep()) {
            ctx.beep();
        }
        Voicemail message = ctx.recordVoicemail(Duration.ofSeconds(s.maxDurationS()), END_KEY);
        ctx.trace("voicemail", Map.of("id", message.recordingId(),
                "duration_s", String.valueOf(message.length().toSeconds()), "stopped_by", message.stoppedBy()));
        if (ctx.callerHungUp()) {
            return HANG_UP;
        }
        s.endPrompt().ifPresent(p -> ctx.play(p, 1, false));
        return ctx.callerHungUp() ? HANG_UP : NEXT;
    }
}
