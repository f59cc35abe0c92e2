package io.parley.ivr.node.collect;

import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import io.parley.ivr.node.common.Variables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Number collection (SPEC §8.10): the caller keys digits, ended by {@code #}, at
 * {@code max_digits} or by the timeout; they go into {@code variable} and the call follows
 * {@code success}. A timeout with nothing keyed is retried {@code max_retries} times (after the
 * timeout prompt), then the call follows {@code failure}. The digits never reach a log or the
 * record in clear: the trace carries them masked.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + CollectNodeType.TYPE)
public class CollectNodeType extends ParameterizedNodeType<CollectNodeType.Settings> {

    static final String TYPE = "collect";
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";

    static final Param.Text VARIABLE = Variables.target("variable", true, "receives the collected digits as a string");
    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", true, false, "may itself use ${var}");
    static final Param.Int TIMEOUT_S = new Param.Int("timeout_s", 10, 1, 60, "inter-digit and first-digit timeout");
    static final Param.PromptObject TIMEOUT_PROMPT = new Param.PromptObject("timeout_prompt", false, false,
            "played after a timeout before the prompt is replayed");
    static final Param.Int MAX_RETRIES = new Param.Int("max_retries", 1, 0, 10,
            "retries after a timeout; when exhausted the node follows failure");
    static final Param.Choice END_KEY = new Param.Choice("end_key", "#", List.of("#"),
            "ends input; * is accepted as a digit");
    static final Param.Int MAX_DIGITS = new Param.Int("max_digits", 32, 1, 64, "input stops at this length");

    record Settings(String variable, Prompt prompt, int timeoutS, Optional<Prompt> timeoutPrompt, int maxRetries,
                    char endKey, int maxDigits) {
    }

    public CollectNodeType() {
        super("Number collection (SPEC §8.10)", List.of(VARIABLE, PROMPT, TIMEOUT_S, TIMEOUT_PROMPT, MAX_RETRIES,
                END_KEY, MAX_DIGITS));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        return new Settings(Variables.readTarget(p, VARIABLE).orElse(null), p.get(PROMPT).orElse(null),
                p.get(TIMEOUT_S), p.get(TIMEOUT_PROMPT), p.get(MAX_RETRIES), p.get(END_KEY).charAt(0),
                p.get(MAX_DIGITS));
    }

    @Override
    protected List<String> exits(Settings s) {
        return List.of(SUCCESS, FAILURE);
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        Duration timeout = Duration.ofSeconds(s.timeoutS());
        DigitCollection collection = new DigitCollection(s.maxDigits(), s.endKey(), timeout, timeout);
        for (int attempt = 0; attempt <= s.maxRetries(); attempt++) {
            if (attempt > 0 && s.timeoutPrompt().isPresent()) {
                ctx.play(s.timeoutPrompt().get(), 1, true).ifPresent(ctx::passOnKey);
            }
            if (ctx.callerHungUp()) {
                return HANG_UP;
            }
            String digits = ctx.collectDigits(s.prompt(), collection);
            if (ctx.callerHungUp()) {
                return HANG_UP;
            }
            if (!digits.isEmpty()) {
                ctx.variables().put(s.variable(), digits);
                ctx.trace("collected", Map.of("variable", s.variable(), "digits", "*".repeat(digits.length())));
                return SUCCESS;
            }
            ctx.trace("timeout", Map.of("attempt", String.valueOf(attempt + 1)));
        }
        return FAILURE;
    }
}
