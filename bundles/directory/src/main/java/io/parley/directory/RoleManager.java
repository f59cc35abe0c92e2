package io.parley.directory;

import io.parley.api.error.TextRules;
import io.parley.api.auth.Permission;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.BuiltinRole;
import io.parley.api.role.Role;
import io.parley.api.role.RoleDraft;
import io.parley.api.role.RoleService;
import io.parley.api.store.AgentStore;
import io.parley.api.store.RoleStore;
import io.parley.api.store.SkillGroupStore;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Roles with the rules of SPEC §5.1 and §5.3. The built-in roles of an instance are created
 * the first time anything asks for the instance's roles, with the permission sets documented
 * on {@link BuiltinRole}.
 */
@Component(service = RoleService.class)
public class RoleManager implements RoleService {

    static final int NAME_MAX = 32;

    private final RoleStore store;
    private final AgentStore agents;
    private final SkillGroupStore groups;
    private final InstanceService instances;
    private final Set<Long> seeded = ConcurrentHashMap.newKeySet();

    @Activate
    public RoleManager(@Reference RoleStore store, @Reference AgentStore agents, @Reference SkillGroupStore groups,
                       @Reference InstanceService instances) {
        this.store = store;
        this.agents = agents;
        this.groups = groups;
        this.instances = instances;
    }

    @Override
    public Role create(long instanceId, RoleDraft draft) {
        ensureBuiltins(instanceId);
        String name = TextRules.required("name", draft.name(), NAME_MAX);
        Set<Permission> permissions = permissions(draft.permissions());
        Map<Permission, Set<Long>> scope = scope(instanceId, draft.skillGroupScope(), permissions);
        List<String> members = members(instanceId, draft.memberAgentIds());
        requireFreeName(instanceId, name, -1);
        Role created = store.insert(new Role(0, instanceId, name, null, permissions, scope, 0));
        agents.assignRole(instanceId, members, created.id());
        return get(instanceId, created.id());
    }

    @Override
    public Role get(long instanceId, long roleId) {
        ensureBuiltins(instanceId);
        return store.find(instanceId, roleId).orElseThrow(() -> new NotFoundException("role", roleId));
    }

    @Override
    public Role builtin(long instanceId, BuiltinRole kind) {
        ensureBuiltins(instanceId);
        return store.findBuiltin(instanceId, kind).orElseThrow(() -> new NotFoundException("role", kind.wire()));
    }

    @Override
    public Page<Role> list(long instanceId, PageRequest page) {
        ensureBuiltins(instanceId);
        return store.list(instanceId, page);
    }

    @Override
    public Role edit(long instanceId, long roleId, RoleDraft changes) {
        Role current = get(instanceId, roleId);
        String name = changes.name() == null ? current.name() : TextRules.required("name", changes.name(), NAME_MAX);
        Set<Permission> permissions = changes.permissions() == null ? current.permissions()
                : permissions(changes.permissions());
        Map<Permission, Set<Long>> scope;
        if (changes.skillGroupScope() != null) {
            scope = scope(instanceId, changes.skillGroupScope(), permissions);
        } else {
            // a permission taken away takes its scope along
            scope = new EnumMap<>(Permission.class);
            scope.putAll(current.skillGroupScope());
            scope.keySet().retainAll(permissions);
        }
        List<String> members = changes.memberAgentIds() == null ? List.of()
                : members(instanceId, changes.memberAgentIds());
        requireFreeName(instanceId, name, roleId);
        if (!store.update(current.with(name, permissions, scope))) {
            throw new NotFoundException("role", roleId);
        }
        agents.assignRole(instanceId, members, roleId);
        return get(instanceId, roleId);
    }

    @Override
    public void delete(long instanceId, long roleId) {
        Role role = get(instanceId, roleId);
        if (role.isBuiltin()) {
            throw new ConflictException(null, "role " + roleId + " is the built-in role " + role.builtin().wire()
                    + "; built-in roles can be edited but not deleted");
        }
        if (role.memberCount() > 0) {
            throw new ConflictException(null, "role " + roleId + " is still held by " + role.memberCount()
                    + " agent(s); give them another role first");
        }
        if (!store.delete(instanceId, roleId)) {
            throw new NotFoundException("role", roleId);
        }
    }

