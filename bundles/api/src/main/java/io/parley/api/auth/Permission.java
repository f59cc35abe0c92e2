package io.parley.api.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * Permission identifiers of SPEC §5.2. Each grants the REST resources of the named section.
 *
 * <pre>{@code
 * Permission p = Permission.fromWire("skill_groups").orElseThrow();
 * boolean allowed = caller.has(p);
 * }</pre>
 */
public enum Permission {
    WORKSTATION("workstation"),
    OVERVIEW("overview"),
    ANALYTICS_TELEPHONE("analytics.telephone"),
    ANALYTICS_AGENTS("analytics.agents"),
    RECORDS_TELEPHONE("records.telephone"),
    RECORDS_INTERNAL("records.internal"),
    MONITORING_AGENTS("monitoring.agents"),
    MONITORING_SKILL_GROUPS("monitoring.skill_groups"),
    MONITORING_CALLS("monitoring.calls"),
    SKILL_GROUPS("skill_groups"),
    IVR("ivr"),
    NUMBERS("numbers"),
    CAMPAIGNS("campaigns"),
    TELEPHONY_SETTINGS("telephony_settings"),
    SELF_SERVICE("self_service"),
    COLLECTION_SETTINGS("collection_settings"),
    AUDIO("audio"),
    PHONES("phones"),
    POPUPS("popups"),
    BLOCKLIST("blocklist"),
    BASIC_SETTINGS("basic_settings"),
    HOT_WORDS("hot_words"),
    AGENTS("agents"),
    ROLES("roles"),
    STORAGE("storage");

    private final String wire;

    Permission(String wire) {
        this.wire = wire;
    }

    /** The identifier as written in the API, e.g. {@code analytics.telephone}. */
    public String wire() {
        return wire;
    }

    public static Optional<Permission> fromWire(String wire) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(wire)).findFirst();
    }
}
