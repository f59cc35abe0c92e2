package io.parley.api.error;

/**
 * Credentials are missing, wrong, expired or the account may not log in (HTTP 401). The
 * message never says which of these, so accounts cannot be enumerated.
 */
public final class AuthenticationException extends DomainException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException() {
        super("UNAUTHENTICATED", null, "authentication required: valid bearer token or Basic credentials");
    }
}
