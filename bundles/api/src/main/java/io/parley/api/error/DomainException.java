package io.parley.api.error;

/**
 * A failure the caller caused or can act on: it carries a stable {@link #code()}, a human
 * message and, where one field is at fault, that field's path ({@code name},
 * {@code agents[2].priority}). REST maps it to the SPEC §0.2 error body and the shell
 * prints the same code and message, so a rule is written once.
 *
 * <pre>{@code
 * throw new InvalidException("name", "must be 1..32 characters");
 * }</pre>
 */
public abstract class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String field;

    protected DomainException(String code, String field, String message) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    /** Stable machine-readable code, e.g. {@code INVALID}, {@code NOT_FOUND}. */
    public String code() {
        return code;
    }

    /** Path of the offending field, or {@code null} when the failure is not about one field. */
    public String field() {
        return field;
    }
}
