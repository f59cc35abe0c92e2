package io.parley.ivr.node.branch;

import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.ivr.node.common.FlatJson;
import io.parley.ivr.node.common.Keys;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import io.parley.ivr.node.common.Variables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Branch (SPEC §8.3): a DTMF menu. A listed key follows its port {@code key:<digit>}; a
 * timeout or an unlisted key counts as an error, plays its prompt and replays the menu; at
 * {@code max_errors} the call hangs up or, with {@code on_max_errors=goto}, follows the
 * {@code max_errors} port. A dynamic branch reads its keys from a JSON array in a variable
 * (§8.3.1) and jumps straight to the named node; an invalid array leaves the static keys.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + BranchNodeType.TYPE)
public class BranchNodeType extends ParameterizedNodeType<BranchNodeType.Settings> {

    static final String TYPE = "branch";
    static final String MAX_ERRORS_PORT = "max_errors";
    static final String KEY_PORT_PREFIX = "key:";

    static final Param.ListOf KEYS = new Param.ListOf("keys", false, 0, Map.of(
            "type", "object",
            "properties", Map.of(
                    "digit", Map.of("type", "string", "pattern", "^[0-9*#]$"),
                    "label", Map.of("type", "string", "maxLength", 30)),
            "required", List.of("digit"),
            "additionalProperties", false), "Req >=1 unless dynamic; digits unique");
    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", true, false, "menu announcement");
    static final Param.Int TIMEOUT_S = new Param.Int("timeout_s", 5, 1, 60,
            "time allowed for a key after the prompt ends");
    static final Param.PromptObject TIMEOUT_PROMPT = new Param.PromptObject("timeout_prompt", false, false,
            "played on timeout; the menu is then replayed");
    static final Param.PromptObject ERROR_PROMPT = new Param.PromptObject("error_prompt", false, false,
            "played on an unlisted key; the menu is then replayed");
    static final Param.Int MAX_ERRORS = new Param.Int("max_errors", 3, 1, 10, "timeouts and wrong keys both count");
    static final Param.Choice ON_MAX_ERRORS = new Param.Choice("on_max_errors", "hangup", List.of("hangup", "goto"),
            "goto follows the max_errors port");
    static final Param.Bool DYNAMIC_BRANCH = new Param.Bool("dynamic_branch", false,
            "keys come from the JSON array in dynamic_branch_var (SPEC §8.3.1)");
    static final Param.Text DYNAMIC_BRANCH_VAR = Variables.reference("dynamic_branch_var", false,
            "required when dynamic: a variable holding a string with a JSON array of {digits, name, label, next}");
    private static final Param.Text LABEL = new Param.Text("label", false, 30, null, null, "");

    /** One key of the menu: where it goes (a port, or {@code goto:<node>} when dynamic) and its label. */
    record Entry(String digit, String exit, String label, String name) {
    }

    record Settings(List<Entry> keys, Prompt prompt, int timeoutS, Optional<Prompt> timeoutPrompt,
                    Optional<Prompt> errorPrompt, int maxErrors, boolean gotoOnMaxErrors, boolean dynamic,
                    Optional<String> dynamicVar) {
    }

