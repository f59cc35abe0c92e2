package io.parley.sip.registrar;

import io.parley.sip.auth.DigestCredentials;
import java.util.List;

/**
 * A REGISTER as the registrar reads it, whichever parser read it: the full stack's (TCP, TLS and
 * unusual datagrams, {@link PhoneRegistrar#register(javax.sip.message.Request)}) or the datagram lane's
 * ({@link RegisterDatagram}), so both answer through the one {@link PhoneRegistrar#register(RegisterRequest)}.
 *
 * @param toUser      the user of the To URI (extension or gateway username), null when To is not a SIP URI with a user
 * @param toHost      the host of the To URI (the instance's SIP domain)
 * @param credentials the Authorization header's digest answer, null when there is none
 * @param contacts    the Contact header fields in order (empty: a query of the bindings)
 * @param expires     the Expires header's seconds, -1 when there is none
 * @param userAgent   the User-Agent's products, or null
 * @param callId      the Call-ID
 * @param transport   the top Via's transport, lower case
 * @param ip          the address the request came from
 * @param source      ip:port where the phone is reached again (the binding's source address)
 */
public record RegisterRequest(String toUser, String toHost, DigestCredentials credentials, List<ContactField> contacts,
                       int expires, String userAgent, String callId, String transport, String ip, String source) {

    /**
     * One Contact header field value: {@code *}, or a URI with its {@code expires} parameter.
     *
     * @param uri      the contact URI as written (null for the wildcard)
     * @param expires  its expires parameter, -1 when it has none
     * @param wildcard {@code Contact: *}
     */
    record ContactField(String uri, int expires, boolean wildcard) {
    }
}
