package io.parley.api.agent;

import java.util.Locale;

/** Whether calls ring the agent's mobile (SPEC §4.1 {@code mobile_answering}). */
public enum MobileAnswering {
    OFF, WHEN_OFFLINE, ALWAYS;

    /** The wire form, e.g. {@code when_offline}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