    public BranchNodeType() {
        super("Branch (SPEC §8.3)", List.of(KEYS, PROMPT, TIMEOUT_S, TIMEOUT_PROMPT, ERROR_PROMPT, MAX_ERRORS,
                ON_MAX_ERRORS, DYNAMIC_BRANCH, DYNAMIC_BRANCH_VAR));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        boolean dynamic = p.get(DYNAMIC_BRANCH);
        Optional<String> var = p.get(DYNAMIC_BRANCH_VAR).map(Variables::name);
        if (dynamic && var.isEmpty() && p.problems().stream().noneMatch(x -> x.field().equals(DYNAMIC_BRANCH_VAR.name()))) {
            p.problem(DYNAMIC_BRANCH_VAR.name(), "is required when dynamic_branch is true");
        }
        List<Params> keyObjects = p.objects(KEYS);
        if (keyObjects.isEmpty() && !dynamic && p.problems().stream().noneMatch(x -> x.field().equals("keys"))) {
            p.problem(KEYS.name(), "must have at least 1 item unless dynamic_branch is true");
        }
        List<String> digits = Keys.readUnique(keyObjects, "digit", Keys.ALL);
        List<Entry> keys = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < keyObjects.size(); i++) {
            String label = keyObjects.get(i).get(LABEL).orElse("");
            if (!label.isEmpty()) {
                keyObjects.get(i).unique(labels, "label", label);
            }
            if (digits.get(i) != null) {
                keys.add(new Entry(digits.get(i), KEY_PORT_PREFIX + digits.get(i), label, null));
            }
        }
        return new Settings(keys, p.get(PROMPT).orElse(null), p.get(TIMEOUT_S), p.get(TIMEOUT_PROMPT),
                p.get(ERROR_PROMPT), p.get(MAX_ERRORS), "goto".equals(p.get(ON_MAX_ERRORS)), dynamic, var);
    }

    @Override
    protected List<String> exits(Settings s) {
        List<String> exits = new ArrayList<>(s.keys().stream().map(Entry::exit).toList());
        if (s.gotoOnMaxErrors()) {
            exits.add(MAX_ERRORS_PORT);
        }
        return exits;
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        Map<String, Entry> menu = new LinkedHashMap<>();
        List<Entry> entries = s.dynamic() ? dynamicEntries(s, ctx).orElse(s.keys()) : s.keys();
        entries.forEach(e -> menu.put(e.digit(), e));
        DigitCollection oneKey = DigitCollection.singleKey(Duration.ofSeconds(s.timeoutS()));
        int errors = 0;
        String pending = null;
        while (!menu.isEmpty()) {
            String key = pending != null ? pending : ctx.collectDigits(s.prompt(), oneKey);
            pending = null;
            if (ctx.callerHungUp()) {
                return HANG_UP;
            }
            Entry chosen = menu.get(key);
            if (chosen != null) {
                Map<String, String> trace = new LinkedHashMap<>();
                trace.put("digit", chosen.digit());
                trace.put("label", chosen.label());
                if (chosen.name() != null) {
                    trace.put("name", chosen.name());
                }
                ctx.trace("key", trace);
                return chosen.exit();
            }
            errors++;
            ctx.trace(key.isEmpty() ? "timeout" : "wrong_key", key.isEmpty() ? Map.of() : Map.of("digit", key));
            if (errors >= s.maxErrors()) {
                break;
            }
            Optional<Prompt> between = key.isEmpty() ? s.timeoutPrompt() : s.errorPrompt();
            if (between.isPresent()) {
                // a key pressed over the error prompt answers the menu, as it would over the menu itself
                pending = ctx.play(between.get(), 1, true).map(String::valueOf).orElse(null);
                if (ctx.callerHungUp()) {
                    return HANG_UP;
                }
            }
        }
        ctx.trace("max_errors", Map.of("errors", String.valueOf(errors)));
        if (s.gotoOnMaxErrors()) {
            return MAX_ERRORS_PORT;
        }
        ctx.hangUp();
        return HANG_UP;
    }

    /**
     * The entries of the dynamic set (SPEC §8.3.1); empty, so that the static keys apply, when
     * the variable is not a JSON array of valid entries or an entry's {@code next} is not a node
     * of this version.
     */
    private static Optional<List<Entry>> dynamicEntries(Settings s, NodeContext ctx) {
        String json = s.dynamicVar().map(v -> ctx.variables().get(v)).orElse(null);
        Optional<List<Map<String, String>>> items = FlatJson.arrayOfObjects(json);
        if (items.isEmpty()) {
            ctx.trace("dynamic_branch_ignored", Map.of("reason", "not a JSON array of objects"));
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> digits = new HashSet<>();
        for (Map<String, String> item : items.get()) {
            String digit = item.get("digits");
            String next = item.get("next");
            String label = item.getOrDefault("label", item.getOrDefault("lable", ""));
            if (!Keys.isKey(digit, Keys.ALL) || !digits.add(digit)) {
                ctx.trace("dynamic_branch_ignored", Map.of("reason", "digits must be one unique key 0-9, * or #"));
                return Optional.empty();
            }
            if (next == null || !ctx.hasNode(next)) {
                ctx.trace("dynamic_branch_ignored", Map.of("reason", "next " + next + " is not a node of this version"));
                return Optional.empty();
            }
            entries.add(new Entry(digit, GOTO_PREFIX + next, label == null ? "" : label, item.get("name")));
        }
        return Optional.of(entries);
    }
}
