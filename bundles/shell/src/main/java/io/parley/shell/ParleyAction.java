package io.parley.shell;

import io.parley.api.auth.AuthenticationService;
import io.parley.api.error.DomainException;
import io.parley.api.instance.InstanceService;
import org.osgi.service.cm.ConfigurationAdmin;
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

    /** For {@code --json} only: a command without it still runs when these are away. */
    @Reference(optional = true)
    protected AuthenticationService auth;

    @Reference(optional = true)
    protected ConfigurationAdmin configurationAdmin;

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

    /** Prints what the REST API answers to {@code query} (SPEC §33 {@code --json}). */
    protected Object printJson(RestJson query) throws Exception {
        return query.print(auth, configurationAdmin);
    }

    /** Printed by the console as "Error executing command: CODE message". */
    static class CommandFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailure(String code, String message) {
            super(code + " " + message, null, false, false);
        }
    }

    static final class ParleyCommandError extends CommandFailure {
        private static final long serialVersionUID = 1L;

        ParleyCommandError(DomainException e) {
            super(e.code(), e.getMessage());
        }
    }
}
