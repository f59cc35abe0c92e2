package io.parley.sip.call;

import io.parley.api.blocklist.BlocklistService;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.event.CallEvents;
import io.parley.api.media.MediaDirection;
import io.parley.api.media.MediaServer;
import io.parley.api.sip.Registrar;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.TrunkNumber;
import java.nio.charset.StandardCharsets;
import io.parley.api.sip.trunk.Admission;
import io.parley.api.sip.trunk.InboundInvite;
import io.parley.api.sip.trunk.Trunk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dialog-forming INVITE: a new call. From a trunk peer (SPEC §1.5, §2.2, §24) it is admitted
 * by called number (active and inbound-capable, concurrency and calls-per-second limits,
 * blocklist), answered with an endpoint of the media server and handed over once ACKed; from a
 * registered phone (SPEC §12.3) it is authenticated by digest and connected to an extension or
 * out through a trunk number. Anything else gets 403.
 */
final class InboundInvites {

    private static final Logger LOG = LoggerFactory.getLogger(InboundInvites.class);

    private final LegMessages sip;
    private final LiveCalls calls;
    private final MediaServer media;
    private final SipChannelStore channels;
    private final CallManager.PhoneLookup phones;
    private final Registrar registrar;
    private final CallPorts.TrunkSources trunks;
    private final CallPorts.Security security;
    private final CallPorts.PhoneAuthentication phoneAuth;
    private final Numbers numbers;
    private final NumberLimits limits;
    private final SessionTimers sessionTimers;
    private final CallLifecycle lifecycle;
    private final OutboundLegs outbound;
    private volatile BlocklistService blocklist;

    InboundInvites(LegMessages sip, LiveCalls calls, MediaServer media, SipChannelStore channels,
                   CallManager.PhoneLookup phones, Registrar registrar, CallPorts.TrunkSources trunks,
                   CallPorts.Security security, CallPorts.PhoneAuthentication phoneAuth, Numbers numbers,
                   NumberLimits limits, SessionTimers sessionTimers, CallLifecycle lifecycle, OutboundLegs outbound) {
        this.sip = sip;
        this.calls = calls;
        this.media = media;
        this.channels = channels;
        this.phones = phones;
        this.registrar = registrar;
        this.trunks = trunks;
        this.security = security;
        this.phoneAuth = phoneAuth;
        this.numbers = numbers;
        this.limits = limits;
        this.sessionTimers = sessionTimers;
        this.lifecycle = lifecycle;
        this.outbound = outbound;
    }

    void blocklist(BlocklistService service) {
        this.blocklist = service;
    }

    /** An INVITE without To tag from a source that is not blocked. */
    void newCall(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        String ip = LegMessages.sourceIp(request);
        ServerTransaction tx = sip.serverTransaction(event);
        if (tx == null) {
            return;
        }
        tx.sendResponse(sip.create(Response.TRYING, request));
        String transport = LegMessages.transport(request);
        Optional<SipChannel> channel = trunks.channelOf(ip, LegMessages.sourcePort(request), transport);
        if (channel.isPresent()) {
            if (!sessionTimers.refuseTooSmall(tx, request)) {
                fromTrunk(tx, request, channel.get());
            }
            return;
        }
        boolean phoneSource = registrar.all().stream().anyMatch(b -> LegMessages.hostOf(b.sourceAddress()).equals(ip));
        if (!phoneSource) {
            // a channel committed since the last snapshot admits its peer now, not at the next refresh (issue 19)
            channel = trunks.channelOfReread(ip, LegMessages.sourcePort(request), transport);
            if (channel.isPresent()) {
                if (!sessionTimers.refuseTooSmall(tx, request)) {
                    fromTrunk(tx, request, channel.get());
                }
                return;
            }
            security.refused(ip, Request.INVITE, "not a trunk peer or registered phone");
            LOG.info("INVITE from {}: 403, not a trunk peer or registered phone", ip);
            tx.sendResponse(sip.create(Response.FORBIDDEN, request));
            return;
        }
        CallPorts.Verdict verdict = phoneAuth.verify(request);
        if (verdict.phone() == null) {
            if (verdict.failedUser() != null) {
                security.authenticationFailed(ip, verdict.failedUser());
            }
            tx.sendResponse(verdict.response());
            return;
        }
        security.authenticated(ip);
        if (sessionTimers.refuseTooSmall(tx, request)) {
            return;
        }
        fromPhone(tx, request, verdict.phone());
    }

