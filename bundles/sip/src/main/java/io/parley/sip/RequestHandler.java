package io.parley.sip;

import javax.sip.RequestEvent;

/**
 * Serves the requests of some SIP methods (a call's INVITE, BYE, CANCEL…). {@link SipSignalling}
 * dispatches each incoming request by method to the handler registered for it; the handler
 * creates its server transaction (or answers statelessly) and sends every response itself.
 *
 * <pre>{@code
 * signalling.handle(Request.INVITE, calls);   // calls implements RequestHandler
 * }</pre>
 */
public interface RequestHandler {

    /**
     * Handles one request. An exception is answered by the dispatcher: 400 for a parse
     * problem or an {@link IllegalArgumentException}, 500 otherwise.
     */
    void handle(RequestEvent event) throws Exception;
}
