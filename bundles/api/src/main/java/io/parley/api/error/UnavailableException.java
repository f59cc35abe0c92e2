package io.parley.api.error;

/**
 * A service the request needs is not running right now (HTTP 503, code
 * {@code SERVICE_UNAVAILABLE}), e.g. a transfer to a skill group while no ACD is installed.
 *
 * <pre>{@code
 * throw new UnavailableException("target", "Acd is not running: transfers to a skill group need the ACD bundle");
 * }</pre>
 */
public final class UnavailableException extends DomainException {
    private static final long serialVersionUID = 1L;

    public static final String CODE = "SERVICE_UNAVAILABLE";

    public UnavailableException(String field, String message) {
        super(CODE, field, message);
    }
}
