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

    /** The read-only system variables of SPEC §7.4; a node may not write them. */
    public static final java.util.Set<String> SYSTEM = java.util.Set.of("WaitNo", "StaffNo", "SystemCallerNumber",
            "SystemCalleeNumber", "SystemSessionId", "SystemCallRingDuration", "SystemCallAcceptDuration");

    private Variables() {
    }

    /**
     * Reads a parameter naming a variable the node writes; notes a system variable (SPEC §7.4,
     * read-only) as a problem.
     */
    public static java.util.Optional<String> readTarget(Params p, Param.Text param) {
        java.util.Optional<String> name = p.get(param);
        if (name.isPresent() && SYSTEM.contains(name.get())) {
            p.problem(param.name(), name.get() + " is a read-only system variable");
            return java.util.Optional.empty();
        }
        return name;
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
