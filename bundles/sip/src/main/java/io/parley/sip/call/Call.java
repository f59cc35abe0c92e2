package io.parley.sip.call;

import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.media.Bridge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One call (a session, SPEC §27.1): owns its legs, their bridge and its timers. Every SIP,
 * media and API event about the call is handled inside {@code synchronized (call)}, so one
 * call is never acted on from several threads at once.
 */
final class Call {

    final String id;
    final long instanceId;
    final String direction;
    final String category;
    final String caller;
    final String callee;
    final Instant since = Instant.now();
    /** The trunk number whose limits the call counts toward (SPEC §2.2), or null; set when a leg goes out through one. */
    Long numberId;
    final List<Leg> legs = new ArrayList<>();

    String state = CallInfo.SETUP;
    String status = CallStatus.CALLING;
    Bridge bridge;
    Leg bridgeCustomer;
    Leg bridgeOther;
    boolean everBridged;
    /** The agent put the customer side on hold ({@code CallControl.hold}); phones' holds are in their legs' states. */
    boolean customerHeldByAgent;
    /** The instance's hold audio (null: the built-in music), looked up at the call's first hold. */
    io.parley.api.media.AudioClip holdAudio;
    boolean holdAudioResolved;
    /** A plain two-party call (phone to phone, phone to trunk): any leg hanging up ends it. */
    boolean endsWithAnyLeg;
    boolean handedOver;
    boolean ended;
    String lastFailure;
    private char nextLeg = 'a';

    Call(String id, long instanceId, String direction, String category, String caller, String callee, Long numberId) {
        this.id = id;
        this.instanceId = instanceId;
        this.direction = direction;
        this.category = category;
        this.caller = caller;
        this.callee = callee;
        this.numberId = numberId;
    }

    String nextLegId() {
        return String.valueOf(nextLeg++);
    }

    Optional<Leg> leg(String legId) {
        return legs.stream().filter(l -> l.id.equals(legId)).findFirst();
    }

    Leg first() {
        return legs.get(0);
    }

    boolean anyLive() {
        return legs.stream().anyMatch(l -> !l.ended());
    }

    CallInfo info() {
        return new CallInfo(id, instanceId, direction, category, caller, callee, state,
                legs.stream().map(Leg::info).toList(), since, status);
    }
}
