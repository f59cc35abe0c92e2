package io.parley.api.agent;

import java.util.Locale;

/**
 * An agent's presence (SPEC §14.3). {@link #AVAILABLE}, {@link #BUSY} and {@link #ON_BREAK}
 * are the agent's own choice; {@link #RINGING}, {@link #IN_CALL} and {@link #AFTER_CALL_WORK}
 * are set by the system around a call; {@link #OFFLINE} by logout, force-offline or session loss.
 *
 * <pre>{@code
 * Presence p = Presence.fromWire("on_break");
 * if (p.agentChoice()) { ... }
 * }</pre>
 */
public enum Presence {
    OFFLINE, AVAILABLE, BUSY, ON_BREAK, RINGING, IN_CALL, AFTER_CALL_WORK;

    /** The wire form, e.g. {@code after_call_work}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The presence with this wire form, or null. */
    public static Presence fromWire(String wire) {
        if (wire == null) {
            return null;
        }
        for (Presence p : values()) {
            if (p.wire().equals(wire)) {
                return p;
            }
        }
        return null;
    }

    /** True for the states an agent may set itself: available, busy, on break. */
    public boolean agentChoice() {
        return this == AVAILABLE || this == BUSY || this == ON_BREAK;
    }

    /** True for the states a call drives: ringing, in call, after-call work. */
    public boolean callDriven() {
        return this == RINGING || this == IN_CALL || this == AFTER_CALL_WORK;
    }
}
