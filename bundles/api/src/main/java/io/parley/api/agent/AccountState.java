package io.parley.api.agent;

import java.util.Locale;

/** An agent account's life-cycle state (SPEC §4.3). */
public enum AccountState {
    /** May log in. */
    ACTIVE,
    /** Logged out by an administrator; every login is refused until resumed. */
    FORCED_OFFLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
