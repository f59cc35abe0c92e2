package io.parley.api.call;

/**
 * Where a new call leg goes: a SIP phone of an instance by extension (its live registrations),
 * or an external number reached through one of the instance's outbound-capable trunk numbers.
 *
 * <pre>{@code
 * Destination agentPhone = Destination.phone(instanceId, "8001");
 * Destination customer = Destination.external(instanceId, "13912345678", null);       // any outbound number
 * Destination viaHq = Destination.external(instanceId, "13912345678", "008602187654321"); // this caller number
 * // an agent's outbound call: the caller number follows SPEC §11.2 for agent 100010
 * Destination forAgent = Destination.external(instanceId, "02012345678", null, "100010");
 * Destination agentsChoice = Destination.external(instanceId, "02012345678", "02187654321", "100010");
 * }</pre>
 *
 * @param kind         {@link #PHONE} or {@link #EXTERNAL}
 * @param instanceId   the instance whose phone or trunk numbers are used
 * @param address      the extension (phone) or the number as dialled (external)
 * @param callerNumber external only: the trunk number to call from, or {@code null} to let the
 *                     appliance choose one. For an agent's call it is the number the agent chose
 *                     (SPEC §11.2 step 5: only with {@code allow_agent_choose_number}, and only a
 *                     number bound to one of the agent's skill groups); for a system call (IVR,
 *                     a phone's external call) any active, outbound-capable number of the instance
 * @param agentId      external only: the agent the call is placed for, or {@code null} for a system
 *                     call. With an agent the caller number is chosen per SPEC §11.2 (the instance's
 *                     {@code display_rule}, the agent's skill groups, the callee's area); without one
 *                     the instance's first active outbound-capable number is used
 */
public record Destination(String kind, long instanceId, String address, String callerNumber, String agentId) {

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
        if (agentId != null && PHONE.equals(kind)) {
            throw new IllegalArgumentException("agentId is for external destinations only");
        }
    }

    /** A destination of a system call (no agent), the form before agents' caller numbers existed. */
    public Destination(String kind, long instanceId, String address, String callerNumber) {
        this(kind, instanceId, address, callerNumber, null);
    }

    /** A registered SIP phone of the instance. */
    public static Destination phone(long instanceId, String extension) {
        return new Destination(PHONE, instanceId, extension, null, null);
    }

    /** An external number through a trunk; {@code callerNumber} null lets the appliance choose. */
    public static Destination external(long instanceId, String number, String callerNumber) {
        return new Destination(EXTERNAL, instanceId, number, callerNumber, null);
    }

    /**
     * An external number called for an agent (SPEC §11.2, §16.1, §18): with {@code callerNumber}
     * null the appliance picks the caller number by the instance's display rule; otherwise the
     * agent's choice is checked. A refusal ends the leg at once with a
     * {@link LegInfo#failureReason()} ({@link LegInfo#NO_CALLER_NUMBER},
     * {@link LegInfo#CALLER_NUMBER_NOT_ALLOWED}, {@link LegInfo#UNKNOWN_AGENT}).
     */
    public static Destination external(long instanceId, String number, String callerNumber, String agentId) {
        return new Destination(EXTERNAL, instanceId, number, callerNumber, agentId);
    }
}
