package io.parley.api.auth;

import java.util.Optional;

/**
 * Checks credentials and issues bearer tokens (SPEC §34 point 1). Passwords and tokens are
 * stored hashed; a wrong password, an unknown login and an expired token fail the same way.
 *
 * <pre>{@code
 * Caller admin = auth.authenticatePassword("admin", password);
 * IssuedToken t = auth.issueToken(admin);
 * Caller same = auth.authenticateToken(t.token());
 * }</pre>
 */
public interface AuthenticationService {

    /** @throws io.parley.api.error.AuthenticationException when the pair does not match */
    Caller authenticatePassword(String login, String password);

    /** @throws io.parley.api.error.AuthenticationException when unknown, revoked or expired */
    Caller authenticateToken(String token);

    IssuedToken issueToken(Caller caller);

    void revokeToken(String token);

    /**
     * A one-minute token of the appliance administrator, for the operator shell: the shell
     * runs inside the appliance and is trusted already, and its {@code --json} output (SPEC
     * §33) is the REST API's own answer to the same query. Revoke it after use.
     *
     * <pre>{@code
     * IssuedToken t = auth.issueOperatorToken();
     * try { get("/api/v1/instances", "Bearer " + t.token()); } finally { auth.revokeToken(t.token()); }
     * }</pre>
     */
    IssuedToken issueOperatorToken();

    /**
     * Replaces a password after checking the current one. Every token of the account stops
     * working.
     *
     * @throws io.parley.api.error.AuthenticationException when {@code currentPassword} is wrong
     * @throws io.parley.api.error.InvalidException        when the new password breaks the rules
     */
    void changePassword(String login, String currentPassword, String newPassword);

    /**
     * The bootstrap administrator's generated password, for as long as it is unchanged;
     * empty once it has been changed or when it came from {@code PARLEY_ADMIN_PASSWORD}.
     */
    Optional<String> initialAdminPassword();
}
