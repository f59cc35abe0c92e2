package io.parley.api.sip.trunk;

import java.util.List;

/**
 * Where the SIP core sends an outbound leg's INVITE and what it adds to it.
 *
 * <pre>{@code
 * return OutboundRoute.direct(leg.user(), peer.ip(), peer.port(), "udp")
 *         .withHeaders(List.of(new SipHeader("P-Asserted-Identity", "<sip:+4420794600@" + peer.ip() + ">")));
 * }</pre>
 *
 * @param user        the Request-URI (and To) user
 * @param host        the Request-URI host
 * @param port        the Request-URI port
 * @param transport   {@code udp}, {@code tcp} or {@code tls}
 * @param routeHost   the next hop when it is not the Request-URI's host (an outbound proxy as a loose route, a
 *                    gateway's NAT address), else null
 * @param routePort   its port (0 without routeHost)
 * @param headers     headers added to the INVITE as they are (e.g. P-Asserted-Identity, Diversion)
 * @param credentials what answers the carrier's 401/407 to the INVITE, or null
 */
public record OutboundRoute(String user, String host, int port, String transport, String routeHost, int routePort,
                            List<SipHeader> headers, DigestCredentials credentials) {

    public OutboundRoute {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** Straight to {@code host:port}, no extra headers, no credentials. */
    public static OutboundRoute direct(String user, String host, int port, String transport) {
        return new OutboundRoute(user, host, port, transport, null, 0, List.of(), null);
    }

    /** The same route with {@code more} headers added. */
    public OutboundRoute withHeaders(List<SipHeader> more) {
        List<SipHeader> all = new java.util.ArrayList<>(headers);
        all.addAll(more);
        return new OutboundRoute(user, host, port, transport, routeHost, routePort, all, credentials);
    }
}
