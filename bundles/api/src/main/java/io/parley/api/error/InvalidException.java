package io.parley.api.error;

/**
 * A value breaks a SPEC rule (HTTP 422). The message names the field and the rule.
 *
 * <pre>{@code
 * if (name.isBlank()) throw new InvalidException("name", "is required");
 * }</pre>
 */
public final class InvalidException extends DomainException {
    private static final long serialVersionUID = 1L;

    public InvalidException(String field, String rule) {
        super("INVALID", field, field + ": " + rule);
    }
}
