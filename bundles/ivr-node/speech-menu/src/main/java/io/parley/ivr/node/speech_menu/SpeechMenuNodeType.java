package io.parley.ivr.node.speech_menu;

import io.parley.api.ivr.CallerInput;
import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import io.parley.api.ivr.Prompt;
import io.parley.api.speech.SpeechRecognizer;
import io.parley.ivr.node.common.Keys;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Voice recognition (SPEC §8.4): asks a question and follows {@code branch:<label>} of the first
 * branch (in list order) one of whose keywords is in the recognised utterance, ignoring case
 * (§34 p22); a branch's {@code key} selects it by DTMF too, and {@code default_key} goes to
 * {@code fallback} at once. Silence plays the timeout prompt, no match the error prompt, and
 * the question is asked again, {@code max_retries} times in all ("max loops"); then the call
 * follows {@code fallback}, an optional port: unconnected, the call is hung up.
 *
 * <p>Speech goes through the {@link SpeechRecognizer} SPI. With none installed the node still
 * works by keys alone, and validation warns that only keys select a branch.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + SpeechMenuNodeType.TYPE)
public class SpeechMenuNodeType extends ParameterizedNodeType<SpeechMenuNodeType.Settings> {

    static final String TYPE = "speech_menu";
    static final String FALLBACK = "fallback";
    static final String PORT_PREFIX = "branch:";

    static final Param.ListOf BRANCHES = new Param.ListOf("branches", true, 1, Map.of(
            "type", "object",
            "properties", Map.of(
                    "label", Map.of("type", "string", "minLength", 1, "maxLength", 30),
                    "keywords", Map.of("type", "array", "minItems", 1,
                            "items", Map.of("type", "string", "minLength", 1, "maxLength", 64)),
                    "key", Map.of("type", "string", "pattern", "^[0-9*#]$")),
            "required", List.of("label", "keywords"),
            "additionalProperties", false), "matched against the utterance; key selects by DTMF");
    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", true, false, "question to the caller");
    static final Param.Int TIMEOUT_S = new Param.Int("timeout_s", 60, 1, 60, "silence timeout");
    static final Param.PromptObject TIMEOUT_PROMPT = new Param.PromptObject("timeout_prompt", false, false,
            "played before re-asking");
    static final Param.PromptObject ERROR_PROMPT = new Param.PromptObject("error_prompt", false, false,
            "played when nothing matches");
    static final Param.Int MAX_RETRIES = new Param.Int("max_retries", 3, 1, 10,
            "times the question is asked before fallback");
    static final Param.Text DEFAULT_KEY = new Param.Text("default_key", false, 1, java.util.regex.Pattern.compile("[0-9*#]"),
            Keys.rule(Keys.ALL), "a DTMF key that selects fallback at once; default *");
    private static final Param.Text LABEL = new Param.Text("label", true, 30, null, null, "");
    private static final Param.ListOf KEYWORDS = new Param.ListOf("keywords", true, 1, Map.of("type", "string"), "");

    record Branch(String label, List<String> keywords, Optional<String> key) {
    }

    record Settings(List<Branch> branches, Prompt prompt, int timeoutS, Optional<Prompt> timeoutPrompt,
                    Optional<Prompt> errorPrompt, int maxRetries, String defaultKey) {
    }

    // any installed recogniser; the engine's listen() uses it, this node only needs to know one is there
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SpeechRecognizer recognizer;

