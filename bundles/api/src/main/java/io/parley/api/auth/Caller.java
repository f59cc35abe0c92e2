package io.parley.api.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is making a request, after authentication: the account and what its role allows.
 * An appliance administrator ({@code applianceAdmin}) may also manage instances and
 * appliance-level resources such as SIP channels.
 *
 * <pre>{@code
 * if (!caller.has(Permission.SKILL_GROUPS)) throw new ForbiddenException("skill_groups");
 * }</pre>
 */
public record Caller(String login, String roleName, Set<Permission> permissions, boolean applianceAdmin) {

    public Caller {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }
}
