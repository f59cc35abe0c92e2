package io.parley.api.role;

import io.parley.api.auth.Permission;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A role of an instance (SPEC §5.1): a permission set, and for the {@code overview},
 * {@code analytics.*}, {@code records.*} and {@code monitoring.*} permissions an optional
 * skill-group scope. Beyond the SPEC's list, {@code skill_groups} and {@code agents} can be
 * scoped too, so a team lead manages only its own groups and their agents (proposed).
 *
 * <pre>{@code
 * Role r = roles.get(instanceId, roleId);
 * Set<Long> seen = r.skillGroupScope().get(Permission.ANALYTICS_TELEPHONE); // null: all groups
 * }</pre>
 *
 * @param id              server-generated id
 * @param instanceId      the owning instance
 * @param name            1..32 characters, unique in the instance ignoring case
 * @param builtin         which built-in role this is, or null for a custom role
 * @param permissions     at least one §5.2 permission
 * @param skillGroupScope permission → the skill groups it is limited to; a permission absent
 *                        from the map covers all groups
 * @param memberCount     number of agents holding the role (read-only)
 */
public record Role(long id, long instanceId, String name, BuiltinRole builtin, Set<Permission> permissions,
                   Map<Permission, Set<Long>> skillGroupScope, long memberCount) {

    /** Permissions a skill-group scope may restrict (§5.1, plus skill_groups and agents). */
    public static final Set<Permission> SCOPABLE = Collections.unmodifiableSet(EnumSet.of(Permission.OVERVIEW,
            Permission.ANALYTICS_TELEPHONE, Permission.ANALYTICS_AGENTS, Permission.RECORDS_TELEPHONE,
            Permission.RECORDS_INTERNAL, Permission.MONITORING_AGENTS, Permission.MONITORING_SKILL_GROUPS,
            Permission.MONITORING_CALLS, Permission.SKILL_GROUPS, Permission.AGENTS));

    public Role {
        permissions = permissions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(permissions));
        EnumMap<Permission, Set<Long>> scope = new EnumMap<>(Permission.class);
        skillGroupScope.forEach((p, ids) -> scope.put(p, Set.copyOf(ids)));
        skillGroupScope = Collections.unmodifiableMap(scope);
    }

    public boolean isBuiltin() {
        return builtin != null;
    }

    /** The same role with other values for the editable fields. */
    public Role with(String newName, Set<Permission> newPermissions, Map<Permission, Set<Long>> newScope) {
        return new Role(id, instanceId, newName, builtin, newPermissions, newScope, memberCount);
    }
}
