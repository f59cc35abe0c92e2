package io.parley.shell;

import io.parley.api.agent.AgentStatusService;
import io.parley.api.agent.BreakReason;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:break-reason-*} and {@code parley:settings-basic}: SPEC §14 from the shell. */
public final class AgentStatusCommands {

    private AgentStatusCommands() {
    }

    public abstract static class StatusAction extends ParleyAction {
        @Reference
        AgentStatusService status;
    }

    /** The agent status commands that show something and take --json. */
    public abstract static class StatusView extends JsonAction {
        @Reference
        AgentStatusService status;
    }

    @Service
    @Command(scope = "parley", name = "settings-basic", description = "Show or set the status an agent gets at login")
    public static final class Basic extends StatusView {
        @Option(name = "--default-status", description = "available or busy")
        String defaultStatus;

        private String saved;

        @Override
        protected void apply() {
            saved = status.updateBasicSettings(instance(), defaultStatus).defaultStatusAfterLogin().wire();
        }

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/settings/basic", instance());
        }

        @Override
        protected void show() {
            System.out.println("default_status_after_login: " + saved);
        }
    }

    @Service
    @Command(scope = "parley", name = "break-reason-list", description = "List On Break reasons")
    public static final class ListReasons extends StatusView {
        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/break-reasons", instance());
        }

        @Override
        protected void show() throws Exception {
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Enabled");
            for (BreakReason r : status.breakReasons(instance())) {
                table.addRow().addContent(r.id(), r.name(), r.enabled());
            }
            table.print(System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "break-reason-add", description = "Create an On Break reason")
    public static final class AddReason extends StatusAction {
        @Option(name = "--disabled", description = "Create it disabled")
        boolean disabled;
        @Argument(index = 0, name = "name", required = true, description = "1..20 characters, unique")
        String name;

        @Override
        protected Object run() {
            BreakReason r = status.createBreakReason(instance(), name, !disabled);
            System.out.println("Created break reason " + r.id());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "break-reason-edit", description = "Rename, enable or disable an On Break reason")
    public static final class EditReason extends StatusAction {
        @Option(name = "--name")
        String name;
        @Option(name = "--enabled", description = "true or false")
        Boolean enabled;
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            BreakReason r = status.editBreakReason(instance(), id, name, enabled);
            System.out.println(r.id() + " " + r.name() + (r.enabled() ? " (enabled)" : " (disabled)"));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "break-reason-delete", description = "Delete an On Break reason")
    public static final class DeleteReason extends StatusAction {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            status.deleteBreakReason(instance(), id);
            System.out.println("Deleted break reason " + id);
            return null;
        }
    }
}