    public SpeechMenuNodeType() {
        super("Voice recognition (SPEC §8.4)", List.of(BRANCHES, PROMPT, TIMEOUT_S, TIMEOUT_PROMPT, ERROR_PROMPT,
                MAX_RETRIES, DEFAULT_KEY));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        String defaultKey = p.get(DEFAULT_KEY).orElse("*");
        List<Branch> branches = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Params b : p.objects(BRANCHES)) {
            Optional<String> label = b.get(LABEL);
            label.ifPresent(l -> b.unique(labels, "label", l));
            List<String> keywords = new ArrayList<>();
            List<Object> items = b.get(KEYWORDS);
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof String s && !s.isBlank()) {
                    keywords.add(s.trim().toLowerCase(Locale.ROOT));
                } else {
                    b.problem("keywords[" + i + "]", "must be a non-empty string");
                }
            }
            Optional<String> key = Optional.empty();
            Object k = b.raw("key");
            if (k != null) {
                if (!Keys.isKey(k, Keys.ALL)) {
                    b.problem("key", Keys.rule(Keys.ALL));
                } else if (k.equals(defaultKey)) {
                    b.problem("key", "key " + k + " is the default_key, which selects fallback");
                } else if (b.unique(keys, "key", (String) k)) {
                    key = Optional.of((String) k);
                }
            }
            if (label.isPresent()) {
                branches.add(new Branch(label.get(), keywords, key));
            }
        }
        return new Settings(branches, p.get(PROMPT).orElse(null), p.get(TIMEOUT_S), p.get(TIMEOUT_PROMPT),
                p.get(ERROR_PROMPT), p.get(MAX_RETRIES), defaultKey);
    }

    @Override
    protected List<String> exits(Settings s) {
        List<String> exits = new ArrayList<>(s.branches().stream().map(b -> PORT_PREFIX + b.label()).toList());
        exits.add(FALLBACK);
        return exits;
    }

    @Override
    public List<String> optionalExits(Map<String, Object> params) {
        return List.of(FALLBACK);
    }

    @Override
    public List<ParameterProblem> warnings(Map<String, Object> params) {
        if (recognizer == null) {
            return List.of(new ParameterProblem(BRANCHES.name(),
                    "no speech recogniser is installed: only the branches' keys and default_key select a branch"));
        }
        return List.of();
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        Duration timeout = Duration.ofSeconds(s.timeoutS());
        List<String> keywords = s.branches().stream().flatMap(b -> b.keywords().stream()).toList();
        for (int ask = 1; ask <= s.maxRetries(); ask++) {
            CallerInput in = recognizer != null ? ctx.listen(s.prompt(), timeout, keywords) : keyOnly(s.prompt(), timeout, ctx);
            if (ctx.callerHungUp()) {
                return HANG_UP;
            }
            Optional<String> chosen = choose(s, in, ctx);
            if (chosen.isPresent()) {
                return chosen.get();
            }
            boolean silent = in.key().isEmpty() && in.speech().isEmpty();
            if (ask < s.maxRetries()) {
                Optional<Prompt> between = silent ? s.timeoutPrompt() : s.errorPrompt();
                between.ifPresent(p -> ctx.play(p, 1, false));
            }
        }
        ctx.trace("max_retries", Map.of("asked", String.valueOf(s.maxRetries())));
        return FALLBACK;
    }

    /** Without a recogniser the question takes one key. */
    private static CallerInput keyOnly(Prompt prompt, Duration timeout, NodeContext ctx) {
        String key = ctx.collectDigits(prompt, DigitCollection.singleKey(timeout));
        return key.isEmpty() ? CallerInput.nothing() : CallerInput.pressed(key.charAt(0));
    }

    private static Optional<String> choose(Settings s, CallerInput in, NodeContext ctx) {
        if (in.key().isPresent()) {
            String key = String.valueOf(in.key().get());
            if (key.equals(s.defaultKey())) {
                ctx.trace("default_key", Map.of("digit", key));
                return Optional.of(FALLBACK);
            }
            Optional<Branch> b = s.branches().stream().filter(x -> x.key().equals(Optional.of(key))).findFirst();
            b.ifPresentOrElse(x -> ctx.trace("key", Map.of("digit", key, "label", x.label())),
                    () -> ctx.trace("wrong_key", Map.of("digit", key)));
            return b.map(x -> PORT_PREFIX + x.label());
        }
        if (in.speech().isPresent()) {
            String heard = in.speech().get().toLowerCase(Locale.ROOT);
            Optional<Branch> b = s.branches().stream()
                    .filter(x -> x.keywords().stream().anyMatch(heard::contains)).findFirst();
            ctx.trace("speech", Map.of("heard", in.speech().get(), "label", b.map(Branch::label).orElse("")));
            return b.map(x -> PORT_PREFIX + x.label());
        }
        ctx.trace("timeout", Map.of());
        return Optional.empty();
    }
}
