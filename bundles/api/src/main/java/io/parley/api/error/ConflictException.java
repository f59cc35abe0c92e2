package io.parley.api.error;

/**
 * The request is well formed but clashes with the current state: a duplicate unique value,
 * a delete refused while references remain (HTTP 409).
 *
 * <pre>{@code
 * throw new ConflictException("name", "skill group name 'Sales' is already taken");
 * }</pre>
 */
public final class ConflictException extends DomainException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String field, String message) {
        super("CONFLICT", field, message);
    }
}
