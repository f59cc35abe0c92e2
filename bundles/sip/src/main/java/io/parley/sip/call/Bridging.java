package io.parley.sip.call;

import io.parley.api.call.CallInfo;
import io.parley.api.call.LegInfo;
import io.parley.api.event.CallEvents;
import io.parley.api.media.MediaServer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media between a call's legs: the bridge of the customer leg with another, hold (by a
 * phone's re-INVITE/UPDATE or by the agent through {@code CallControl.hold}) with the instance's
 * hold audio, and the swap of legs that completes a transfer. Every method runs under the call's lock.
 */
final class Bridging {

    private static final Logger LOG = LoggerFactory.getLogger(Bridging.class);

    private final MediaServer media;
    private final HoldAudio holdAudio;
    private final LiveCalls calls;
    private final CallLifecycle lifecycle;

    Bridging(MediaServer media, HoldAudio holdAudio, LiveCalls calls, CallLifecycle lifecycle) {
        this.media = media;
        this.holdAudio = holdAudio;
        this.calls = calls;
        this.lifecycle = lifecycle;
    }

    /** Bridges {@code customer} with {@code other} (replacing the call's bridge); BRIDGED once both are answered. */
    void bridge(Call call, Leg customer, Leg other) {
        if (call.bridge != null && call.bridgeCustomer == customer && call.bridgeOther == other) {
            return;
        }
        if (call.bridge != null) {
            call.bridge.close();
        }
        customer.endpoint.player().stopAll();
        other.endpoint.player().stopAll();
        call.bridge = media.bridge(customer.endpoint, other.endpoint);
        call.bridgeCustomer = customer;
        call.bridgeOther = other;
        if (customer.answered() && other.answered()) {
            call.everBridged = true;
            call.state = CallInfo.BRIDGED;
            LOG.info("call {}: legs {} and {} bridged", call.id, customer.id, other.id);
            calls.post(call, CallEvents.BRIDGED, Map.of(CallEvents.LEG_ID, other.id, CallEvents.CUSTOMER_LEG_ID, customer.id));
        }
        if (call.customerHeldByAgent || LegInfo.HELD.equals(customer.state) || LegInfo.HELD.equals(other.state)) {
            holdAudio.apply(call);   // a leg that holds keeps its party on hold in the new bridge
        }
    }

    /** A phone's re-INVITE/UPDATE put its leg on hold or took it off: the other party hears the hold audio meanwhile. */
    void phoneHold(Call call, Leg holder, boolean hold) {
        boolean held = LegInfo.HELD.equals(holder.state);
        if (hold == held || !holder.answered()) {
            return;
        }
        holder.state = hold ? LegInfo.HELD : LegInfo.ANSWERED;
        holdAudio.apply(call);
        LOG.info("call {}: leg {} {} hold", call.id, holder.id, hold ? "puts the other party on" : "takes the other party off");
        calls.post(call, CallEvents.HELD, Map.of(CallEvents.LEG_ID, holder.id, CallEvents.ON_HOLD, hold));
    }

    /** The agent puts the customer on hold or takes them off: the customer hears the instance's hold audio (SPEC §21.1). */
    void agentHold(Call call, boolean onHold) {
        call.customerHeldByAgent = onHold;
        holdAudio.apply(call);
        calls.post(call, CallEvents.HELD, Map.of(CallEvents.ON_HOLD, onHold));
    }

    /**
     * A transfer's new leg {@code added} answered: it takes the place of {@code away}, which is
     * hung up, next to the leg that {@code remaining} in the call.
     */
    void completeTransfer(Call call, Leg away, Leg remaining, Leg added, String transferType, String transferTo) {
        // the customer side stays the customer side: in an originated call it is not the first leg (the agent's is)
        Leg customer = call.bridgeCustomer != null ? (remaining == call.bridgeCustomer ? remaining : added)
                : remaining == call.first() ? remaining : added;
        bridge(call, customer, customer == remaining ? added : remaining);
        lifecycle.endLeg(away);
        Map<String, Object> props = new java.util.HashMap<>(Map.of(CallEvents.LEG_ID, added.id, "from.leg", away.id));
        if (transferType != null) {
            props.put(CallEvents.TRANSFER_TYPE, transferType);
        }
        if (transferTo != null) {
            props.put(CallEvents.TRANSFER_TO, transferTo);
        }
        calls.post(call, CallEvents.TRANSFERRED, props);
    }
}
