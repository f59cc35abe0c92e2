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

    /** Whether the caller may act in this instance. */
    public boolean mayUseInstance(long instance) {
        return instanceId == null || instanceId == instance;
    }
}
