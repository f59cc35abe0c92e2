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
 */
public record LegInfo(String id, String kind, String party, String address, String state, int sipStatus,
                      String failureStatus, long rtpReceived, long rtpSent, Instant since) {

    public static final String RINGING = "ringing";
    public static final String EARLY = "early";
    public static final String ANSWERED = "answered";
    public static final String HELD = "held";
    public static final String ENDED = "ended";

    /** Answered (possibly on hold) and not ended. */
    public boolean isAnswered() {
        return ANSWERED.equals(state) || HELD.equals(state);
    }
}
