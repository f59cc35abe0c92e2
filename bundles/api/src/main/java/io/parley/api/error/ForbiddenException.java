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

    private ForbiddenException(String field, String message, boolean explained) {
        super("FORBIDDEN", field, message);
    }

    /**
     * Refused for a reason other than a missing permission, e.g. a setting that is off:
     * {@code throw ForbiddenException.because("allow_agent_blocklist", "agents may not add to the blocklist")}.
     */
    public static ForbiddenException because(String field, String message) {
        return new ForbiddenException(field, message, true);
    }
}
