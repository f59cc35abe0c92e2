package io.parley.rest;

import io.parley.api.error.DomainException;

/**
 * A resource called a service that is not registered right now (its bundle is stopped,
 * restarting or unsatisfied). Answered 503 with the SPEC §0.2 body, code
 * {@code SERVICE_UNAVAILABLE}, naming the service and the bundle that last provided it.
 */
final class ServiceMissingException extends DomainException {
    private static final long serialVersionUID = 1L;

    static final String CODE = "SERVICE_UNAVAILABLE";

    ServiceMissingException(String service, String bundle) {
        super(CODE, null, service + " is not running" + (bundle == null ? "" : " (bundle " + bundle + ")")
                + "; these endpoints answer again once it is back");
    }
}
