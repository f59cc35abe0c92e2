package io.parley.ivr.node.to_extension;

import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Internal line transfer (SPEC §8.13): the caller keys an extension of exactly
 * {@code extension_length} digits (input completes at that length) and is put through to it;
 * after the internal leg the flow goes on at {@code next}. A short entry, a timeout or an
 * extension nobody has is retried {@code max_retries} times (after {@code error_prompt}); when
 * the retries are used up the call is ended.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + ToExtensionNodeType.TYPE)
public class ToExtensionNodeType extends ParameterizedNodeType<ToExtensionNodeType.Settings> {

    static final String TYPE = "to_extension";
    static final String NEXT = "next";

    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", true, false,
            "asks the caller to key an extension");
    static final Param.Int EXTENSION_LENGTH = new Param.Int("extension_length", 4, 4, 6,
            "only extensions of exactly this length can be reached; input completes at this length");
    static final Param.Int TIMEOUT_S = new Param.Int("timeout_s", 10, 1, 60, "first-digit and inter-digit timeout");
    static final Param.Int MAX_RETRIES = new Param.Int("max_retries", 1, 0, 10,
            "retries after a wrong or unknown extension; when exhausted, the call is ended");
    static final Param.PromptObject ERROR_PROMPT = new Param.PromptObject("error_prompt", false, false,
            "played after a wrong or unknown extension");

    record Settings(Prompt prompt, int extensionLength, int timeoutS, int maxRetries, Optional<Prompt> errorPrompt) {
    }

    public ToExtensionNodeType() {
        super("Internal line transfer (SPEC §8.13)", List.of(PROMPT, EXTENSION_LENGTH, TIMEOUT_S, MAX_RETRIES,
                ERROR_PROMPT));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        return new Settings(p.get(PROMPT).orElse(null), p.get(EXTENSION_LENGTH), p.get(TIMEOUT_S),
                p.get(MAX_RETRIES), p.get(ERROR_PROMPT));
    }

    @Override
    protected List<String> exits(Settings s) {
        return List.of(NEXT);
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        Duration timeout = Duration.ofSeconds(s.timeoutS());
        DigitCollection entry = new DigitCollection(s.extensionLength(), (char) 0, timeout, timeout);
        for (int attempt = 0; attempt <= s.maxRetries(); attempt++) {
            if (attempt > 0 && s.errorPrompt().isPresent()) {
                ctx.play(s.errorPrompt().get(), 1, true).ifPresent(ctx::passOnKey);
            }
            String extension = ctx.collectDigits(s.prompt(), entry);
            if (ctx.callerHungUp()) {
                return HANG_UP;
            }
            if (extension.length() != s.extensionLength() || !extension.chars().allMatch(Character::isDigit)) {
                ctx.trace("wrong_extension", Map.of("entered", extension));
                continue;
            }
            TransferOutcome outcome = ctx.transfer(new TransferTarget.Extension(extension));
            if (TransferOutcome.UNKNOWN_TARGET.equals(outcome.reason())) {
                ctx.trace("unknown_extension", Map.of("extension", extension));
                continue;
            }
            ctx.trace("extension", Map.of("extension", extension, "outcome", String.valueOf(outcome.reason())));
            if (ctx.callerHungUp() || TransferOutcome.CALLER_HUNG_UP.equals(outcome.reason())) {
                return HANG_UP;
            }
            return NEXT;
        }
        ctx.hangUp();
        return HANG_UP;
    }
}
