package io.parley.sip;

import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;

/**
 * Whoever sent a request through a client transaction and wants its outcome: set as the
 * transaction's application data before {@code sendRequest()}, and {@link SipSignalling}
 * routes the responses and the timeout of that transaction back to it. One listener for
 * the stack, no lookup tables keyed by Call-ID.
 *
 * <pre>{@code
 * ClientTransaction ct = provider.getNewClientTransaction(register);
 * ct.setApplicationData((ClientTransactionHandler) new CarrierRegistration(...));
 * ct.sendRequest();
 * }</pre>
 */
public interface ClientTransactionHandler {

    /** A provisional or final response of the transaction. */
    void response(ResponseEvent event);

    /** The transaction timed out (no final response, Timer B/F). */
    void timeout(TimeoutEvent event);
}
