package io.parley.sip.call;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.message.Request;

/**
 * One INVITE of an outbound leg: a leg to a phone registered from several devices sends one
 * to each live contact at once (parallel forking), a leg to a trunk sends exactly one. Each
 * fork is its own client transaction, Call-ID and dialog attempt; the first to answer becomes
 * the leg's dialog and the others are cancelled. Guarded by the leg's call's lock.
 */
final class Fork {

    /** host:port the INVITE went to, for the leg's address and logs. */
    final String address;

    ClientTransaction inviteCt;
    Request sentInvite;
    Dialog dialog;
    String sipCallId;
    /** A provisional response arrived: a CANCEL may be sent (RFC 3261 §9.1). */
    boolean provisional;
    /** This fork is no longer wanted: CANCEL it once it is provisional, BYE it should it answer. */
    boolean cancelRequested;
    boolean cancelSent;
    boolean authAnswered;
    /** The INVITE was sent again after a 422 with the callee's Min-SE (once). */
    boolean intervalRaised;
    /** The SDP of its last 18x, in case its 200 carries none (the answer came early). */
    String earlySdp;
    /** The final response (a 408 for a transaction timeout), or 0 while the fork is pending. */
    int finalStatus;

    Fork(String address) {
        this.address = address;
    }

    boolean done() {
        return finalStatus != 0;
    }
}
