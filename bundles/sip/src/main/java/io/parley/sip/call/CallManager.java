package io.parley.sip.call;

import io.parley.api.blocklist.BlocklistService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.InboundCallHandler;
import io.parley.api.error.ConflictException;
import io.parley.api.error.NotFoundException;
import io.parley.api.event.CallEvents;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.MediaServer;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Playback;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.sip.Registrar;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.CanonicalNumbers;
import io.parley.api.telephony.SipPhone;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.osgi.service.event.EventAdmin;

/**
 * The B2BUA: every call of the appliance and {@link CallControl} for the IVR, ACD and agent
 * features. Wires the call handlers and routes to them: {@link InboundInvites} (new calls from
 * trunks and phones), {@link InDialogRequests} (ACK, BYE, CANCEL, re-INVITE/UPDATE, INFO/PRACK),
 * {@link OutboundLegs} (our INVITEs and their forks, targets from {@link LegTargets}),
 * {@link SessionTimers}, {@link Bridging} (bridge, hold, transfer) and {@link CallLifecycle}
 * (answer, fail, end). Calls are kept in {@link LiveCalls}; all RTP is anchored in the media server.
 */
public final class CallManager implements CallControl {

    private final CallPorts.Security security;
    private final ScheduledExecutorService timers;
    private final ExecutorService handlerThreads;
    private final LiveCalls calls = new LiveCalls();
    private final CallLifecycle lifecycle;
    private final Bridging bridging;
    private final OutboundLegs outbound;
    private final InboundInvites inbound;
    private final InDialogRequests inDialog;
    private final Handover handover;
    private final CallerNumber callerNumber;

    /** Finds a phone of an instance by extension (empty when there is none). */
    @FunctionalInterface
    public interface PhoneLookup {
        Optional<SipPhone> find(long instanceId, String extension);
    }

