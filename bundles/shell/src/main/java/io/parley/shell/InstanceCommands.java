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
    public static final class ListInstances extends ParleyAction {
        @Option(name = "--page")
        Integer page;
        @Option(name = "--page-size")
        Integer pageSize;

        @Option(name = "--json", description = "Print the REST API's JSON instead")
        boolean json;

        @Override
        protected Object run() throws Exception {
            if (json) {
                return printJson(RestJson.query("/instances").param("page", page).param("page_size", pageSize));
            }
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
            return null;
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
