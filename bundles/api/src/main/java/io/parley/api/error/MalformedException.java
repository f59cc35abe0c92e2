package io.parley.api.error;

/**
 * The request cannot be read at all: not JSON, a field of the wrong JSON type, an unknown
 * field (HTTP 400).
 *
 * <pre>{@code
 * throw new MalformedException("page", "must be an integer");
 * }</pre>
 */
public final class MalformedException extends DomainException {
    private static final long serialVersionUID = 1L;

    public MalformedException(String field, String rule) {
        super("MALFORMED", field, field == null ? rule : field + ": " + rule);
    }
}
