package io.parley.api.call;

import java.time.Instant;

/**
 * One side of a call as it is now: the SIP dialog to a trunk or a phone and its RTP endpoint.
 *
 * <pre>{@code
 * LegInfo leg = call.legs().get(0);
 * if (leg.isAnswered() && leg.rtpReceived() > 0) { ... the peer's audio arrives ... }
 * }</pre>
 *
 * @param id            leg id within the call: {@code a} for the first leg, then {@code b}, {@code c}…
 * @param kind          {@code trunk} (a carrier, gateway or public-trunk peer) or {@code phone}
 * @param party         the extension of a phone, or the number of the other party on a trunk
 * @param address       ip:port of the SIP peer
 * @param state         {@link #RINGING}, {@link #EARLY} (early media), {@link #ANSWERED}, {@link #HELD} or {@link #ENDED}
 * @param sipStatus     the final SIP status of the leg's INVITE, 0 while none
 * @param failureStatus SPEC §27.2 status of an unanswered leg (e.g. {@code callee_busy}), or {@code null}
 * @param rtpReceived   RTP packets received from the peer
 * @param rtpSent       RTP packets sent to the peer
 * @param since         when the leg was created
 * @param failureReason why the appliance itself refused to place the leg (no INVITE was sent), as a
 *                      stable code, or {@code null}. SPEC §11.2 refusals of an agent's external call:
 *                      {@link #NO_CALLER_NUMBER} (a REST caller answers 409 {@code NO_CALLER_NUMBER}),
 *                      {@link #CALLER_NUMBER_NOT_ALLOWED} (422 on {@code caller_number}) and
 *                      {@link #UNKNOWN_AGENT}; {@code failureStatus} is {@code carrier_error} for all three
 */
public record LegInfo(String id, String kind, String party, String address, String state, int sipStatus,
                      String failureStatus, long rtpReceived, long rtpSent, Instant since, String failureReason) {

    public static final String RINGING = "ringing";
    public static final String EARLY = "early";
    public static final String ANSWERED = "answered";
    public static final String HELD = "held";
    public static final String ENDED = "ended";

    /** SPEC §11.2 step 6: no active, outbound-capable number of the instance is under its limits. */
    public static final String NO_CALLER_NUMBER = "NO_CALLER_NUMBER";
    /**
     * SPEC §11.2 step 5: the agent's chosen caller number is not the instance's usable outbound number,
     * is not bound to one of the agent's skill groups, or the instance does not let agents choose.
     */
    public static final String CALLER_NUMBER_NOT_ALLOWED = "CALLER_NUMBER_NOT_ALLOWED";
    /** The agent the call was placed for does not exist in the instance. */
    public static final String UNKNOWN_AGENT = "UNKNOWN_AGENT";

    /** A leg the appliance did not refuse itself (the form before {@code failureReason} existed). */
    public LegInfo(String id, String kind, String party, String address, String state, int sipStatus,
                   String failureStatus, long rtpReceived, long rtpSent, Instant since) {
        this(id, kind, party, address, state, sipStatus, failureStatus, rtpReceived, rtpSent, since, null);
    }

    /** Answered (possibly on hold) and not ended. */
    public boolean isAnswered() {
        return ANSWERED.equals(state) || HELD.equals(state);
    }
}
