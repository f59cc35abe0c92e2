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

    /**
     * A conflict with a code of its own that REST also answers with 409, e.g. SPEC §11.2's
     * {@code NO_CALLER_NUMBER}.
     *
     * <pre>{@code
     * throw new ConflictException("NO_CALLER_NUMBER", "caller_number", "no active outbound number is under its limits");
     * }</pre>
     */
    public ConflictException(String code, String field, String message) {
        super(code, field, message);
    }
}
