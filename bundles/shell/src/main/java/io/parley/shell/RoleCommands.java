package io.parley.shell;

import io.parley.api.auth.Permission;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.Role;
import io.parley.api.role.RoleDraft;
import io.parley.api.role.RoleService;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:role-*}: the shell face of SPEC §5, with the service's validation. */
public final class RoleCommands {

    private RoleCommands() {
    }

    public abstract static class RoleAction extends ParleyAction {
        @Reference
        RoleService roles;
    }

    /** The role commands that show something and take --json. */
    public abstract static class RoleView extends JsonAction {
        @Reference
        RoleService roles;
    }

    @Service
    @Command(scope = "parley", name = "role-list", description = "List roles with their permissions and member counts")
    public static final class ListRoles extends RoleView {
        @Option(name = "--page", description = "Page number, from 1")
        Integer page;
        @Option(name = "--page-size", description = "10..100, default 10")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/roles", instance()).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            Page<Role> result = roles.list(instance(), PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Built-in");
            table.column("Members");
            table.column("Permissions").maxSize(60);
            for (Role r : result.items()) {
                table.addRow().addContent(r.id(), r.name(), r.isBuiltin() ? r.builtin().wire() : "",
                        r.memberCount(), r.permissions().stream().map(Permission::wire).collect(Collectors.joining(",")));
            }
            table.print(System.out);
            System.out.println(result.total() + " role(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "role-show", description = "Show one role")
    public static final class ShowRole extends RoleView {
        @Argument(index = 0, name = "id", required = true)
        @Completion(Completers.RoleId.class)
        long id;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/roles/%d", instance(), id);
        }

        @Override
        protected void show() throws Exception {
            print(roles.get(instance(), id), System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "role-add", description = "Create a custom role; its members move to it")
    public static final class AddRole extends RoleAction {
        @Option(name = "--permissions", required = true, description = "Comma-separated SPEC 5.2 identifiers")
        @Completion(Completers.Permissions.class)
        String permissions;
        @Option(name = "--scope", multiValued = true,
                description = "permission=all or permission=2001,2002 (repeatable)")
        List<String> scope;
        @Option(name = "--members", required = true, description = "Comma-separated agent ids (at least one)")
        String members;
        @Argument(index = 0, name = "name", required = true, description = "1..32 characters, unique")
        String name;

        @Override
        protected Object run() {
            Role r = roles.create(instance(), new RoleDraft(name, split(permissions), scope(scope), split(members)));
            System.out.println("Created role " + r.id());
            print(r, System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "role-edit", description = "Change a role; --members moves those agents to it")
    public static final class EditRole extends RoleAction {
        @Option(name = "--name")
        String name;
        @Option(name = "--permissions", description = "Comma-separated SPEC 5.2 identifiers (replaces the set)")
        @Completion(Completers.Permissions.class)
        String permissions;
        @Option(name = "--scope", multiValued = true, description = "permission=all or permission=2001,2002 (replaces)")
        List<String> scope;
        @Option(name = "--members", description = "Comma-separated agent ids to move to this role")
        String members;
        @Argument(index = 0, name = "id", required = true)
        @Completion(Completers.RoleId.class)
        long id;

        @Override
        protected Object run() {
            print(roles.edit(instance(), id, new RoleDraft(name, permissions == null ? null : split(permissions),
                    scope(scope), members == null ? null : split(members))), System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "role-delete", description = "Delete a custom role (refused while agents hold it)")
    public static final class DeleteRole extends RoleAction {
        @Argument(index = 0, name = "id", required = true)
        @Completion(Completers.RoleId.class)
        long id;

        @Override
        protected Object run() {
            roles.delete(instance(), id);
            System.out.println("Deleted role " + id);
            return null;
        }
    }

    static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, List<Long>> scope(List<String> entries) {
        if (entries == null) {
            return null;
        }
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq < 0) {
                throw new io.parley.api.error.MalformedException("scope", "must be permission=all or permission=id,id");
            }
            String value = e.substring(eq + 1).strip();
            try {
                out.put(e.substring(0, eq).strip(), "all".equals(value) ? null
                        : split(value).stream().map(Long::valueOf).toList());
            } catch (NumberFormatException ex) {
                throw new io.parley.api.error.MalformedException("scope", "skill group ids must be integers");
            }
        }
        return out;
    }

    static void print(Role r, PrintStream out) {
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value").maxSize(80);
        table.addRow().addContent("id", r.id());
        table.addRow().addContent("name", r.name());
        table.addRow().addContent("builtin", r.isBuiltin() ? r.builtin().wire() : "no");
        table.addRow().addContent("permissions", r.permissions().stream().map(Permission::wire)
                .collect(Collectors.joining(",")));
        table.addRow().addContent("skill_group_scope", r.skillGroupScope().isEmpty() ? "all" : r.skillGroupScope()
                .entrySet().stream().map(e -> e.getKey().wire() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        table.addRow().addContent("member_count", r.memberCount());
        table.print(out);
    }
}
