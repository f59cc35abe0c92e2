package io.parley.api.call;

import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.Playback;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.RtpEndpoint;
import java.util.List;
import java.util.Optional;

/**
 * The appliance's calls, an OSGi service of the SIP bundle (a B2BUA: every call owns its legs
 * and anchors their RTP in the media server). What the IVR, ACD and agent features drive a
 * call with. Every change is posted on EventAdmin under {@code parley/call/*}
 * ({@link io.parley.api.event.CallEvents}).
 *
 * <pre>{@code
 * // an IVR hands an answered inbound call to an agent phone
 * callControl.play(callId, "a", PlayRequest.loop(queueMusic));
 * Dialing agent = callControl.dial(callId, Destination.phone(instanceId, "8001"));
 * agent.outcome().thenAcceptAsync(leg -> {
 *     if (leg.isAnswered()) callControl.bridge(callId, "a", leg.id());
 * });
 * // later
 * callControl.hangup(callId, null);
 * }</pre>
 *
 * Unknown call or leg ids throw {@link io.parley.api.error.NotFoundException}; an operation that
 * does not fit the call's state throws {@link io.parley.api.error.ConflictException}. A leg the
 * appliance cannot place (no registration, no usable trunk number, a number's limits) is not an
 * exception: its {@link Dialing#outcome()} completes at once with an ended leg and its §27.2
 * {@code failureStatus}; when the appliance refused it by a SPEC §11.2 rule,
 * {@link LegInfo#failureReason()} says which, so the agent-outbound REST endpoint answers
 * {@code NO_CALLER_NUMBER} with 409 and {@code CALLER_NUMBER_NOT_ALLOWED} with 422 on
 * {@code caller_number}:
 *
 * <pre>{@code
 * LegInfo leg = callControl.originate(Destination.external(instanceId, callee, chosen, agentId), null)
 *         .outcome().toCompletableFuture().get();
 * if (LegInfo.NO_CALLER_NUMBER.equals(leg.failureReason())) throw new ConflictException("caller_number", "NO_CALLER_NUMBER");
 * }</pre>
 */
public interface CallControl {

    /** Live calls, oldest first. */
    List<CallInfo> calls();

    /** The live call with this id, or empty. */
    Optional<CallInfo> call(String callId);

    /** Answers the call's first leg if it is an inbound leg still ringing; otherwise returns it unchanged. */
    CallInfo answer(String callId);

    /** The RTP endpoint of a leg, for play/collect/record through the media server. */
    RtpEndpoint media(String callId, String legId);

    /** Plays to one leg (queued behind what already plays there). */
    Playback play(String callId, String legId, PlayRequest request);

    /** Collects DTMF keys the party of one leg presses. */
    DtmfCollector collect(String callId, String legId, DigitCollectSpec spec);

    /**
     * Starts a new outbound call with one leg (e.g. click-to-dial rings the agent's phone first).
     *
     * @param destination   the first party
     * @param callerDisplay what the first party sees as caller (an extension or number), or null
     */
    Dialing originate(Destination destination, String callerDisplay);

    /** Adds a leg to a call; it rings until answered, failed or the call-progress timeout. */
    Dialing dial(String callId, Destination destination);

    /** Relays audio between two answered legs of the call (the first is the customer side). */
    void bridge(String callId, String customerLegId, String otherLegId);

    /**
     * Replaces leg {@code legId} by a new leg to {@code destination}: once the new leg answers it
     * is bridged with the remaining party and {@code legId} is hung up; if it fails, nothing changes.
     */
    Dialing transfer(String callId, String legId, Destination destination);

    /**
     * {@link #transfer(String, String, Destination)} whose {@code parley/call/TRANSFERRED} event
     * names the transfer as the one who asked sees it (SPEC §21): {@code transfer.type}
     * ({@code agent}, {@code external}, {@code extension}…) and {@code transfer.to} (the agent id,
     * the number).
     *
     * <pre>{@code
     * callControl.transfer(sid, "a", Destination.phone(instanceId, "8002"), "agent", "100011");
     * }</pre>
     */
    default Dialing transfer(String callId, String legId, Destination destination, String transferType,
                             String transferTo) {
        return transfer(callId, legId, destination);
    }

    /** Puts the customer side of the call's bridge on hold (hold music) or takes it off. */
    void hold(String callId, boolean onHold);

    /**
     * Mutes or unmutes the agent side of the call's bridge (SPEC §21): the customer side hears
     * silence instead of the agent, the agent still hears the customer.
     *
     * <pre>{@code
     * callControl.mute(callId, true);    // the customer no longer hears the agent
     * callControl.mute(callId, false);
     * }</pre>
     *
     * @throws io.parley.api.error.ConflictException the call is not bridged
     */
    default void mute(String callId, boolean muted) {
        throw new UnsupportedOperationException("mute");
    }

    /**
     * Makes the call a two-party call from now on: whichever answered leg hangs up ends it, with
     * a BYE to the others. An agent's originated call (SPEC §16.1) is one: the agent's phone is
     * its first leg, and the customer hanging up must end the agent's leg too; a leg the call
     * gives up itself (a transfer's old leg, a dialled leg that failed) does not end it.
     *
     * <pre>{@code
     * Dialing agent = callControl.originate(Destination.phone(instanceId, "8001"), "Parley");
     * callControl.endWithAnyLeg(agent.callId());
     * }</pre>
     */
    default void endWithAnyLeg(String callId) {
        throw new UnsupportedOperationException("endWithAnyLeg");
    }

    /** Hangs up one leg; the call goes on while other legs remain. */
    void hangupLeg(String callId, String legId);

    /**
     * Hangs up the whole call (BYE, CANCEL or a final response on every leg).
     *
     * @param status the SPEC §27.2 status to record, or {@code null} to let the call layer decide
     */
    void hangup(String callId, String status);
}
