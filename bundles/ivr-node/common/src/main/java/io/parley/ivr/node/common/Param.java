package io.parley.ivr.node.common;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One parameter of a node type as SPEC §8 tables it: name, type, default, limits. A node
 * type declares its parameters once; {@link NodeSchema} turns the declarations into the
 * JSON schema and {@link Params} reads and checks values against the same declarations,
 * so the schema an editor sees and the validation on save cannot disagree.
 *
 * <pre>{@code
 * static final Param.Int TIMEOUT_S = new Param.Int("timeout_s", 5, 1, 60, "time allowed for a key");
 * static final Param.Choice ON_MAX_ERRORS = new Param.Choice("on_max_errors", "hangup", List.of("hangup", "goto"), "");
 * }</pre>
 */
public sealed interface Param {

    String name();

    /** Documentation shown in the schema's {@code description}. */
    String description();

    /**
     * An integer in {@code min..max}. A {@code null} default makes it optional with no value
     * when absent; otherwise the default applies when absent.
     */
    record Int(String name, Integer defaultValue, int min, int max, String description) implements Param {
    }

    /** A boolean with its default. */
    record Bool(String name, boolean defaultValue, String description) implements Param {
    }

    /** One of {@code values}; {@code defaultValue} when absent, or required when the default is null. */
    record Choice(String name, String defaultValue, List<String> values, String description) implements Param {
    }

    /**
     * A string of at most {@code maxLength} characters matching {@code pattern} (null: any),
     * {@code patternRule} saying in words what the pattern asks.
     */
    record Text(String name, boolean required, int maxLength, Pattern pattern, String patternRule, String description)
            implements Param {
    }

    /** A Prompt object of SPEC §0.3; with {@code holdMusicAllowed}, also the string {@code system_hold_music}. */
    record PromptObject(String name, boolean required, boolean holdMusicAllowed, String description) implements Param {
    }

    /**
     * A list (of objects or values) the node reads itself; {@code itemSchema} is the JSON
     * schema of one item as a map, {@code minItems} 1 for "Req ≥1".
     */
    record ListOf(String name, boolean required, int minItems, Map<String, Object> itemSchema, String description)
            implements Param {
    }
}
