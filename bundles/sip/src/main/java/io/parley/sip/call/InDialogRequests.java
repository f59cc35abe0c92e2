package io.parley.sip.call;

import io.parley.api.call.CallStatus;
import io.parley.api.call.LegInfo;
import io.parley.api.media.MediaDirection;
import io.parley.api.media.MediaServer;
import java.nio.charset.StandardCharsets;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests within a leg's dialog: ACK (an inbound call is handed over), BYE and CANCEL from the
 * peer, re-INVITE and UPDATE (hold, new offers, session refreshes), INFO and PRACK; and a 2xx
 * retransmitted after its INVITE transaction ended.
 */
final class InDialogRequests {

    private static final Logger LOG = LoggerFactory.getLogger(InDialogRequests.class);

    private final LegMessages sip;
    private final LiveCalls calls;
    private final MediaServer media;
    private final SessionTimers sessionTimers;
    private final CallLifecycle lifecycle;
    private final Bridging bridging;
    private final Handover handover;

    InDialogRequests(LegMessages sip, LiveCalls calls, MediaServer media, SessionTimers sessionTimers,
                     CallLifecycle lifecycle, Bridging bridging, Handover handover) {
        this.sip = sip;
        this.calls = calls;
        this.media = media;
        this.sessionTimers = sessionTimers;
        this.lifecycle = lifecycle;
        this.bridging = bridging;
        this.handover = handover;
    }

    void ack(RequestEvent event) {
        Request request = event.getRequest();
        Leg leg = calls.legOf(request);
        if (leg == null) {
            return;
        }
        Call call = leg.call;
        boolean handOver;
        synchronized (call) {
            if (leg.ended() || !leg.incoming) {
                return;
            }
            byte[] body = request.getRawContent();
            if (leg.offerInAck && body != null && body.length > 0) {
                leg.endpoint.applyAnswer(new String(body, StandardCharsets.UTF_8));
                leg.offerInAck = false;
            }
            leg.acked = true;
            handOver = "inbound".equals(call.direction) && leg == call.first() && !call.handedOver && !call.ended;
            if (handOver) {
                call.handedOver = true;
            }
        }
        if (handOver) {
            handover.handOver(call);
        }
    }

    void bye(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = sip.serverTransaction(event);
        if (tx == null) {
            return;
        }
        Leg leg = calls.legOf(request);
        if (leg == null) {
            tx.sendResponse(sip.create(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        tx.sendResponse(sip.create(Response.OK, request));
        Call call = leg.call;
        synchronized (call) {
            LOG.info("call {}: BYE from leg {} ({})", call.id, leg.id, leg.party);
            leg.state = LegInfo.ENDED;
            leg.cancelTimers();
            CallLifecycle.closeMedia(leg);
            lifecycle.legGone(call, leg, CallLifecycle.partyOf(leg));
        }
    }

    void cancel(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = sip.serverTransaction(event);
        if (tx == null) {
            return;
        }
        Leg leg = calls.legOf(request);
        if (leg == null || !leg.incoming) {
            tx.sendResponse(sip.create(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        tx.sendResponse(sip.create(Response.OK, request));
        Call call = leg.call;
        synchronized (call) {
            if (leg.answered() || leg.ended()) {
                return;
            }
            LOG.info("call {}: CANCEL from leg {} ({})", call.id, leg.id, leg.party);
            sip.respond(leg, Response.REQUEST_TERMINATED);
            leg.state = LegInfo.ENDED;
            leg.sipStatus = Response.REQUEST_TERMINATED;
            CallLifecycle.closeMedia(leg);
            lifecycle.endCall(call, "inbound".equals(call.direction) ? CallStatus.NOT_ANSWERED : CallStatus.CALLER_CANCELED,
                    "customer");
        }
    }

    /** A re-INVITE or UPDATE: a session refresh or (with SDP) a new offer, e.g. hold. */
    void modify(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = sip.serverTransaction(event);
        if (tx == null) {
            return;
        }
        Leg leg = calls.legOf(request);
        if (leg == null) {
            tx.sendResponse(sip.create(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        synchronized (leg.call) {
            tx.sendResponse(modify(leg, request));
        }
    }

    /** INFO and PRACK within a call: acknowledged (DTMF comes as RFC 4733 in the media). */
    void acknowledge(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = sip.serverTransaction(event);
        if (tx == null) {
            return;
        }
        int status = calls.legOf(request) == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK;
        tx.sendResponse(sip.create(status, request));
    }

    /** A 2xx retransmitted after its INVITE transaction ended (our ACK was lost): ACK again, or BYE a leg we ended. */
    void strayResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (response.getStatusCode() / 100 != 2 || !Request.INVITE.equals(cseq.getMethod())) {
            return;
        }
        Leg leg = calls.legOf(response);
        Dialog dialog = event.getDialog() != null ? event.getDialog() : leg == null ? null : leg.dialog;
        if (dialog == null) {
            return;
        }
        try {
            dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
            if (leg == null || leg.ended()) {
                sip.send(dialog, Request.BYE);
            }
        } catch (Exception e) {
            LOG.debug("ACK of a retransmitted 2xx failed: {}", e.toString());
        }
    }

    /**
     * The answer to a re-INVITE or UPDATE of an established leg: a new offer is answered by the
     * leg's endpoint (sendonly/inactive from a phone puts the other party on hold, sendrecv takes
     * it off); without SDP it only refreshes the session. Called under the call's lock.
     */
    private Response modify(Leg leg, Request request) throws Exception {
        Call call = leg.call;
        if (leg.ended() || leg.endpoint == null) {
            return sip.create(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request);
        }
        if (sessionTimers.tooSmall(request)) {
            return sessionTimers.intervalTooSmall(request);
        }
        byte[] body = request.getRawContent();
        Response ok = sip.create(Response.OK, request);
        ok.addHeader(sip.contact(LegMessages.sourceIp(request)));
        if (body != null && body.length > 0) {
            String offer = new String(body, StandardCharsets.UTF_8);
            String answer = leg.endpoint.answer(offer);
            MediaDirection offered = media.parseSdp(offer).audio().map(m -> m.direction()).orElse(MediaDirection.INACTIVE);
            boolean hold = !offered.receives();
            bridging.phoneHold(call, leg, hold);
            ok.setContent(answer, sip.sdpType());
            leg.localSdp = answer;
        } else if (Request.INVITE.equals(request.getMethod())) {
            // a re-INVITE without SDP asks for our offer; the answer comes in the ACK
            String offer = leg.endpoint.createOffer(MediaDirection.SENDRECV);
            ok.setContent(offer, sip.sdpType());
            leg.localSdp = offer;
            leg.offerInAck = true;
        }
        sessionTimers.confirm(leg, request, ok);
        return ok;
    }
}
