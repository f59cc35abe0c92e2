package io.parley.sip.steady;

/**
 * A lookup the SIP core needed while the bundle that answers it was away (stopped or
 * restarting). The request that needed it fails (a new call or registration is answered
 * 503); calls already up do not ask.
 */
public final class ServiceAwayException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ServiceAwayException(String service) {
        super(service + " is not running");
    }
}
