package io.parley.api.role;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;

/**
 * Roles of an instance with every rule of SPEC §5, shared by REST and the shell. The three
 * built-in roles exist in every instance from its first use.
 *
 * <pre>{@code
 * Role leads = roles.create(instanceId, new RoleDraft("Team leads", List.of("workstation"), null, List.of("100010")));
 * roles.delete(instanceId, leads.id());   // 409 while agents hold it
 * }</pre>
 */
public interface RoleService {

    /**
     * @throws io.parley.api.error.InvalidException  a field breaks a §5.1 rule
     * @throws io.parley.api.error.ConflictException the name is taken
     */
    Role create(long instanceId, RoleDraft draft);

    /** @throws io.parley.api.error.NotFoundException when absent */
    Role get(long instanceId, long roleId);

    /** The instance's built-in role of this kind. */
    Role builtin(long instanceId, BuiltinRole kind);

    /** Roles by id: built-ins first. */
    Page<Role> list(long instanceId, PageRequest page);

    /** Applies the non-null fields; {@code memberAgentIds} moves those agents to the role. */
    Role edit(long instanceId, long roleId, RoleDraft changes);

    /**
     * @throws io.parley.api.error.ConflictException a built-in role, or a role agents still hold
     */
    void delete(long instanceId, long roleId);
}
