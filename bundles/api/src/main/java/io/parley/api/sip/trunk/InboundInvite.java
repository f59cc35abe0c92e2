package io.parley.api.sip.trunk;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A new INVITE whose source the SIP core matched to a channel, as its trunk sees it for admission.
 *
 * <pre>{@code
 * boolean fromPeer = channel.peers().stream().anyMatch(p -> p.ip().equals(invite.sourceIp()));
 * String diversion = invite.header("Diversion");       // null when absent
 * }</pre>
 *
 * @param sourceIp   the address the INVITE came from
 * @param sourcePort its port
 * @param transport  {@code udp}, {@code tcp} or {@code tls}
 * @param calledUser the user part of the Request-URI, as sent
 * @param callerUser the user part of the From URI, as sent (may be null)
 * @param headers    every header's values by lower-case name
 */
public record InboundInvite(String sourceIp, int sourcePort, String transport, String calledUser, String callerUser,
                            Map<String, List<String>> headers) {

    public InboundInvite {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
