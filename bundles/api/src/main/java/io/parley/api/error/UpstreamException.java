package io.parley.api.error;

/**
 * A customer system the appliance depends on for this request failed or did not answer in
 * time (HTTP 502), e.g. the number-to-user-ID mapping service (SPEC §26.2).
 *
 * <pre>{@code
 * throw new UpstreamException("MAPPING_FAILED", "callee", "the mapping service answered Code 3 for U1001");
 * }</pre>
 */
public final class UpstreamException extends DomainException {
    private static final long serialVersionUID = 1L;

    /** @param code a stable code REST answers with 502, e.g. {@code MAPPING_FAILED} */
    public UpstreamException(String code, String field, String message) {
        super(code, field, message);
    }
}