    private void fromTrunk(ServerTransaction tx, Request request, SipChannel channel) throws Exception {
        String calledUser = LegMessages.calledUser(request);
        Optional<Trunk> trunk = trunks.trunk(channel);
        if (trunk.isEmpty()) {
            // a peer we know on a channel whose connector is not running: try again later, not "who are you"
            LOG.info("INVITE on channel {} to {}: 503, no {} connector is running", channel.id(), calledUser,
                    channel.dockingMode());
            tx.sendResponse(sip.create(Response.SERVICE_UNAVAILABLE, request));
            return;
        }
        Admission admission;
        try {
            admission = trunk.get().admit(inviteOf(request, calledUser));
        } catch (RuntimeException | LinkageError e) {
            LOG.info("INVITE on channel {} to {}: 503, its connector failed: {}", channel.id(), calledUser, e.toString());
            tx.sendResponse(sip.create(Response.SERVICE_UNAVAILABLE, request));
            return;
        }
        if (!admission.admitted()) {
            String ip = LegMessages.sourceIp(request);
            LOG.info("INVITE on channel {} to {}: {}, refused by its connector ({})", channel.id(), calledUser,
                    admission.status(), admission.reason());
            security.refused(ip, Request.INVITE, "refused by the " + channel.dockingMode() + " connector");
            tx.sendResponse(sip.create(admission.status(), request));
            return;
        }
        String called = numbers.canonical(calledUser);
        Optional<TrunkNumber> found = called == null ? Optional.empty() : channels.findNumber(called);
        if (found.isEmpty() || found.get().channelId() != channel.id() || !found.get().acceptsInbound()) {
            LOG.info("INVITE on channel {} to {}: 404, not an inbound number of the channel", channel.id(), calledUser);
            tx.sendResponse(sip.create(Response.NOT_FOUND, request));
            return;
        }
        TrunkNumber number = found.get();
        String callerUser = LegMessages.userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
        String callerNumber = numbers.canonical(callerUser);
        String caller = callerNumber != null ? callerNumber : String.valueOf(callerUser);
        int refusal = limits.refusal(number);
        if (refusal != 0) {
            LOG.info("INVITE to {}: {}, over the number's limits", number.number(), refusal);
            tx.sendResponse(sip.create(refusal, request));
            return;
        }
        BlocklistService bl = blocklist;
        if (bl != null && callerNumber != null && bl.isBlocked(number.instanceId(), callerNumber)) {
            LOG.info("INVITE to {} from {}: 603, caller on the blocklist", number.number(), caller);
            tx.sendResponse(sip.create(Response.DECLINE, request));
            Call refused = new Call(calls.newCallId(), number.instanceId(), "inbound", "telephone", caller, number.number(), null);
            refused.state = CallInfo.ENDED;
            refused.status = CallStatus.BLOCKLISTED;
            calls.post(refused, CallEvents.CREATED, Map.of());
            calls.post(refused, CallEvents.ENDED, Map.of(CallEvents.STATUS, CallStatus.BLOCKLISTED,
                    CallEvents.SIP_STATUS, Response.DECLINE, CallEvents.HANGUP_PARTY, "system"));
            return;
        }
        Call call = new Call(calls.newCallId(), number.instanceId(), "inbound", "telephone", caller, number.number(), number.id());
        Leg leg = new Leg(call.nextLegId(), call, true, "trunk", caller,
                LegMessages.sourceIp(request) + ":" + LegMessages.sourcePort(request));
        synchronized (call) {
            if (!accept(call, leg, tx, request)) {
                return;
            }
            calls.post(call, CallEvents.CREATED, Map.of());
            sip.respond(leg, Response.RINGING);
            lifecycle.answerIncoming(call, leg);
        }
    }

    /** The INVITE as a trunk connector sees it: source, users and headers as text. */
    private static InboundInvite inviteOf(Request request, String calledUser) {
        Map<String, List<String>> headers = new HashMap<>();
        ListIterator<?> names = request.getHeaderNames();
        while (names.hasNext()) {
            String name = (String) names.next();
            ListIterator<?> values = request.getHeaders(name);
            while (values.hasNext()) {
                String v = values.next().toString();
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(v.substring(v.indexOf(':') + 1).strip());
            }
        }
        String callerUser = LegMessages.userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
        return new InboundInvite(LegMessages.sourceIp(request), LegMessages.sourcePort(request),
                LegMessages.transport(request), calledUser, callerUser, headers);
    }

    private void fromPhone(ServerTransaction tx, Request request, SipPhone phone) throws Exception {
        String dialled = Numbers.digits(LegMessages.calledUser(request));
        if (dialled == null) {
            tx.sendResponse(sip.create(Response.NOT_FOUND, request));
            return;
        }
        boolean internal = Numbers.isExtension(dialled) && phones.find(phone.instanceId(), dialled).isPresent();
        Call call = new Call(calls.newCallId(), phone.instanceId(), "outbound", internal ? "internal" : "telephone",
                phone.extension(), dialled, null);
        call.endsWithAnyLeg = true;
        Leg caller = new Leg(call.nextLegId(), call, true, "phone", phone.extension(),
                LegMessages.sourceIp(request) + ":" + LegMessages.sourcePort(request));
        synchronized (call) {
            if (!accept(call, caller, tx, request)) {
                return;
            }
            calls.post(call, CallEvents.CREATED, Map.of());
            Destination to = internal ? Destination.phone(phone.instanceId(), dialled)
                    : Destination.external(phone.instanceId(), dialled, null);
            Leg callee = outbound.place(call, to, phone.extension(), phone.name());
            callee.connectTo = caller;
            if (callee.ended()) {
                lifecycle.legFailed(call, callee);
            }
        }
    }

    /** Registers the call and its first (incoming) leg: dialog, endpoint, SDP. False when refused (answered already). */
    private boolean accept(Call call, Leg leg, ServerTransaction tx, Request request) throws Exception {
        leg.inviteTx = tx;
        leg.invite = request;
        leg.localTag = sip.tag();
        leg.sipCallId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        leg.dialog = sip.provider.getNewDialog(tx);
        try {
            leg.endpoint = media.openEndpoint(call.id + "/" + leg.id);
            byte[] body = request.getRawContent();
            if (body != null && body.length > 0) {
                leg.localSdp = leg.endpoint.answer(new String(body, StandardCharsets.UTF_8));
            } else {
                leg.localSdp = leg.endpoint.createOffer(MediaDirection.SENDRECV);
                leg.offerInAck = true;
            }
        } catch (RuntimeException e) {
            LOG.info("call {}: media refused ({}), 488", call.id, e.getMessage());
            CallLifecycle.closeMedia(leg);
            tx.sendResponse(sip.create(Response.NOT_ACCEPTABLE_HERE, request));
            return false;
        }
        call.legs.add(leg);
        calls.add(call);
        calls.mapSipCallId(leg.sipCallId, leg);
        LOG.info("call {}: {} {} -> {} (leg {} from {})", call.id, call.direction, call.caller, call.callee, leg.id,
                leg.address);
        return true;
    }
}
