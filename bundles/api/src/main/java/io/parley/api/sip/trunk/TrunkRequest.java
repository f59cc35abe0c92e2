package io.parley.api.sip.trunk;

import java.util.List;

/**
 * A request outside any dialog a trunk asks the SIP core to send (REGISTER to a carrier, OPTIONS
 * to a peer). The core adds Via (our address as {@code transport} reaches the next hop), Max-Forwards
 * and the configured User-Agent, and sends it in its own client transaction.
 *
 * <pre>{@code
 * TrunkRequest register = new TrunkRequest("REGISTER", "sip:carrier.example:5060", "sip:acct42@carrier.example",
 *         fromTag, "sip:acct42@carrier.example", callId, ++cseq, "udp", null,
 *         List.of(new SipHeader("Contact", "<sip:acct42@" + sip.localHost("carrier.example", "udp") + ":"
 *                 + sip.localPort("udp") + ">"), new SipHeader("Expires", "3600")));
 * }</pre>
 *
 * @param method     {@code REGISTER}, {@code OPTIONS}, …
 * @param requestUri the Request-URI
 * @param from       the From URI
 * @param fromTag    the From tag
 * @param to         the To URI (no tag)
 * @param callId     the Call-ID
 * @param cseq       the CSeq number
 * @param transport  {@code udp}, {@code tcp} or {@code tls}
 * @param route      a loose route to send through (an outbound proxy URI with {@code ;lr}), or null
 * @param headers    further headers (Contact, Expires, Authorization…), added as they are
 */
public record TrunkRequest(String method, String requestUri, String from, String fromTag, String to, String callId,
                           long cseq, String transport, String route, List<SipHeader> headers) {

    public TrunkRequest {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** The same request with {@code header} added (e.g. the digest answer to a challenge). */
    public TrunkRequest with(SipHeader header) {
        List<SipHeader> all = new java.util.ArrayList<>(headers);
        all.add(header);
        return new TrunkRequest(method, requestUri, from, fromTag, to, callId, cseq, transport, route, all);
    }
}
