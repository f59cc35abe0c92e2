package io.parley.sip.call;

import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.LegInfo;
import io.parley.api.event.CallEvents;
import java.util.Map;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where legs and calls change state: an incoming leg answered, an outbound leg failed, a leg
 * gone or ended from our side, the call ended with its SPEC §27.2 status. Every method runs
 * under the call's lock.
 */
final class CallLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(CallLifecycle.class);

    private final LegMessages sip;
    private final LiveCalls calls;
    private final SessionTimers sessionTimers;

    CallLifecycle(LegMessages sip, LiveCalls calls, SessionTimers sessionTimers) {
        this.sip = sip;
        this.calls = calls;
        this.sessionTimers = sessionTimers;
    }

    /** 200 with our SDP on an incoming leg. */
    void answerIncoming(Call call, Leg leg) {
        if (leg.answered() || leg.ended()) {
            return;
        }
        Response ok = sip.response(leg, Response.OK);
        try {
            ok.setContent(leg.localSdp, sip.sdpType());
            sessionTimers.confirm(leg, leg.invite, ok);
            leg.inviteTx.sendResponse(ok);
        } catch (Exception e) {
            LOG.warn("call {}: answering leg {} failed: {}", call.id, leg.id, e.toString());
            return;
        }
        leg.state = LegInfo.ANSWERED;
        leg.sipStatus = Response.OK;
        if (call.state.equals(CallInfo.SETUP)) {
            call.state = CallInfo.ANSWERED;
        }
        calls.post(call, CallEvents.ANSWERED, Map.of(CallEvents.LEG_ID, leg.id));
    }

    /** An outbound leg ends unanswered with {@code sipStatus} and the SPEC §27.2 {@code failure}. */
    void fail(Leg leg, int sipStatus, String failure) {
        leg.state = LegInfo.ENDED;
        leg.sipStatus = sipStatus;
        leg.failureStatus = failure;
        leg.cancelTimers();
        closeMedia(leg);
        leg.call.lastFailure = failure;
        leg.outcome.complete(leg.info());
    }

    /** An outbound leg failed before answer: the caller it was placed for hears why, the call may end. */
    void legFailed(Call call, Leg leg) {
        Leg in = leg.connectTo;
        if (in != null && !in.ended() && !in.answered()) {
            // the caller gets the callee side's final status (a busy phone stays busy to the caller)
            int status = leg.sipStatus >= 300 ? leg.sipStatus
                    : CallStatus.MISSED.equals(leg.failureStatus) ? Response.TEMPORARILY_UNAVAILABLE
                    : Response.SERVICE_UNAVAILABLE;
            if (status == Response.REQUEST_TERMINATED || status == Response.UNAUTHORIZED
                    || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
                status = Response.SERVICE_UNAVAILABLE;
            } else if (status < 400) {
                // a redirect is not followed (toll fraud: a callee must not steer the appliance's calls), nor
                // passed on: without its Contact a 3xx is meaningless, with it the phone would be steered instead
                status = Response.TEMPORARILY_UNAVAILABLE;
            }
            sip.respond(in, status);
            in.state = LegInfo.ENDED;
            in.sipStatus = status;
            closeMedia(in);
        }
        // only the callee leg a phone's call was placed for ends that call; a leg dialled later (a transfer
        // target) that fails leaves the call as it was (CallControl.transfer: "if it fails, nothing changes")
        if ((call.endsWithAnyLeg && in != null) || !call.anyLive()) {
            endCall(call, leg.failureStatus, "system");
        }
    }

    /** A leg ended by its peer (BYE) or hung up alone: its bridge goes; the call ends if the leg was essential. */
    void legGone(Call call, Leg leg, String party) {
        if (call.bridge != null && (call.bridgeCustomer == leg || call.bridgeOther == leg)) {
            call.bridge.close();
            call.bridge = null;
            call.bridgeCustomer = null;
            call.bridgeOther = null;
            call.customerHeldByAgent = false;
        }
        if (call.endsWithAnyLeg || leg == call.first() || !call.anyLive()) {
            endCall(call, null, party);
        } else if (call.state.equals(CallInfo.BRIDGED) || call.state.equals(CallInfo.HELD)) {
            call.state = CallInfo.ANSWERED;
        }
    }

    /** The peer lost the leg's dialog (our session refresh got 481/408): BYE, then as if the leg had sent a BYE. */
    void legLost(Leg leg) {
        sip.send(leg.dialog, Request.BYE);
        leg.state = LegInfo.ENDED;
        leg.cancelTimers();
        closeMedia(leg);
        legGone(leg.call, leg, partyOf(leg));
    }

    /** Ends one leg from our side: final response, CANCEL or BYE as its state needs. */
    void endLeg(Leg leg) {
        if (leg.ended()) {
            return;
        }
        if (leg.incoming) {
            if (!leg.answered()) {
                sip.respond(leg, Response.TEMPORARILY_UNAVAILABLE);
                leg.sipStatus = Response.TEMPORARILY_UNAVAILABLE;
            } else {
                sip.send(leg.dialog, Request.BYE);
            }
        } else if (!leg.answered()) {
            leg.cancelRequested = true;
            for (Fork fork : leg.forks) {
                sip.cancelFork(leg, fork);
            }
        } else {
            sip.send(leg.dialog, Request.BYE);
        }
        leg.state = LegInfo.ENDED;
        leg.cancelTimers();
        closeMedia(leg);
        if (!leg.outcome.isDone()) {
            leg.failureStatus = CallStatus.CALLER_CANCELED;
            leg.outcome.complete(leg.info());
        }
    }

    /** Ends every leg and the call, posts ENDED with the SPEC §27.2 status ({@code null}: derived from how it went). */
    void endCall(Call call, String status, String party) {
        if (call.ended) {
            return;
        }
        call.ended = true;
        if (call.bridge != null) {
            call.bridge.close();
            call.bridge = null;
        }
        for (Leg leg : call.legs) {
            endLeg(leg);
            calls.unmapSipCallId(leg.sipCallId, leg);
            for (Fork fork : leg.forks) {
                calls.unmapSipCallId(fork.sipCallId, leg);
            }
        }
        call.state = CallInfo.ENDED;
        call.status = status != null ? status : derivedStatus(call, party);
        calls.remove(call);
        LOG.info("call {}: ended, {} (hung up by {})", call.id, call.status, party);
        int sipStatus = call.legs.stream().filter(l -> !l.incoming).mapToInt(l -> l.sipStatus).reduce((a, b) -> b).orElse(0);
        calls.post(call, CallEvents.ENDED, Map.of(CallEvents.STATUS, call.status, CallEvents.HANGUP_PARTY, party,
                CallEvents.SIP_STATUS, sipStatus));
    }

    /** SPEC §27.2 from how the call went. */
    static String derivedStatus(Call call, String party) {
        Leg first = call.first();
        if ("inbound".equals(call.direction)) {
            if (!first.answered() && first.sipStatus != Response.OK) {
                return CallStatus.NOT_ANSWERED;
            }
            if (call.everBridged) {
                return CallStatus.NORMAL_END;
            }
            return "customer".equals(party) ? CallStatus.ABANDONED_IN_IVR : CallStatus.IVR_ENDED;
        }
        boolean answered = call.legs.stream().anyMatch(l -> (l.sipStatus / 100 == 2) && (!l.incoming || call.legs.size() == 1));
        if (answered) {
            return CallStatus.ANSWERED;
        }
        if (call.lastFailure != null) {
            return call.lastFailure;
        }
        return "customer".equals(party) || "agent".equals(party) ? CallStatus.CALLER_CANCELED : CallStatus.UNKNOWN;
    }

    /** Who a leg's hang-up counts as (SPEC §27.1 hangup_party). */
    static String partyOf(Leg leg) {
        if ("phone".equals(leg.kind)) {
            return "agent";
        }
        return "customer";
    }

    static void closeMedia(Leg leg) {
        if (leg.endpoint != null) {
            leg.endpoint.close();
        }
    }
}
