package io.parley.shell;

import io.parley.api.auth.AuthenticationService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "parley", name = "admin-password",
        description = "Show the generated initial password of the REST administrator 'admin', until it is changed")
public class AdminPasswordCommand implements Action {

    @Reference
    AuthenticationService auth;

    @Override
    public Object execute() {
        System.out.println(auth.initialAdminPassword()
                .map(p -> "admin password: " + p + "\nChange it with POST /api/v1/auth/password.")
                .orElse("The initial admin password is no longer shown: it was changed, or set from PARLEY_ADMIN_PASSWORD."));
        return null;
    }
}
