package io.parley.shell;

import io.parley.api.instance.Instance;
import io.parley.api.paging.PageRequest;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

public final class InstanceCommands {

    private InstanceCommands() {
    }

    @Service
    @Command(scope = "parley", name = "instance-list", description = "List the appliance's instances")
    public static final class ListInstances extends JsonAction {
        @Option(name = "--page")
        Integer page;
        @Option(name = "--page-size")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances").param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            var result = instances.list(PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Time zone");
            table.column("Created");
            for (Instance i : result.items()) {
                table.addRow().addContent(i.id(), i.name(), i.timeZone(), i.createdAt());
            }
            table.print(System.out);
            System.out.println(result.total() + " instance(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "instance-add", description = "Create an instance")
    public static final class AddInstance extends ParleyAction {
        @Argument(index = 0, name = "name", required = true, description = "1..64 characters, unique")
        String name;
        @Option(name = "--time-zone", description = "IANA time zone, default UTC")
        String timeZone;

        @Override
        protected Object run() {
            Instance i = instances.create(name, timeZone);
            System.out.println("Created instance " + i.id() + " (" + i.name() + ")");
            return null;
        }
    }
}
