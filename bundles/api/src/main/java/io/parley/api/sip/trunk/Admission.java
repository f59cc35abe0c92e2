package io.parley.api.sip.trunk;

/**
 * A trunk's decision on a new INVITE from one of its peers: admitted, or refused with the SIP
 * status it is answered with.
 *
 * <pre>{@code
 * return allowed ? Admission.admit() : Admission.refuse(403, "not an allow-listed peer");
 * }</pre>
 *
 * @param admitted whether the call is taken (number lookup, limits and blocklist follow in the core)
 * @param status   the SIP status of a refusal (4xx-6xx), 0 when admitted
 * @param reason   why it was refused, for the log; null when admitted
 */
public record Admission(boolean admitted, int status, String reason) {

    private static final Admission ADMITTED = new Admission(true, 0, null);

    public Admission {
        if (!admitted && (status < 400 || status > 699)) {
            throw new IllegalArgumentException("a refusal needs a 4xx-6xx status, not " + status);
        }
    }

    public static Admission admit() {
        return ADMITTED;
    }

    public static Admission refuse(int status, String reason) {
        return new Admission(false, status, reason);
    }
}
