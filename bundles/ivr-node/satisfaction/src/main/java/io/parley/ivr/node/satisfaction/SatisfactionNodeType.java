package io.parley.ivr.node.satisfaction;

import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.ivr.node.common.Keys;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Satisfaction (SPEC §8.7, §23): asks the caller to rate with one key of {@code options}; the
 * digit and label go on the service record (a later rating of the session replaces it). A
 * missing or unlisted key asks again, up to {@code max_attempts} times; then the flow goes on
 * without a rating.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + SatisfactionNodeType.TYPE)
public class SatisfactionNodeType extends ParameterizedNodeType<SatisfactionNodeType.Settings> {

    static final String TYPE = "satisfaction";
    static final String NEXT = "next";
    /** How long a key is awaited after the prompt: SPEC gives none, §34 p18's DTMF default. */
    static final Duration KEY_TIMEOUT = Duration.ofSeconds(5);

    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", true, false,
            "e.g. press 1 if satisfied, 0 if not");
    static final Param.ListOf OPTIONS = new Param.ListOf("options", true, 1, Map.of(
            "type", "object",
            "properties", Map.of(
                    "digit", Map.of("type", "string", "pattern", "^[0-9]$"),
                    "label", Map.of("type", "string", "minLength", 1, "maxLength", 20)),
            "required", List.of("digit", "label"),
            "additionalProperties", false), "digit 0-9, unique; label <=20 chars");
    static final Param.Int MAX_ATTEMPTS = new Param.Int("max_attempts", 1, 1, 5,
            "times the prompt is offered when input is missing or invalid");
    private static final Param.Text LABEL = new Param.Text("label", true, 20, null, null, "");

    record Settings(Prompt prompt, Map<String, String> options, int maxAttempts) {
    }

    public SatisfactionNodeType() {
        super("Satisfaction (SPEC §8.7)", List.of(PROMPT, OPTIONS, MAX_ATTEMPTS));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        List<Params> objects = p.objects(OPTIONS);
        List<String> digits = Keys.readUnique(objects, "digit", Keys.DIGITS);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            String label = objects.get(i).get(LABEL).orElse(null);
            if (digits.get(i) != null && label != null) {
                options.put(digits.get(i), label);
            }
        }
        return new Settings(p.get(PROMPT).orElse(null), options, p.get(MAX_ATTEMPTS));
    }

    @Override
    protected List<String> exits(Settings s) {
        return List.of(NEXT);
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        for (int attempt = 1; attempt <= s.maxAttempts(); attempt++) {
            String key = ctx.collectDigits(s.prompt(), DigitCollection.singleKey(KEY_TIMEOUT));
            if (ctx.callerHungUp()) {
                return HANG_UP;
            }
            String label = s.options().get(key);
            if (label != null) {
                ctx.rateSatisfaction(key, label);
                ctx.trace("satisfaction", Map.of("digit", key, "label", label));
                return NEXT;
            }
            ctx.trace(key.isEmpty() ? "timeout" : "wrong_key", key.isEmpty() ? Map.of() : Map.of("digit", key));
        }
        return NEXT;
    }
}
