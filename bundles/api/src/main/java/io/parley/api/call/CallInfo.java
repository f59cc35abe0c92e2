package io.parley.api.call;

import java.time.Instant;
import java.util.List;

/**
 * A live (or just ended) call: one session that owns its legs.
 *
 * <pre>{@code
 * for (CallInfo c : callControl.calls()) {
 *     System.out.println(c.id() + " " + c.caller() + " -> " + c.callee() + " " + c.state());
 * }
 * }</pre>
 *
 * @param id         the session id ({@code ${SystemSessionId}}, SPEC §27.1)
 * @param instanceId the instance the call belongs to
 * @param direction  {@code inbound} (from a trunk) or {@code outbound} (from a phone or originated)
 * @param category   {@code telephone}, or {@code internal} for phone-to-phone calls (SPEC §27.1)
 * @param caller     the caller number or extension
 * @param callee     the called number or extension
 * @param state      {@link #SETUP}, {@link #ANSWERED}, {@link #BRIDGED}, {@link #HELD} or {@link #ENDED}
 * @param legs       the legs, first leg first
 * @param since      when the call was created
 * @param status     the SPEC §27.2 status once ended, else {@code calling}
 */
public record CallInfo(String id, long instanceId, String direction, String category, String caller, String callee,
                       String state, List<LegInfo> legs, Instant since, String status) {

    public static final String SETUP = "setup";
    public static final String ANSWERED = "answered";
    public static final String BRIDGED = "bridged";
    public static final String HELD = "held";
    public static final String ENDED = "ended";

    /** Copies the legs. */
    public CallInfo {
        legs = List.copyOf(legs);
    }
}
