package io.parley.api.error;

/**
 * The addressed resource does not exist (HTTP 404).
 *
 * <pre>{@code
 * throw new NotFoundException("skill group", 2955);
 * }</pre>
 */
public final class NotFoundException extends DomainException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String what, Object id) {
        super("NOT_FOUND", null, what + " " + id + " does not exist");
    }
}
