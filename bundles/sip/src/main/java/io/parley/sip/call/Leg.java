package io.parley.sip.call;

import io.parley.api.call.LegInfo;
import io.parley.api.media.EndpointStats;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.telephony.SipChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * One side of a call: its SIP dialog (created explicitly on the INVITE's transaction; the stack
 * runs with automatic dialog support off) and its RTP endpoint in the media server. Guarded by
 * its {@link Call}'s lock: every change happens inside {@code synchronized (call)}.
 */
final class Leg {

    final String id;
    final Call call;
    /** true: the peer sent us the INVITE (we are its UAS); false: we sent it (UAC). */
    final boolean incoming;
    final String kind;
    final String party;
    /** Where the leg's peer is; for a forked leg the newest contact, then the one that answered. */
    String address;
    final Instant since = Instant.now();
    final CompletableFuture<LegInfo> outcome = new CompletableFuture<>();

    RtpEndpoint endpoint;
    Dialog dialog;
    String sipCallId;
    String state = LegInfo.RINGING;
    int sipStatus;
    String failureStatus;
    /** Why the appliance refused to place this leg itself (SPEC §11.2), or null. */
    String failureReason;

    // UAS side
    ServerTransaction inviteTx;
    Request invite;
    String localTag;
    /**
     * The SDP we last sent the peer: on an incoming leg first the one for the 18x/200 (an answer,
     * or an offer when the INVITE came without one), on an outbound leg our offer; a refreshing
     * re-INVITE carries it again.
     */
    String localSdp;
    boolean offerInAck;
    boolean acked;

    // UAC side
    /** One INVITE per contact of the callee (one for a trunk); see {@link Fork}. */
    final List<Fork> forks = new ArrayList<>();
    /** The fork that answered: its dialog is the leg's. */
    Fork winner;
    /** We gave the leg up (caller hung up, ring timeout, call ended): every fork is cancelled. */
    boolean cancelRequested;
    /** Early media of one fork is applied to the endpoint (the first fork with SDP in an 18x). */
    boolean earlyMedia;
    Fork earlyFork;
    /** What was passed on to the incoming leg: a 180 once, a 183 with our SDP once. */
    boolean ringingPassedOn;
    boolean earlyMediaPassedOn;
    io.parley.api.sip.trunk.DigestCredentials credentials;
    /** The incoming leg that is answered and bridged with this one once this one answers (B2BUA pass-through). */
    Leg connectTo;

    ScheduledFuture<?> ringTimer;
    /** The session timer (RFC 4028): our next refresh, or the watch for the peer's. */
    ScheduledFuture<?> sessionTimer;
    /** The session interval in seconds, 0 without a session timer. */
    int sessionSeconds;
    /** The appliance refreshes this leg's session (else the peer does, or nobody). */
    boolean weRefresh;
    /** A refresh of ours awaits its final answer. */
    boolean refreshing;
    /** When the session was last refreshed (System.nanoTime). */
    long refreshedAt;
    /** The peer's Allow lists UPDATE: our refreshes need no SDP. */
    boolean peerAllowsUpdate;

    Leg(String id, Call call, boolean incoming, String kind, String party, String address) {
        this.id = id;
        this.call = call;
        this.incoming = incoming;
        this.kind = kind;
        this.party = party;
        this.address = address;
    }

    boolean ended() {
        return LegInfo.ENDED.equals(state);
    }

    boolean answered() {
        return LegInfo.ANSWERED.equals(state) || LegInfo.HELD.equals(state);
    }

    void cancelTimers() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
        }
        if (sessionTimer != null) {
            sessionTimer.cancel(false);
        }
    }

    LegInfo info() {
        EndpointStats s = endpoint == null ? null : endpoint.stats();
        return new LegInfo(id, kind, party, address, state, sipStatus, failureStatus,
                s == null ? 0 : s.packetsReceived(), s == null ? 0 : s.packetsSent(), since, failureReason);
    }
}
