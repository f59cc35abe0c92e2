package io.parley.sip.call;

import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.call.LegInfo;
import io.parley.api.event.CallEvents;
import io.parley.api.media.MediaDirection;
import io.parley.api.media.MediaServer;
import io.parley.sip.auth.DigestClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound legs (our INVITEs to phones and trunks): one INVITE per target ({@link Fork}), the
 * responses to them (ringing and early media passed on to the caller, the first 2xx wins the
 * leg, a carrier's digest challenge answered once, the best final response ends the leg when
 * every fork failed) and the ring timeout.
 */
final class OutboundLegs {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundLegs.class);

    private final LegMessages sip;
    private final LiveCalls calls;
    private final MediaServer media;
    private final LegTargets targets;
    private final CallLifecycle lifecycle;
    private final Bridging bridging;
    private final CallSettings settings;
    private final ScheduledExecutorService timers;
    private final CallPorts.OutcomeRouting routing;
    private final SessionTimers sessionTimers;
    private final DigestClient digest;

    OutboundLegs(LegMessages sip, LiveCalls calls, MediaServer media, LegTargets targets, CallLifecycle lifecycle,
                 Bridging bridging, CallSettings settings, ScheduledExecutorService timers,
                 CallPorts.OutcomeRouting routing, SessionTimers sessionTimers) {
        this.sip = sip;
        this.calls = calls;
        this.media = media;
        this.targets = targets;
        this.lifecycle = lifecycle;
        this.bridging = bridging;
        this.settings = settings;
        this.timers = timers;
        this.routing = routing;
        this.sessionTimers = sessionTimers;
        this.digest = new DigestClient(sip.headers);
    }

    /**
     * Creates an outbound leg of {@code call} and sends its INVITE; a leg that cannot be sent
     * (no registration, no usable trunk number) comes back already ended with its status.
     * Under the call's lock.
     */
    Leg place(Call call, Destination to, String fromUser, String fromDisplay) {
        List<LegTargets.Target> found;
        String failure = null;
        String reason = null;
        int status = 0;
        try {
            found = targets.of(call.id, to, fromUser);
        } catch (Unreachable u) {
            found = List.of();
            failure = u.status;
            status = u.sipStatus;
            reason = u.reason;
            LOG.info("call {}: leg to {} not placed: {}", call.id, to.address(), u.getMessage());
        }
        Leg leg = new Leg(call.nextLegId(), call, false, Destination.PHONE.equals(to.kind()) ? "phone" : "trunk",
                to.address(), found.isEmpty() ? null : found.get(0).host() + ":" + found.get(0).port());
        leg.failureReason = reason;
        call.legs.add(leg);
        if (found.isEmpty()) {
            lifecycle.fail(leg, status, failure);
            return leg;
        }
        LegTargets.Target first = found.get(0);
        if (first.number() != null && call.numberId == null) {
            // both directions count toward a number's concurrency (SPEC §2.2)
            call.numberId = first.number().id();
        }
        try {
            leg.endpoint = media.openEndpoint(call.id + "/" + leg.id);
            // one offer for every fork: whichever answers, its media meets the same endpoint
            String offer = leg.endpoint.createOffer(MediaDirection.SENDRECV);
            leg.localSdp = offer;
            leg.credentials = first.credentials();
            for (LegTargets.Target target : found) {
                Fork fork = new Fork(target.host() + ":" + target.port());
                try {
                    Request invite = inviteRequest(target, fromDisplay, offer);
                    fork.sipCallId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
                    leg.forks.add(fork);
                    calls.mapSipCallId(fork.sipCallId, leg);
                    if (leg.sipCallId == null) {
                        leg.sipCallId = fork.sipCallId;   // until a fork answers
                    }
                    sendInvite(leg, fork, invite);
                    LOG.info("call {}: leg {} INVITE to {} at {}:{}", call.id, leg.id, target.user(), target.host(),
                            target.port());
                } catch (Exception e) {
                    LOG.warn("call {}: leg {} INVITE to {} could not be sent: {}", call.id, leg.id, fork.address, e.toString());
                    fork.finalStatus = Response.SERVICE_UNAVAILABLE;
                }
            }
            if (leg.forks.stream().allMatch(Fork::done)) {
                throw new IllegalStateException("no INVITE could be sent");
            }
            leg.ringTimer = timers.schedule(() -> ringTimeout(leg), settings.ringTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("call {}: leg {} to {} could not be sent: {}", call.id, leg.id, to.address(), e.toString());
            lifecycle.fail(leg, 0, CallStatus.CARRIER_ERROR);
        }
        return leg;
    }

    private Request inviteRequest(LegTargets.Target t, String fromDisplay, String offer) throws Exception {
        SipURI requestUri = sip.addresses.createSipURI(t.user(), t.host());
        requestUri.setPort(t.port());
        if (!"udp".equals(t.transport())) {
            requestUri.setTransportParam(t.transport());
        }
        String peerHost = t.routeHost() != null ? t.routeHost() : t.host();
        String local = sip.localIpFor(peerHost);
        SipURI fromUri = sip.addresses.createSipURI(t.fromUser(), local);
        Address fromAddress = sip.addresses.createAddress(fromUri);
        if (fromDisplay != null && !fromDisplay.isBlank()) {
            fromAddress.setDisplayName(fromDisplay);
        }
        FromHeader from = sip.headers.createFromHeader(fromAddress, sip.tag());
        SipURI toUri = sip.addresses.createSipURI(t.user(), t.host());
        toUri.setPort(t.port());
        ToHeader to = sip.headers.createToHeader(sip.addresses.createAddress(toUri), null);
        CallIdHeader callId = sip.provider.getNewCallId();
        CSeqHeader cseq = sip.headers.createCSeqHeader(1L, Request.INVITE);
        ViaHeader via = sip.headers.createViaHeader(local, sip.localPort(t.transport()), t.transport(), null);
        Request invite = sip.messages.createRequest(requestUri, Request.INVITE, callId, cseq, from, to, List.of(via),
                sip.headers.createMaxForwardsHeader(70));
        invite.addHeader(sip.contact(peerHost));
        if (t.routeHost() != null && !(t.routeHost().equals(t.host()) && t.routePort() == t.port())) {
            SipURI route = sip.addresses.createSipURI(null, t.routeHost());
            route.setPort(t.routePort());
            route.setLrParam();
            if (!"udp".equals(t.transport())) {
                route.setTransportParam(t.transport());
            }
            invite.addHeader(sip.headers.createRouteHeader(sip.addresses.createAddress(route)));
        }
        invite.addHeader(sip.headers.createAllowHeader("INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO, PRACK"));
        for (io.parley.api.sip.trunk.SipHeader h : t.headers()) {
            // what the trunk's connector adds (a carrier's P-Asserted-Identity, Diversion, …)
            invite.addHeader(sip.headers.createHeader(h.name(), h.value()));
        }
        if (t.number() != null && !settings.trunkUserAgent().isEmpty()) {
            // through a trunk number: a carrier or trunk peer, some of which refuse requests without one
            invite.addHeader(sip.headers.createUserAgentHeader(List.of(settings.trunkUserAgent())));
        }
        // "Supported: timer" with Session-Expires and refresher=uac: the appliance refreshes sessions now, so a
        // callee may leave the refreshes to us (when it did not, a carrier picking refresher=uac ended the call
        // after its interval) or name itself refresher in its 2xx; a callee without timers just ignores them
        sessionTimers.offer(invite);
        invite.setContent(offer, sip.sdpType());
        return invite;
    }

    private void sendInvite(Leg leg, Fork fork, Request invite) throws Exception {
        ClientTransaction ct = sip.provider.getNewClientTransaction(invite);
        fork.dialog = sip.provider.getNewDialog(ct);
        if (leg.dialog == null) {
            leg.dialog = fork.dialog;
        }
        ct.setApplicationData(routing.applicationData(new CallPorts.TransactionOutcome() {
            @Override
            public void response(ResponseEvent event) {
                synchronized (leg.call) {
                    onInviteResponse(leg, fork, event);
                }
            }

            @Override
            public void timeout(TimeoutEvent event) {
                synchronized (leg.call) {
                    if (!fork.done()) {
                        LOG.info("call {}: leg {} INVITE to {} timed out", leg.call.id, leg.id, fork.address);
                        forkFailed(leg, fork, Response.REQUEST_TIMEOUT);
                    }
                }
            }
        }));
        fork.inviteCt = ct;
        fork.sentInvite = invite;
        ct.sendRequest();
    }

    /**
     * A response to one fork's INVITE. The first ringing or early media is passed on to the
     * caller, the first 2xx wins the leg (the other forks are cancelled, a late 2xx of one of
     * them is ACKed and ended with a BYE, RFC 3261 §13.2.2.4), and once every fork failed the
     * best of their final responses ends the leg. Under the call's lock.
     */
    private void onInviteResponse(Leg leg, Fork fork, ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        Call call = leg.call;
        if (status == Response.TRYING) {
            return;
        }
        byte[] body = response.getRawContent();
        String sdp = body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
        if (status < 200) {
            fork.provisional = true;
            if (fork.cancelRequested) {
                sip.sendCancel(leg, fork);
                return;
            }
            if (leg.ended() || leg.answered()) {
                return;
            }
            if (sdp != null) {
                fork.earlySdp = sdp;
                if (!leg.earlyMedia && leg.endpoint != null) {
                    try {
                        leg.endpoint.applyAnswer(sdp);
                        leg.earlyMedia = true;
                        leg.earlyFork = fork;
                        leg.state = LegInfo.EARLY;
                    } catch (RuntimeException e) {
                        LOG.info("call {}: leg {} early SDP unusable: {}", call.id, leg.id, e.getMessage());
                    }
                }
            }
            progress(call, leg);
            return;
        }
        if (status / 100 == 2) {
            answered(leg, fork, event, sdp);
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && leg.credentials != null && !fork.authAnswered && !leg.ended() && !fork.cancelRequested) {
            if (retryWithCredentials(leg, fork, response)) {
                return;
            }
        }
        if (status == 422 && !fork.intervalRaised && !leg.ended() && !fork.cancelRequested
                && retryWithLongerSession(leg, fork, response)) {
            return;
        }
        forkFailed(leg, fork, status);
    }

    /** A 2xx of one fork: ACK it; the first wins the leg, any other is ended with a BYE. Under the call's lock. */
    private void answered(Leg leg, Fork fork, ResponseEvent event, String sdp) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        Call call = leg.call;
        Dialog dialog = event.getDialog() != null ? event.getDialog() : fork.dialog;
        fork.dialog = dialog;
        try {
            long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(seq));
        } catch (Exception e) {
            LOG.warn("call {}: leg {} ACK failed: {}", call.id, leg.id, e.toString());
        }
        if (fork.finalStatus == 0) {
            fork.finalStatus = status;
        }
        if (leg.winner == fork && leg.answered()) {
            return;   // a retransmission of the 2xx we acted on
        }
        if (leg.ended() || leg.cancelRequested || fork.cancelRequested || call.ended || leg.winner != null) {
            // a 200 crossed our CANCEL, another fork answered first, or the call ended: end this dialog at once
            LOG.info("call {}: leg {} answer from {} not wanted, BYE", call.id, leg.id, fork.address);
            sip.send(dialog, Request.BYE);
            return;
        }
        win(leg, fork);
        String answer = sdp != null ? sdp : leg.earlyFork != fork ? fork.earlySdp : null;
        if (answer != null) {
            try {
                if (leg.earlyFork != null && leg.earlyFork != fork) {
                    // the early media came from another contact, whose RTP the endpoint latched: talk to this one now
                    leg.endpoint.applyAnswerFromNewPeer(answer);
                } else {
                    leg.endpoint.applyAnswer(answer);
                }
            } catch (RuntimeException e) {
                LOG.info("call {}: leg {} answer SDP unusable: {}", call.id, leg.id, e.getMessage());
                sip.send(dialog, Request.BYE);
                lifecycle.fail(leg, Response.NOT_ACCEPTABLE_HERE, CallStatus.UNKNOWN);
                lifecycle.legFailed(call, leg);
                return;
            }
        }
        leg.cancelTimers();
        leg.state = LegInfo.ANSWERED;
        leg.sipStatus = status;
        sessionTimers.answered(leg, response);
        LOG.info("call {}: leg {} answered by {}", call.id, leg.id, fork.address);
        calls.post(call, CallEvents.ANSWERED, Map.of(CallEvents.LEG_ID, leg.id));
        if (call.state.equals(CallInfo.SETUP)) {
            call.state = CallInfo.ANSWERED;
        }
        if (leg.connectTo != null && !leg.connectTo.ended()) {
            lifecycle.answerIncoming(call, leg.connectTo);
            bridging.bridge(call, leg.connectTo, leg);
        }
        leg.outcome.complete(leg.info());
    }

    /** The first fork to answer becomes the leg's dialog; every other fork is cancelled. Under the call's lock. */
    private void win(Leg leg, Fork fork) {
        leg.winner = fork;
        leg.dialog = fork.dialog;
        leg.address = fork.address;
        if (!fork.sipCallId.equals(leg.sipCallId)) {
            calls.unmapSipCallId(leg.sipCallId, leg);
            leg.sipCallId = fork.sipCallId;
            calls.mapSipCallId(leg.sipCallId, leg);
        }
        for (Fork other : leg.forks) {
            if (other != fork) {
                sip.cancelFork(leg, other);
                // requests in the losers' dialogs no longer reach the leg; a late 2xx arriving as a stray gets ACK and BYE
                calls.unmapSipCallId(other.sipCallId, leg);
            }
        }
    }

    /** One fork ended without answer (final response or timeout): the leg fails once all its forks did. */
    private void forkFailed(Leg leg, Fork fork, int status) {
        fork.finalStatus = status;
        Call call = leg.call;
        if (leg.ended() || leg.answered()) {
            return;
        }
        if (leg.forks.stream().anyMatch(f -> !f.done())) {
            LOG.info("call {}: leg {} INVITE to {} failed with {}, other contacts still ring", call.id, leg.id,
                    fork.address, status);
            return;
        }
        int best = ForkResponses.best(leg.forks.stream().map(f -> f.finalStatus).toList());
        String failure = leg.cancelRequested && best == Response.REQUEST_TERMINATED ? CallStatus.CALLER_CANCELED
                : CallStatus.ofFinalResponse(best);
        LOG.info("call {}: leg {} failed with {} ({})", call.id, leg.id, best, failure);
        lifecycle.fail(leg, best, failure);
        lifecycle.legFailed(call, leg);
    }

    /** A copy of the fork's INVITE to send again: next CSeq, a new Via branch. */
    private Request again(Fork fork) throws Exception {
        Request again = (Request) fork.sentInvite.clone();
        CSeqHeader cseq = (CSeqHeader) again.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        again.removeHeader(ViaHeader.NAME);
        ViaHeader old = (ViaHeader) fork.sentInvite.getHeader(ViaHeader.NAME);
        again.addHeader(sip.headers.createViaHeader(old.getHost(), old.getPort(), old.getTransport(), null));
        return again;
    }

    /** A 422 to our INVITE: sent again with the callee's Min-SE as the session interval (RFC 4028 §7.3). */
    private boolean retryWithLongerSession(Leg leg, Fork fork, Response tooSmall) {
        try {
            Request again = again(fork);
            if (!sessionTimers.raise(again, tooSmall)) {
                return false;
            }
            fork.intervalRaised = true;
            fork.provisional = false;
            sendInvite(leg, fork, again);
            LOG.info("call {}: leg {} INVITE to {} sent again with a longer session interval", leg.call.id, leg.id,
                    fork.address);
            return true;
        } catch (Exception e) {
            LOG.info("call {}: leg {} session interval retry failed: {}", leg.call.id, leg.id, e.toString());
            return false;
        }
    }

    /** Sends the INVITE again with the carrier account's digest answer (SPEC §1.3 carrier_account). */
    private boolean retryWithCredentials(Leg leg, Fork fork, Response challenge) {
        try {
            Request again = again(fork);
            Optional<AuthorizationHeader> answer = digest.answer(challenge, again, leg.credentials.username(),
                    leg.credentials.password());
            if (answer.isEmpty()) {
                return false;
            }
            again.addHeader(answer.get());
            fork.authAnswered = true;
            fork.provisional = false;
            sendInvite(leg, fork, again);
            return true;
        } catch (Exception e) {
            LOG.info("call {}: leg {} digest retry failed: {}", leg.call.id, leg.id, e.toString());
            return false;
        }
    }

    /** Ringing or early media on an outbound leg: told to the incoming leg it will connect to. */
    private void progress(Call call, Leg leg) {
        Leg in = leg.connectTo;
        if (in == null || in.ended() || in.answered()) {
            return;
        }
        if (leg.earlyMedia) {
            if (leg.earlyMediaPassedOn) {
                return;
            }
            leg.earlyMediaPassedOn = true;
            // early media pass-through: the caller hears the callee side's tones and announcements
            bridging.bridge(call, in, leg);
            Response early = sip.response(in, Response.SESSION_PROGRESS);
            try {
                early.setContent(in.localSdp, sip.sdpType());
                in.inviteTx.sendResponse(early);
            } catch (Exception e) {
                LOG.debug("call {}: 183 failed: {}", call.id, e.toString());
            }
        } else if (!leg.ringingPassedOn) {
            // several ringing forks: the caller hears one 180
            leg.ringingPassedOn = true;
            sip.respond(in, Response.RINGING);
        }
    }

    private void ringTimeout(Leg leg) {
        synchronized (leg.call) {
            if (leg.ended() || leg.answered()) {
                return;
            }
            LOG.info("call {}: leg {} not answered in {} s, cancelled", leg.call.id, leg.id, settings.ringTimeoutSeconds());
            lifecycle.endLeg(leg);
            // the caller hears "temporarily unavailable", as from a phone nobody picks up
            lifecycle.fail(leg, Response.TEMPORARILY_UNAVAILABLE, CallStatus.MISSED);
            lifecycle.legFailed(leg.call, leg);
        }
    }
}
