package io.parley.shell;

import io.parley.api.error.DomainException;
import io.parley.api.instance.InstanceService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of Parley's commands: a failure the operator caused prints the same code and
 * message as the REST error body, without a stack trace.
 */
public abstract class ParleyAction implements Action {

    @Reference
    protected InstanceService instances;

    @Option(name = "--instance", aliases = "-i", description = "Instance id (default: the default instance)")
    protected Long instanceId;

    @Override
    public final Object execute() throws Exception {
        try {
            return run();
        } catch (DomainException e) {
            throw new ParleyCommandError(e);
        }
    }

    protected abstract Object run() throws Exception;

    protected long instance() {
        return instanceId != null ? instanceId : instances.defaultInstance().id();
    }

    /** Printed by the console as "Error executing command: CODE message". */
    static final class ParleyCommandError extends Exception {
        private static final long serialVersionUID = 1L;

        ParleyCommandError(DomainException e) {
            super(e.code() + " " + e.getMessage(), null, false, false);
        }
    }
}