    /** Creates the three built-in roles of an instance once; a concurrent creation is tolerated. */
    void ensureBuiltins(long instanceId) {
        if (seeded.contains(instanceId)) {
            return;
        }
        instances.get(instanceId);
        for (BuiltinRole kind : BuiltinRole.values()) {
            if (store.findBuiltin(instanceId, kind).isEmpty()) {
                try {
                    store.insert(new Role(0, instanceId, kind.defaultName(), kind, kind.permissions(), Map.of(), 0));
                } catch (ConflictException raced) {
                    // another thread created it, or a custom role holds the name: keep what exists
                    if (store.findBuiltin(instanceId, kind).isEmpty()) {
                        store.insert(new Role(0, instanceId, kind.defaultName() + " (built-in)", kind,
                                kind.permissions(), Map.of(), 0));
                    }
                }
            }
        }
        seeded.add(instanceId);
    }

    private static Set<Permission> permissions(List<String> wires) {
        if (wires == null || wires.isEmpty()) {
            throw new InvalidException("permissions", "at least one permission of SPEC §5.2 is required");
        }
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        for (String w : wires) {
            out.add(Permission.fromWire(w).orElseThrow(() -> new InvalidException("permissions",
                    "'" + w + "' is not a permission; known: " + wireList(EnumSet.allOf(Permission.class)))));
        }
        return out;
    }

    private Map<Permission, Set<Long>> scope(long instanceId, Map<String, List<Long>> wire, Set<Permission> held) {
        Map<Permission, Set<Long>> out = new EnumMap<>(Permission.class);
        if (wire == null) {
            return out;
        }
        for (Map.Entry<String, List<Long>> e : wire.entrySet()) {
            String field = "skill_group_scope." + e.getKey();
            Permission p = Permission.fromWire(e.getKey()).filter(Role.SCOPABLE::contains).orElseThrow(() ->
                    new InvalidException(field, "only " + wireList(Role.SCOPABLE) + " can be scoped"));
            if (!held.contains(p)) {
                throw new InvalidException(field, "the role does not hold the permission " + p.wire());
            }
            if (e.getValue() == null) {
                continue; // "all"
            }
            if (e.getValue().isEmpty()) {
                throw new InvalidException(field, "must be \"all\" or at least one skill group id");
            }
            Set<Long> ids = new LinkedHashSet<>();
            for (Long id : e.getValue()) {
                if (id == null || groups.find(instanceId, id).isEmpty()) {
                    throw new InvalidException(field, "skill group " + id + " does not exist");
                }
                ids.add(id);
            }
            out.put(p, ids);
        }
        return out;
    }

    private List<String> members(long instanceId, List<String> agentIds) {
        if (agentIds == null || agentIds.isEmpty()) {
            throw new InvalidException("member_agent_ids", "at least one member agent is required");
        }
        for (String agentId : agentIds) {
            if (agentId == null || agents.find(instanceId, agentId).isEmpty()) {
                throw new InvalidException("member_agent_ids", "agent " + agentId + " does not exist");
            }
        }
        return List.copyOf(new LinkedHashSet<>(agentIds));
    }

    private void requireFreeName(long instanceId, String name, long self) {
        int page = 1;
        Page<Role> roles;
        do {
            roles = store.list(instanceId, new PageRequest(page++, PageRequest.MAX_PAGE_SIZE));
            roles.items().stream().filter(r -> r.id() != self && r.name().equalsIgnoreCase(name)).findFirst()
                    .ifPresent(r -> {
                        throw new ConflictException("name", "name: role name '" + name + "' is already taken by role "
                                + r.id());
                    });
        } while (roles.items().size() == PageRequest.MAX_PAGE_SIZE);
    }

    private static String wireList(Set<Permission> permissions) {
        return String.join(", ", permissions.stream().map(Permission::wire).toList());
    }
}
