package io.parley.api.auth;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is making a request, after authentication: the account and what its role allows.
 * An appliance administrator ({@code applianceAdmin}) may also manage instances and
 * appliance-level resources such as SIP channels. An agent is confined to its own
 * instance ({@code instanceId}; null for the administrator) and, for the scoped
 * permissions of SPEC §5.1, to the skill groups of {@code skillGroupScope}.
 *
 * <pre>{@code
 * if (!caller.has(Permission.SKILL_GROUPS)) throw new ForbiddenException("skill_groups");
 * Optional<Set<Long>> groups = caller.scope(Permission.ANALYTICS_TELEPHONE); // empty: all groups
 * }</pre>
 */
public record Caller(String login, String roleName, Set<Permission> permissions, boolean applianceAdmin,
                     Long instanceId, Map<Permission, Set<Long>> skillGroupScope) {

    public Caller {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
        skillGroupScope = skillGroupScope == null ? Map.of() : Map.copyOf(skillGroupScope);
    }

    /** A caller of every instance without skill-group scope. */
    public Caller(String login, String roleName, Set<Permission> permissions, boolean applianceAdmin) {
        this(login, roleName, permissions, applianceAdmin, null, Map.of());
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    /** The skill groups a scoped permission is limited to; empty when it covers all groups. */
    public Optional<Set<Long>> scope(Permission permission) {
        return Optional.ofNullable(skillGroupScope.get(permission));
    }

    /**
     * Whether an item that belongs to these skill groups is visible to the caller under
     * {@code permission}: always when the permission is not scoped, else when the item is in at
     * least one group of the scope (an item in no group is outside every scope).
     */
    public boolean covers(Permission permission, java.util.Collection<Long> skillGroupIds) {
        Set<Long> scope = skillGroupScope.get(permission);
        return scope == null || skillGroupIds.stream().anyMatch(scope::contains);
    }

    /**
     * The one place SPEC §5.3 scope is enforced on single items: an item outside the caller's
     * scope answers as absent (404), so a scoped role cannot even learn that it exists.
     *
     * <pre>{@code
     * Agent a = agents.get(instanceId, agentId);
     * caller.requireCovers(Permission.AGENTS, a.skillGroupIds(), "agent", agentId);
     * }</pre>
     *
     * @throws io.parley.api.error.NotFoundException naming {@code what} and {@code id}
     */
    public void requireCovers(Permission permission, java.util.Collection<Long> skillGroupIds, String what, Object id) {
        if (!covers(permission, skillGroupIds)) {
            throw new io.parley.api.error.NotFoundException(what, id);
        }
    }

    /**
     * For writes by a scoped caller: every group it assigns must be inside its scope, and at
     * least one (otherwise the item would leave its sight).
     *
     * @throws io.parley.api.error.ForbiddenException naming {@code field}
     */
    public void requireWithin(Permission permission, java.util.Collection<Long> skillGroupIds, String field) {
        Set<Long> scope = skillGroupScope.get(permission);
        if (scope == null) {
            return;
        }
        if (skillGroupIds.isEmpty() || !scope.containsAll(skillGroupIds)) {
            throw io.parley.api.error.ForbiddenException.because(field, field + ": your role's " + permission.wire()
                    + " scope is skill groups " + new java.util.TreeSet<>(scope) + "; assign one or more of them only");
        }
    }

    /** The scope of {@code permission} as a set, or null when it covers all groups. */
    public Set<Long> scopeOrAll(Permission permission) {
        return skillGroupScope.get(permission);
    }

    /** Whether the caller may act in this instance. */
    public boolean mayUseInstance(long instance) {
        return instanceId == null || instanceId == instance;
    }
}
