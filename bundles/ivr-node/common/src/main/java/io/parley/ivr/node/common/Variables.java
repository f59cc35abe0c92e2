package io.parley.ivr.node.common;

import java.util.regex.Pattern;

/**
 * Names of flow variables as node parameters give them (SPEC §8.10 {@code variable}:
 * {@code [A-Za-z_][A-Za-z0-9_]{0,31}}). A parameter that names a variable to read may also be
 * written as a reference, {@code ${Score}}; both mean {@code Score}.
 *
 * <pre>{@code
 * Param.Text var = Variables.param("dynamic_audio_var", false, "variable holding an audio file id");
 * String name = Variables.name("${AudioId}");   // "AudioId"
 * }</pre>
 */
public final class Variables {

    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}");
    private static final Pattern NAME_OR_REFERENCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}|\\$\\{[A-Za-z_][A-Za-z0-9_]{0,31}}");
    public static final String RULE = "must be a variable name: a letter or _, then up to 31 letters, digits or _";

    private Variables() {
    }

    /** A parameter naming a variable the node reads ({@code Score} or {@code ${Score}}). */
    public static Param.Text reference(String name, boolean required, String description) {
        return new Param.Text(name, required, 35, NAME_OR_REFERENCE, RULE, description);
    }

    /** A parameter naming a variable the node writes (a bare name). */
    public static Param.Text target(String name, boolean required, String description) {
        return new Param.Text(name, required, 32, NAME, RULE, description);
    }

    /** The bare name of {@code Score} or {@code ${Score}}. */
    public static String name(String nameOrReference) {
        return nameOrReference.startsWith("${") ? nameOrReference.substring(2, nameOrReference.length() - 1)
                : nameOrReference;
    }
}
