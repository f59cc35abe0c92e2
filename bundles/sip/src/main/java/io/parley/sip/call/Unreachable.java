package io.parley.sip.call;

/**
 * An outbound leg cannot be sent (no registration, no usable trunk number, over a number's
 * limits): the SPEC §27.2 status and SIP status the leg ends with.
 */
final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;
    final String status;
    final int sipStatus;
    /** {@link io.parley.api.call.LegInfo#failureReason()}: why the appliance refused the leg itself (SPEC §11.2), or null. */
    final String reason;

    Unreachable(String status, int sipStatus, String why) {
        this(status, sipStatus, why, null);
    }

    Unreachable(String status, int sipStatus, String why, String reason) {
        super(why, null, false, false);
        this.status = status;
        this.sipStatus = sipStatus;
        this.reason = reason;
    }
}
