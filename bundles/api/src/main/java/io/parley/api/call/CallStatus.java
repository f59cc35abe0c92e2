package io.parley.api.call;

/**
 * The SPEC §27.2 status values the call layer itself decides, carried by
 * {@link io.parley.api.event.CallEvents#ENDED} in {@link io.parley.api.event.CallEvents#STATUS}.
 * The IVR and ACD pass their own (e.g. {@code abandoned_in_queue}) to
 * {@link CallControl#hangup(String, String)}.
 *
 * <pre>{@code
 * callControl.hangup(callId, CallStatus.IVR_ENDED);
 * }</pre>
 */
public final class CallStatus {

    /** Transient, while the call is in progress. */
    public static final String CALLING = "calling";
    // inbound
    public static final String NOT_ANSWERED = "not_answered";
    public static final String ABANDONED_IN_IVR = "abandoned_in_ivr";
    public static final String IVR_ENDED = "ivr_ended";
    public static final String SYSTEM_ERROR = "system_error";
    public static final String BLOCKLISTED = "blocklisted";
    public static final String NORMAL_END = "normal_end";
    // outbound (SPEC §34 p43 maps the final SIP status to these)
    public static final String ANSWERED = "answered";
    public static final String UNKNOWN = "unknown";
    public static final String MISSED = "missed";
    public static final String REJECTED = "rejected";
    public static final String EMPTY_NUMBER = "empty_number";
    public static final String CALLEE_BUSY = "callee_busy";
    public static final String CARRIER_ERROR = "carrier_error";
    public static final String CALLER_CANCELED = "caller_canceled";

    private CallStatus() {
    }

    /**
     * SPEC §34 p43: the status of an outbound leg whose INVITE ended with {@code sipStatus}
     * before it was answered.
     *
     * <pre>{@code
     * CallStatus.ofFinalResponse(486);   // "callee_busy"
     * }</pre>
     */
    public static String ofFinalResponse(int sipStatus) {
        return switch (sipStatus) {
            case 486, 600 -> CALLEE_BUSY;
            case 480, 408 -> MISSED;
            case 603 -> REJECTED;
            case 404, 604 -> EMPTY_NUMBER;
            case 487 -> CALLER_CANCELED;
            default -> UNKNOWN;
        };
    }
}
