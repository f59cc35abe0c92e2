package io.parley.shell;

import io.parley.api.ivr.IvrNodeTypeCatalog;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "parley", name = "ivr-node-types", description = "List the IVR node types installed now")
public class IvrNodeTypesCommand implements Action {

    @Reference
    IvrNodeTypeCatalog catalog;

    @Override
    public Object execute() {
        if (catalog.types().isEmpty()) {
            System.out.println("No IVR node types are installed.");
        }
        catalog.types().forEach(System.out::println);
        return null;
    }
}
