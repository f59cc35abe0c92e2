package io.parley.api.sip.trunk;

import io.parley.api.sip.TrunkStatus;
import io.parley.api.telephony.SipChannel;
import java.util.concurrent.CompletionStage;

/**
 * One channel as a connector keeps it: its registration or keepalive, its live status, the
 * admission of its peers' INVITEs and the address of its outbound legs. Opened by
 * {@link TrunkConnector#open}; every method may be called from any thread.
 *
 * <pre>{@code
 * Trunk t = connector.open(channel, sip);
 * t.start();                                             // e.g. the first REGISTER
 * t.status();                                            // registered, reachable, ...
 * Admission a = t.admit(invite);                         // a peer's new call
 * OutboundRoute r = t.route(leg);                        // where our INVITE goes, with which headers
 * t.close().toCompletableFuture().get();                 // e.g. unregistered (Expires: 0) and answered
 * }</pre>
 */
public interface Trunk {

    /** Starts keeping the channel (register, probe). */
    void start();

    /**
     * The channel was edited: true when this trunk took the change in place (a peer list, the
     * same account), false when the core must close it and open a new one.
     */
    boolean update(SipChannel changed);

    /** The channel's live status (SPEC §1.3 {@code status}) with the details behind it. */
    TrunkStatus status();

    /**
     * Whether a new INVITE from one of the channel's peers (the core matched its source to this
     * channel) is taken; refused INVITEs are answered with {@link Admission#status()}.
     */
    Admission admit(InboundInvite invite);

    /**
     * Where an outbound leg through a number of this channel goes: its Request-URI, next hop, extra
     * headers and the credentials for a digest challenge.
     *
     * @throws TrunkRefusedException when the channel cannot carry a call now (e.g. no gateway registered);
     *                               the leg ends as {@code carrier_error}
     */
    OutboundRoute route(OutboundLeg leg) throws TrunkRefusedException;

    /**
     * Stops keeping the channel (stops refreshing, unregisters); completes once the carrier has
     * answered the unregister, or at once when there is nothing to wait for. Calls already up are not affected.
     */
    CompletionStage<Void> close();
}
