package io.parley.api.role;

import io.parley.api.auth.Permission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The three roles every instance has (SPEC §5.1). They can be edited but not deleted; the
 * permission sets below are what a new instance starts with.
 * <ul>
 * <li>{@link #ADMINISTRATOR}: every §5.2 permission.</li>
 * <li>{@link #QUALITY_INSPECTOR}: {@code workstation}, {@code overview}, {@code analytics.*},
 * {@code records.*} and {@code monitoring.*}: reviews calls and statistics, configures nothing.</li>
 * <li>{@link #ORDINARY_AGENT}: {@code workstation} only: takes and places calls.</li>
 * </ul>
 *
 * <pre>{@code
 * Role agents = roles.builtin(instanceId, BuiltinRole.ORDINARY_AGENT);
 * boolean canMonitor = BuiltinRole.QUALITY_INSPECTOR.permissions().contains(Permission.MONITORING_CALLS); // true
 * }</pre>
 */
public enum BuiltinRole {
    ADMINISTRATOR("Administrator", EnumSet.allOf(Permission.class)),
    QUALITY_INSPECTOR("Quality inspector", EnumSet.of(Permission.WORKSTATION, Permission.OVERVIEW,
            Permission.ANALYTICS_TELEPHONE, Permission.ANALYTICS_AGENTS, Permission.RECORDS_TELEPHONE,
            Permission.RECORDS_INTERNAL, Permission.MONITORING_AGENTS, Permission.MONITORING_SKILL_GROUPS,
            Permission.MONITORING_CALLS)),
    ORDINARY_AGENT("Ordinary agent", EnumSet.of(Permission.WORKSTATION));

    private final String defaultName;
    private final Set<Permission> permissions;

    BuiltinRole(String defaultName, Set<Permission> permissions) {
        this.defaultName = defaultName;
        this.permissions = Set.copyOf(permissions);
    }

    /** The name the role gets when an instance is set up, e.g. {@code Quality inspector}. */
    public String defaultName() {
        return defaultName;
    }

    /** The permissions the role starts with. */
    public Set<Permission> permissions() {
        return permissions;
    }

    /** The wire form, e.g. {@code quality_inspector}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
