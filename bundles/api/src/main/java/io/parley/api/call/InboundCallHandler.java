package io.parley.api.call;

/**
 * SPI: takes over an inbound call once the appliance has admitted and answered it (source is
 * a trunk peer, the called number is active and inbound-capable, limits and blocklist passed).
 * The IVR engine registers one; while none is registered the SIP bundle's configurable default
 * (a spoken greeting, then hold music or hang-up; {@code etc/io.parley.sip.cfg}) serves the call.
 * The handler with the highest {@code service.ranking} is used.
 *
 * <pre>{@code
 * @Component(service = InboundCallHandler.class)
 * public class IvrEntry implements InboundCallHandler {
 *     @Reference CallControl calls;
 *     public void answered(CallInfo call, long numberId) {
 *         calls.play(call.id(), "a", PlayRequest.once(welcome, true));
 *         ...
 *         calls.hangup(call.id(), CallStatus.IVR_ENDED);
 *     }
 * }
 * }</pre>
 */
public interface InboundCallHandler {

    /**
     * Called once per answered inbound call, on a call-handling thread that may block.
     *
     * @param call     the call, with its answered customer leg {@code a}
     * @param numberId the {@code TrunkNumber} id that was called (its inbound IVR binding says what to run)
     */
    void answered(CallInfo call, long numberId);

    /**
     * Whether this handler takes the call; when it does not, the SIP bundle's default serves it.
     * The IVR engine takes only the calls to numbers that bind an inbound flow (SPEC §3.1).
     * Called on a call-handling thread just before {@link #answered}; keep it quick.
     *
     * <pre>{@code
     * public boolean accepts(CallInfo call, long numberId) {
     *     return numbers.get(call.instanceId(), numberId).inboundIvrId() != null;
     * }
     * }</pre>
     */
    default boolean accepts(CallInfo call, long numberId) {
        return true;
    }
}
