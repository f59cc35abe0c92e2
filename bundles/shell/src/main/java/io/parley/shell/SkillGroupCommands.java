package io.parley.shell;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.skillgroup.SkillGroupDraft;
import io.parley.api.skillgroup.SkillGroupService;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:skill-group-*}: the shell face of SPEC §6, with the service's validation. */
public final class SkillGroupCommands {

    private SkillGroupCommands() {
    }

    public abstract static class SkillGroupAction extends ParleyAction {
        @Reference
        SkillGroupService groups;
    }

    /** The skill group commands that show something and take --json. */
    public abstract static class SkillGroupView extends JsonAction {
        @Reference
        SkillGroupService groups;
    }

    @Service
    @Command(scope = "parley", name = "skill-group-list", description = "List skill groups, optionally searching by name")
    public static final class ListGroups extends SkillGroupView {
        @Option(name = "--name", description = "Part of the name, ignoring case")
        String name;
        @Option(name = "--page", description = "Page number, from 1")
        Integer page;
        @Option(name = "--page-size", description = "10..100, default 10")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/skill-groups", instance()).param("name", name).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            Page<SkillGroup> result = groups.list(instance(), name, PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Ringing");
            table.column("Extension");
            table.column("Agents");
            for (SkillGroup g : result.items()) {
                table.addRow().addContent(g.id(), g.name(), g.ringingMode().wire(),
                        g.extension() == null ? "" : g.extension(), g.agentCount());
            }
            table.print(System.out);
            System.out.println(result.total() + " skill group(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "skill-group-show", description = "Show one skill group")
    public static final class ShowGroup extends SkillGroupView {
        @Argument(index = 0, name = "id", required = true)
        @Completion(Completers.SkillGroupId.class)
        long id;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/skill-groups/%d", instance(), id);
        }

        @Override
        protected void show() throws Exception {
            print(groups.get(instance(), id), System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "skill-group-add", description = "Create a skill group")
    public static final class AddGroup extends SkillGroupAction {
        @Argument(index = 0, name = "name", required = true, description = "1..32 characters, unique")
        String name;
        @Option(name = "--ringing-mode", description = "sequential (default) or simultaneous")
        @Completion(Completers.RingingModes.class)
        String ringingMode;
        @Option(name = "--extension", description = "4-6 digits, first digit 1-8")
        String extension;
        @Option(name = "--reception-limit", description = "fixed at 1 for phone groups")
        Integer receptionLimit;

        @Override
        protected Object run() {
            SkillGroup g = groups.create(instance(),
                    new SkillGroupDraft(name, ringingMode, receptionLimit, extension, false));
            System.out.println("Created skill group " + g.id());
            print(g, System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "skill-group-edit", description = "Change a skill group's fields")
    public static final class EditGroup extends SkillGroupAction {
        @Argument(index = 0, name = "id", required = true)
        @Completion(Completers.SkillGroupId.class)
        long id;
        @Option(name = "--name")
        String name;
        @Option(name = "--ringing-mode")
        @Completion(Completers.RingingModes.class)
        String ringingMode;
        @Option(name = "--extension")
        String extension;
        @Option(name = "--no-extension", description = "Remove the extension")
        boolean noExtension;
        @Option(name = "--reception-limit")
        Integer receptionLimit;

        @Override
        protected Object run() {
            print(groups.edit(instance(), id, new SkillGroupDraft(name, ringingMode, receptionLimit, extension, noExtension)),
                    System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "skill-group-delete", description = "Delete a skill group (refused while it has agents)")
    public static final class DeleteGroup extends SkillGroupAction {
        @Argument(index = 0, name = "id", required = true)
        @Completion(Completers.SkillGroupId.class)
        long id;

        @Override
        protected Object run() {
            groups.delete(instance(), id);
            System.out.println("Deleted skill group " + id);
            return null;
        }
    }

    static void print(SkillGroup g, PrintStream out) {
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("id", g.id());
        table.addRow().addContent("name", g.name());
        table.addRow().addContent("type", g.type());
        table.addRow().addContent("ringing_mode", g.ringingMode().wire());
        table.addRow().addContent("reception_limit", g.receptionLimit());
        table.addRow().addContent("extension", g.extension() == null ? "" : g.extension());
        table.addRow().addContent("agent_count", g.agentCount());
        table.addRow().addContent("agents", g.agents().stream().map(m -> m.id() + " (priority " + m.priority() + ")")
                .collect(java.util.stream.Collectors.joining(", ")));
        table.addRow().addContent("phones", g.phones().stream().map(m -> m.id() + " (priority " + m.priority() + ")")
                .collect(java.util.stream.Collectors.joining(", ")));
        table.print(out);
    }
}
