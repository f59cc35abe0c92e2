package io.parley.api.call;

/**
 * Where a new call leg goes: a SIP phone of an instance by extension (its live registrations),
 * or an external number reached through one of the instance's outbound-capable trunk numbers.
 *
 * <pre>{@code
 * Destination agentPhone = Destination.phone(instanceId, "8001");
 * Destination customer = Destination.external(instanceId, "13912345678", null);       // any outbound number
 * Destination viaHq = Destination.external(instanceId, "13912345678", "008602187654321"); // this caller number
 * }</pre>
 *
 * @param kind         {@link #PHONE} or {@link #EXTERNAL}
 * @param instanceId   the instance whose phone or trunk numbers are used
 * @param address      the extension (phone) or the number as dialled (external)
 * @param callerNumber external only: the canonical trunk number to call from, or {@code null} to let
 *                     the appliance choose an active, outbound-capable number of the instance
 */
public record Destination(String kind, long instanceId, String address, String callerNumber) {

    public static final String PHONE = "phone";
    public static final String EXTERNAL = "external";

    /** Checks the kind and that an address is given. */
    public Destination {
        if (!PHONE.equals(kind) && !EXTERNAL.equals(kind)) {
            throw new IllegalArgumentException("kind must be phone or external: " + kind);
        }
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address is required");
        }
    }

    /** A registered SIP phone of the instance. */
    public static Destination phone(long instanceId, String extension) {
        return new Destination(PHONE, instanceId, extension, null);
    }

    /** An external number through a trunk; {@code callerNumber} null lets the appliance choose. */
    public static Destination external(long instanceId, String number, String callerNumber) {
        return new Destination(EXTERNAL, instanceId, number, callerNumber);
    }
}
