package io.parley.api.sip.trunk;

import io.parley.api.sip.GatewayBinding;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the SIP core offers a {@link Trunk}: requests outside dialogs and their answers, the digest
 * answer to a challenge, the appliance's address as a peer sees it, the registrations of
 * appliance_account gateways and the operator's trunk timings. A connector never sees the SIP stack.
 *
 * <pre>{@code
 * TrunkSignalling.Sent probe = sip.send(new TrunkRequest("OPTIONS", "sip:192.0.2.7:5060",
 *         "sip:parley@" + sip.localHost("192.0.2.7", "udp"), tag, "sip:192.0.2.7:5060", callId, 1, "udp", null, List.of()));
 * probe.answer().thenAccept(a -> reachable = !a.timedOut() && a.status() < 500);
 * }</pre>
 */
public interface TrunkSignalling {

    /** A request on its way: its outcome, and a way to stop waiting for it. */
    interface Sent {
        /** Completes with the final response or a timeout; exceptionally when the request could not be sent. */
        CompletionStage<TrunkAnswer> answer();

        /** Stops the request's retransmissions; its answer, if it still comes, completes nothing. */
        void abandon();
    }

    /** Sends {@code request} in a new client transaction. */
    Sent send(TrunkRequest request);

    /**
     * The Authorization (401) or Proxy-Authorization (407) header answering {@code challenge} for
     * {@code retry} (the request to send again: its method and Request-URI are digested), MD5 or
     * SHA-256 with qop auth; empty when the challenge uses what is not supported.
     */
    Optional<SipHeader> authorization(TrunkAnswer challenge, TrunkRequest retry, String username, String password);

    /** The appliance's host as {@code remoteHost} reaches it over {@code transport} (configured, bound, or routed). */
    String localHost(String remoteHost, String transport);

    /** The appliance's SIP port for {@code transport}, or 0 when it does not listen on it. */
    int localPort(String transport);

    /** The live registrations of the gateway of appliance_account channel {@code channelId}. */
    List<GatewayBinding> gatewayBindings(long channelId);

    /** The operator's trunk timings. */
    TrunkTimers timers();
}
