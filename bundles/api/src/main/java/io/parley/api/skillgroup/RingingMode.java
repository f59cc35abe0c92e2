package io.parley.api.skillgroup;

/**
 * How a skill group offers a call to its members (SPEC §6.3).
 */
public enum RingingMode {
    /** One member at a time, in the order of the instance routing policy. */
    SEQUENTIAL,
    /** Every eligible member at once; the group may then hold at most 2 members. */
    SIMULTANEOUS;

    /** The wire form, e.g. {@code sequential}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
