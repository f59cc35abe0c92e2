package io.parley.api.error;

/**
 * The authenticated caller's role lacks the permission the operation needs (HTTP 403).
 *
 * <pre>{@code
 * throw new ForbiddenException("skill_groups");
 * }</pre>
 */
public final class ForbiddenException extends DomainException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String permission) {
        super("FORBIDDEN", null, "this operation needs the permission '" + permission + "'");
    }
}
