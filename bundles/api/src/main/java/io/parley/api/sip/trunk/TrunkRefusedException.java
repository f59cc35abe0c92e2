package io.parley.api.sip.trunk;

/**
 * A trunk cannot carry an outbound leg now; the message says why, and the leg ends as
 * {@code carrier_error} (SPEC §27.2).
 *
 * <pre>{@code
 * if (sip.gatewayBindings(channel.id()).isEmpty()) {
 *     throw new TrunkRefusedException("the gateway of channel " + channel.id() + " is not registered");
 * }
 * }</pre>
 */
public class TrunkRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public TrunkRefusedException(String message) {
        super(message);
    }
}
