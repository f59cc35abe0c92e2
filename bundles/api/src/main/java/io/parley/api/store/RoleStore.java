package io.parley.api.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.BuiltinRole;
import io.parley.api.role.Role;
import java.util.Optional;

/**
 * Persistence of roles. The store enforces the name's uniqueness per instance (conflict on
 * {@code name}) and one row per built-in kind; {@code memberCount} is counted on read.
 *
 * <pre>{@code
 * Role admin = roleStore.findBuiltin(instanceId, BuiltinRole.ADMINISTRATOR).orElseThrow();
 * }</pre>
 */
public interface RoleStore {

    /** Inserts the role, ignoring {@code role.id()} and {@code memberCount}; returns it with its id. */
    Role insert(Role role);

    Optional<Role> find(long instanceId, long id);

    /** A role by id whatever its instance (for authentication). */
    Optional<Role> find(long id);

    Optional<Role> findBuiltin(long instanceId, BuiltinRole kind);

    /** Roles by id. */
    Page<Role> list(long instanceId, PageRequest page);

    /** Replaces name, permissions and scope; false when it no longer exists. */
    boolean update(Role role);

    boolean delete(long instanceId, long id);
}
