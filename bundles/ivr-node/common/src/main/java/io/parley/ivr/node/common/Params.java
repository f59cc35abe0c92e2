package io.parley.ivr.node.common;

import io.parley.api.ivr.ParameterProblem;
import io.parley.api.ivr.Prompt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a node's parameters (JSON-decoded: String, Number, Boolean, List, Map) against their
 * {@link Param} declarations. A value that is missing gets its default; a value that breaks a
 * rule is noted as a {@link ParameterProblem} naming the field path and the rule, and the
 * default (or nothing) is used instead, so the same reading serves validation on save and
 * execution on a call.
 *
 * <pre>{@code
 * Params p = new Params(Map.of("timeout_s", 61));
 * int timeout = p.get(TIMEOUT_S);        // 5, the default
 * p.problems();                          // [timeout_s: must be 1..60]
 * }</pre>
 */
public final class Params {

    private final Map<String, Object> raw;
    private final String prefix;
    private final Shared shared;
    private final Set<String> read = new HashSet<>();

    /** What a root and the objects nested in it share: problems, audio references, every reader. */
    private static final class Shared {
        final List<ParameterProblem> problems = new ArrayList<>();
        final Map<String, String> audioReferences = new LinkedHashMap<>();
        final List<Params> readers = new ArrayList<>();
    }

    public Params(Map<String, Object> raw) {
        this(raw == null ? Map.of() : raw, "", new Shared());
    }

    private Params(Map<String, Object> raw, String prefix, Shared shared) {
        this.raw = raw;
        this.prefix = prefix;
        this.shared = shared;
        shared.readers.add(this);
    }

    /** The path of a field of this object, as problems name it, e.g. {@code keys[2].digit}. */
    public String path(String field) {
        return prefix + field;
    }

    public void problem(String field, String rule) {
        shared.problems.add(new ParameterProblem(path(field), rule));
    }

    /**
     * SPEC §7.3 rule 5 (keys and labels unique within a node): adds {@code value} to
     * {@code seen}, noting "{@code <field> <value> is used twice in this node}" when it was there.
     *
     * @return true when the value is new
     */
    public boolean unique(Set<String> seen, String field, String value) {
        if (seen.add(value)) {
            return true;
        }
        problem(field, field.substring(field.lastIndexOf('.') + 1) + " " + value + " is used twice in this node");
        return false;
    }

    /** True when the parameter is present (and not JSON null). */
    public boolean has(String name) {
        return raw.get(name) != null;
    }

    /** The raw value, marked as read; for values a {@link Param} does not describe. */
    public Object raw(String name) {
        read.add(name);
        return raw.get(name);
    }

    public int get(Param.Int p) {
        OptionalLong v = integer(p);
        if (v.isPresent()) {
            return (int) v.getAsLong();
        }
        return p.defaultValue() == null ? p.min() : p.defaultValue();
    }

    /** An integer without a default: empty when absent or broken. */
    public OptionalLong optional(Param.Int p) {
        return integer(p);
    }

    private OptionalLong integer(Param.Int p) {
        Object v = raw(p.name());
        if (v == null) {
            return p.defaultValue() == null ? OptionalLong.empty() : OptionalLong.of(p.defaultValue());
        }
        Long n = asLong(v);
        if (n == null) {
            problem(p.name(), "must be an integer");
            return OptionalLong.empty();
        }
        if (n < p.min() || n > p.max()) {
            problem(p.name(), "must be " + p.min() + ".." + p.max());
            return OptionalLong.empty();
        }
        return OptionalLong.of(n);
    }

    /** The integral value of a JSON number (5 or 5.0), else null. */
    public static Long asLong(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return (long) d;
            }
        }
        return null;
    }

    public boolean get(Param.Bool p) {
        Object v = raw(p.name());
        if (v == null) {
            return p.defaultValue();
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problem(p.name(), "must be true or false");
        return p.defaultValue();
    }

    /** The chosen value, the default when absent; null when required and absent or not a listed value. */
    public String get(Param.Choice p) {
        Object v = raw(p.name());
        if (v == null) {
            if (p.defaultValue() == null) {
                problem(p.name(), "is required");
            }
            return p.defaultValue();
        }
        if (v instanceof String s && p.values().contains(s)) {
            return s;
        }
        problem(p.name(), "must be one of " + String.join(", ", p.values()));
        return p.defaultValue();
    }

    public Optional<String> get(Param.Text p) {
        Object v = raw(p.name());
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (p.required()) {
                problem(p.name(), "is required");
            }
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            problem(p.name(), "must be a string");
            return Optional.empty();
        }
        if (s.length() > p.maxLength()) {
            problem(p.name(), "must be at most " + p.maxLength() + " characters");
            return Optional.empty();
        }
        if (p.pattern() != null && !p.pattern().matcher(s).matches()) {
            problem(p.name(), p.patternRule());
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /**
     * The prompt; empty when absent, broken, or {@code system_hold_music} (where allowed: the
     * caller then hears the system hold music).
     */
    public Optional<Prompt> get(Param.PromptObject p) {
        Object v = raw(p.name());
        if (v == null) {
            if (p.required()) {
                problem(p.name(), "is required");
            }
            return Optional.empty();
        }
        if (p.holdMusicAllowed() && Prompts.SYSTEM_HOLD_MUSIC.equals(v)) {
            return Optional.empty();
        }
        Params object = object(p.name(), v);
        return object == null ? Optional.empty() : Prompts.read(object, shared.audioReferences);
    }

    /** The list's items; empty when absent or broken (noted when required or short). */
    public List<Object> get(Param.ListOf p) {
        Object v = raw(p.name());
        if (v == null) {
            if (p.required()) {
                problem(p.name(), "is required");
            }
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            problem(p.name(), "must be a list");
            return List.of();
        }
        if (list.size() < p.minItems()) {
            problem(p.name(), "must have at least " + p.minItems() + " item" + (p.minItems() == 1 ? "" : "s"));
        }
        return new ArrayList<>(list);
    }

    /** The list's items as objects, each read with a path like {@code keys[0].}; non-objects are noted. */
    public List<Params> objects(Param.ListOf p) {
        List<Object> items = get(p);
        List<Params> objects = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Params o = object(p.name() + "[" + i + "]", items.get(i));
            if (o != null) {
                objects.add(o);
            }
        }
        return objects;
    }

    /** A nested object read with the path {@code field.}; null (and noted) when not an object. */
    @SuppressWarnings("unchecked")
    public Params object(String field, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            problem(field, "must be an object");
            return null;
        }
        return new Params((Map<String, Object>) map, path(field) + ".", shared);
    }

    /**
     * Notes every parameter no reader asked for, in this object and the ones nested in it
     * ("unknown parameter"): a misspelt name must not silently fall back to a default.
     */
    public void rejectUnknown() {
        for (Params reader : List.copyOf(shared.readers)) {
            for (String key : reader.raw.keySet()) {
                if (!reader.read.contains(key)) {
                    reader.problem(key, "unknown parameter");
                }
            }
        }
    }

    public List<ParameterProblem> problems() {
        return List.copyOf(shared.problems);
    }

    /** Audio file ids referenced by the prompts read so far, by field path (for SPEC §7.3 rule 4). */
    public Map<String, String> audioReferences() {
        return Map.copyOf(shared.audioReferences);
    }
}