    public CallManager(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                       String bindAddress, CallSettings settings,
                       Supplier<? extends CanonicalNumbers> numberFormat, MediaServer media,
                       SipChannelStore channels,
                       PhoneLookup phones, Registrar registrar, CallPorts.TrunkSources trunks,
                       CallPorts.Security security, CallPorts.PhoneAuthentication phoneAuth,
                       CallPorts.OutcomeRouting routing, CallPorts.HoldAudioSources holdAudioSources) {
        this.security = security;
        this.timers = Executors.newScheduledThreadPool(1, daemon("parley-call-timer"));
        this.handlerThreads = Executors.newCachedThreadPool(daemon("parley-call-handler"));
        LegMessages sip = new LegMessages(provider, messages, headers, addresses, bindAddress);
        Numbers numbers = new Numbers(numberFormat);
        NumberLimits limits = new NumberLimits(calls);
        SessionTimers sessionTimers = new SessionTimers(sip, settings, timers, routing, new SessionTimers.Endings() {
            @Override
            public void expired(Leg leg) {
                sessionExpired(leg);
            }

            @Override
            public void lost(Leg leg) {
                sessionLost(leg);
            }
        });
        this.lifecycle = new CallLifecycle(sip, calls, sessionTimers);
        HoldAudio holdAudio = new HoldAudio(media, holdAudioSources::settings, holdAudioSources::audioFiles);
        this.bridging = new Bridging(media, holdAudio, calls, lifecycle);
        this.callerNumber = new CallerNumber(channels, numbers, limits, new java.security.SecureRandom());
        LegTargets targets = new LegTargets(addresses, registrar, channels, numbers, limits, callerNumber, trunks);
        this.outbound = new OutboundLegs(sip, calls, media, targets, lifecycle, bridging, settings, timers, routing,
                sessionTimers);
        this.inbound = new InboundInvites(sip, calls, media, channels, phones, registrar, trunks, security, phoneAuth,
                numbers, limits, sessionTimers, lifecycle, outbound);
        this.handover = new Handover(this, handlerThreads, new DefaultInboundHandler(this, media, settings, timers));
        this.inDialog = new InDialogRequests(sip, calls, media, sessionTimers, lifecycle, bridging, handover);
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public void eventAdmin(EventAdmin eventAdmin) {
        calls.eventAdmin(eventAdmin);
    }

    public void inboundHandler(InboundCallHandler handler) {
        handover.inboundHandler(handler);
    }

    public void blocklist(BlocklistService service) {
        inbound.blocklist(service);
    }

    /** Where SPEC §11.2 reads the outbound settings, agents' skill groups and locations (set once at start). */
    public void callerNumberSources(CallPorts.CallerNumberSources sources) {
        callerNumber.sources(sources);
    }

    /** Hangs up every call (the bundle stops) and stops the timers. */
    public void close() {
        for (Call call : calls.snapshot()) {
            synchronized (call) {
                lifecycle.endCall(call, CallStatus.SYSTEM_ERROR, "system");
            }
        }
        timers.shutdownNow();
        handlerThreads.shutdownNow();
    }

    /** A leg's session was not refreshed in time (RFC 4028): the call ends. Under the call's lock. */
    private void sessionExpired(Leg leg) {
        lifecycle.endCall(leg.call, null, "system");
    }

    /** Our session refresh found the leg's dialog gone at the peer: as a BYE from that leg. Under the call's lock. */
    private void sessionLost(Leg leg) {
        lifecycle.legLost(leg);
    }

    // =====================================================================================
    // Requests from the network
    // =====================================================================================

    /** INVITE: a new call (no To tag) or a re-INVITE in a leg's dialog. */
    public void invite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        if (security.blocked(LegMessages.sourceIp(request))) {
            return;
        }
        if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
            inDialog.modify(event);
        } else {
            inbound.newCall(event);
        }
    }

    public void ack(RequestEvent event) {
        inDialog.ack(event);
    }

    public void bye(RequestEvent event) throws Exception {
        inDialog.bye(event);
    }

    public void cancel(RequestEvent event) throws Exception {
        inDialog.cancel(event);
    }

    /** UPDATE: a session refresh or (with SDP) a new offer, e.g. hold. */
    public void update(RequestEvent event) throws Exception {
        inDialog.modify(event);
    }

    /** INFO and PRACK within a call: acknowledged (DTMF comes as RFC 4733 in the media). */
    public void inDialog(RequestEvent event) throws Exception {
        inDialog.acknowledge(event);
    }

    /** A 2xx retransmitted after its INVITE transaction ended (our ACK was lost): ACK again, or BYE a leg we ended. */
    public void strayResponse(ResponseEvent event) {
        inDialog.strayResponse(event);
    }

    // =====================================================================================
    // CallControl
    // =====================================================================================

    @Override
    public List<CallInfo> calls() {
        List<CallInfo> list = new ArrayList<>();
        for (Call c : calls.all()) {
            synchronized (c) {
                list.add(c.info());
            }
        }
        list.sort(Comparator.comparing(CallInfo::since));
        return list;
    }

    @Override
    public Optional<CallInfo> call(String callId) {
        Call c = calls.get(callId);
        if (c == null) {
            return Optional.empty();
        }
        synchronized (c) {
            return Optional.of(c.info());
        }
    }

    private Call live(String callId) {
        Call c = calls.get(callId);
        if (c == null) {
            throw new NotFoundException("call", callId);
        }
        return c;
    }

    private static Leg leg(Call call, String legId) {
        return call.leg(legId).orElseThrow(() -> new NotFoundException("leg", call.id + "/" + legId));
    }

    @Override
    public CallInfo answer(String callId) {
        Call call = live(callId);
        synchronized (call) {
            Leg first = call.first();
            if (first.incoming && !first.answered() && !first.ended()) {
                lifecycle.answerIncoming(call, first);
            }
            return call.info();
        }
    }

    @Override
    public RtpEndpoint media(String callId, String legId) {
        Call call = live(callId);
        synchronized (call) {
            Leg leg = leg(call, legId);
            if (leg.endpoint == null || leg.ended()) {
                throw new ConflictException("leg", "leg " + legId + " of call " + callId + " has no media");
            }
            return leg.endpoint;
        }
    }

    @Override
    public Playback play(String callId, String legId, PlayRequest request) {
        return media(callId, legId).player().play(request);
    }

    @Override
    public DtmfCollector collect(String callId, String legId, DigitCollectSpec spec) {
        return media(callId, legId).collectDigits(spec);
    }

    @Override
    public Dialing originate(Destination destination, String callerDisplay) {
        Call call = new Call(calls.newCallId(), destination.instanceId(), "outbound",
                Destination.PHONE.equals(destination.kind()) ? "internal" : "telephone",
                callerDisplay == null ? "" : callerDisplay, destination.address(), null);
        synchronized (call) {
            calls.add(call);
            calls.post(call, CallEvents.CREATED, Map.of());
            Leg leg = outbound.place(call, destination, callerDisplay == null ? "parley" : callerDisplay, callerDisplay);
            if (leg.ended()) {
                lifecycle.endCall(call, leg.failureStatus, "system");
            }
            return new Dialing(call.id, leg.id, leg.outcome);
        }
    }

    @Override
    public Dialing dial(String callId, Destination destination) {
        Call call = live(callId);
        synchronized (call) {
            if (call.ended) {
                throw new ConflictException("call", "call " + callId + " has ended");
            }
            String from = "inbound".equals(call.direction) ? call.caller : call.first().party;
            Leg leg = outbound.place(call, destination, from, null);
            return new Dialing(call.id, leg.id, leg.outcome);
        }
    }

    @Override
    public void bridge(String callId, String customerLegId, String otherLegId) {
        Call call = live(callId);
        synchronized (call) {
            Leg customer = leg(call, customerLegId);
            Leg other = leg(call, otherLegId);
            if (!customer.answered() || !other.answered() || customer == other) {
                throw new ConflictException("leg", "only two different answered legs can be bridged");
            }
            bridging.bridge(call, customer, other);
        }
    }

    @Override
    public Dialing transfer(String callId, String legId, Destination destination) {
        return transfer(callId, legId, destination,
                Destination.PHONE.equals(destination.kind()) ? "extension" : "external", destination.address());
    }

    @Override
    public Dialing transfer(String callId, String legId, Destination destination, String transferType,
                            String transferTo) {
        Call call = live(callId);
        Dialing dialing;
        synchronized (call) {
            Leg away = leg(call, legId);
            Leg remaining = call.legs.stream().filter(l -> l != away && l.answered()).findFirst()
                    .orElseThrow(() -> new ConflictException("leg", "no other answered leg stays in call " + callId));
            dialing = dial(callId, destination);
            dialing.outcome().thenAccept(leg -> {
                synchronized (call) {
                    Leg added = call.leg(leg.id()).orElse(null);
                    if (added == null || !added.answered() || remaining.ended()) {
                        return;
                    }
                    bridging.completeTransfer(call, away, remaining, added, transferType, transferTo);
                }
            });
        }
        return dialing;
    }

    @Override
    public void hold(String callId, boolean onHold) {
        Call call = live(callId);
        synchronized (call) {
            if (call.bridge == null) {
                throw new ConflictException("call", "call " + callId + " is not bridged");
            }
            // the customer hears the instance's hold audio (SPEC §21.1), not the agent
            bridging.agentHold(call, onHold);
        }
    }

    @Override
    public void endWithAnyLeg(String callId) {
        Call call = live(callId);
        synchronized (call) {
            call.endsWithAnyLeg = true;
        }
    }

    @Override
    public void mute(String callId, boolean muted) {
        Call call = live(callId);
        synchronized (call) {
            if (call.bridge == null) {
                throw new ConflictException("call", "call " + callId + " is not bridged");
            }
            call.bridge.mute(io.parley.api.media.BridgeDirection.AGENT_TO_CUSTOMER, muted);
        }
    }

    @Override
    public void hangupLeg(String callId, String legId) {
        Call call = live(callId);
        synchronized (call) {
            Leg leg = leg(call, legId);
            lifecycle.endLeg(leg);
            lifecycle.legGone(call, leg, "system");
        }
    }

    @Override
    public void hangup(String callId, String status) {
        Call call = calls.get(callId);
        if (call == null) {
            return;
        }
        synchronized (call) {
            lifecycle.endCall(call, status, "system");
        }
    }
}
