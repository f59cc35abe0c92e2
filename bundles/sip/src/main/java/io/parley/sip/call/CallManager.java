package io.parley.sip.call;

import gov.nist.javax.sip.message.SIPMessage;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.InboundCallHandler;
import io.parley.api.call.LegInfo;
import io.parley.api.error.ConflictException;
import io.parley.api.error.NotFoundException;
import io.parley.api.event.CallEvents;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.MediaDirection;
import io.parley.api.media.MediaServer;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Playback;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.media.SessionDescription;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.sip.Registrar;
import io.parley.api.sip.RegistrationBinding;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.TrunkNumber;
import io.parley.sip.DigestClient;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA: every call of the appliance, the SIP requests and responses of their legs, and
 * {@link CallControl} for the IVR, ACD and agent features. Inbound calls from trunks are
 * admitted (source, number, limits, blocklist), answered with an RTP endpoint of the media
 * server and handed to the {@link InboundCallHandler}; calls from registered phones are
 * authenticated by digest and connected to another phone (by extension) or through a trunk
 * number of the instance to an external number. All RTP is anchored in the media server.
 */
public final class CallManager implements CallControl {

    private static final Logger LOG = LoggerFactory.getLogger(CallManager.class);
    private static final String SDP = "sdp";

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final String bindAddress;
    private final CallSettings settings;
    private final MediaServer media;
    private final SipChannelStore channels;
    private final PhoneLookup phones;
    private final Registrar registrar;
    private final CallPorts.TrunkSources trunks;
    private final CallPorts.Security security;
    private final CallPorts.PhoneAuthentication phoneAuth;
    private final CallPorts.OutcomeRouting routing;
    private final DigestClient digest;
    private final Numbers numbers;
    private final ScheduledExecutorService timers;
    private final ExecutorService handlerThreads;
    private final InboundCallHandler defaultHandler;
    private final HoldAudio holdAudio;
    private final CallerNumberSelection callerNumbers;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong sequence = new AtomicLong();

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Leg> legsBySipCallId = new ConcurrentHashMap<>();
    /** Call starts per trunk number in the last second (SPEC §2.2 max_calls_per_second). */
    private final Map<Long, ArrayDeque<Long>> recentStarts = new HashMap<>();

    private volatile EventAdmin events;
    private volatile InboundCallHandler inboundHandler;
    private volatile BlocklistService blocklist;
    private volatile CallPorts.CallerNumberSources callerNumberSources;

    /** Finds a phone of an instance by extension (empty when there is none). */
    @FunctionalInterface
    public interface PhoneLookup {
        Optional<SipPhone> find(long instanceId, String extension);
    }

    public CallManager(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                       String bindAddress, CallSettings settings, MediaServer media, SipChannelStore channels,
                       PhoneLookup phones, Registrar registrar, CallPorts.TrunkSources trunks,
                       CallPorts.Security security, CallPorts.PhoneAuthentication phoneAuth,
                       CallPorts.OutcomeRouting routing, CallPorts.HoldAudioSources holdAudioSources) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.bindAddress = bindAddress;
        this.settings = settings;
        this.media = media;
        this.channels = channels;
        this.phones = phones;
        this.registrar = registrar;
        this.trunks = trunks;
        this.security = security;
        this.phoneAuth = phoneAuth;
        this.routing = routing;
        this.digest = new DigestClient(headers);
        this.numbers = new Numbers(settings.countryCode());
        this.timers = Executors.newScheduledThreadPool(1, daemon("parley-call-timer"));
        this.handlerThreads = Executors.newCachedThreadPool(daemon("parley-call-handler"));
        this.defaultHandler = new DefaultInboundHandler(this, media, settings, timers);
        this.holdAudio = new HoldAudio(media, holdAudioSources::settings, holdAudioSources::audioFiles);
        this.callerNumbers = new CallerNumberSelection(this::numbersOfInstance, this::underLimits,
                new CallPorts.CallerNumberSources() {
                    @Override
                    public io.parley.api.settings.OutboundSettings outbound(long instanceId) {
                        CallPorts.CallerNumberSources s = callerNumberSources;
                        return s == null ? null : s.outbound(instanceId);
                    }

                    @Override
                    public Optional<List<Long>> agentSkillGroups(long instanceId, String agentId) {
                        CallPorts.CallerNumberSources s = callerNumberSources;
                        return s == null ? Optional.empty() : s.agentSkillGroups(instanceId, agentId);
                    }

                    @Override
                    public Optional<String> location(String canonicalNumber) {
                        CallPorts.CallerNumberSources s = callerNumberSources;
                        return s == null ? Optional.empty() : s.location(canonicalNumber);
                    }
                }, random);
    }

    /** Where SPEC §11.2 reads the outbound settings, agents' skill groups and locations (set once at start). */
    public void callerNumberSources(CallPorts.CallerNumberSources sources) {
        this.callerNumberSources = sources;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public void eventAdmin(EventAdmin eventAdmin) {
        this.events = eventAdmin;
    }

    public void inboundHandler(InboundCallHandler handler) {
        this.inboundHandler = handler;
    }

    public void blocklist(BlocklistService service) {
        this.blocklist = service;
    }

    /** Hangs up every call (the bundle stops) and stops the timers. */
    public void close() {
        for (Call call : List.copyOf(calls.values())) {
            synchronized (call) {
                endCall(call, CallStatus.SYSTEM_ERROR, "system");
            }
        }
        timers.shutdownNow();
        handlerThreads.shutdownNow();
    }

    // =====================================================================================
    // Requests from the network
    // =====================================================================================

    /** INVITE: a new call (no To tag) or a re-INVITE in a leg's dialog. */
    public void invite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        String ip = sourceIp(request);
        if (security.blocked(ip)) {
            return;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (to.getTag() != null) {
            reinvite(event);
            return;
        }
        ServerTransaction tx = serverTransaction(event);
        if (tx == null) {
            return;
        }
        tx.sendResponse(messages.createResponse(Response.TRYING, request));
        String transport = transport(request);
        Optional<SipChannel> channel = trunks.channelOf(ip, sourcePort(request), transport);
        if (channel.isPresent()) {
            if (!sessionIntervalTooSmall(tx, request)) {
                inboundFromTrunk(tx, request, channel.get());
            }
            return;
        }
        boolean phoneSource = registrar.all().stream().anyMatch(b -> hostOf(b.sourceAddress()).equals(ip));
        if (!phoneSource) {
            security.refused(ip, Request.INVITE, "not a trunk peer or registered phone");
            LOG.info("INVITE from {}: 403, not a trunk peer or registered phone", ip);
            tx.sendResponse(messages.createResponse(Response.FORBIDDEN, request));
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
        if (sessionIntervalTooSmall(tx, request)) {
            return;
        }
        fromPhone(tx, request, verdict.phone());
    }

    public void ack(RequestEvent event) {
        Request request = event.getRequest();
        Leg leg = legOf(request);
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
            handOver(call);
        }
    }

    public void bye(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = serverTransaction(event);
        if (tx == null) {
            return;
        }
        Leg leg = legOf(request);
        if (leg == null) {
            tx.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        tx.sendResponse(messages.createResponse(Response.OK, request));
        Call call = leg.call;
        synchronized (call) {
            LOG.info("call {}: BYE from leg {} ({})", call.id, leg.id, leg.party);
            leg.state = LegInfo.ENDED;
            leg.cancelTimers();
            closeMedia(leg);
            legGone(call, leg, partyOf(call, leg));
        }
    }

    public void cancel(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = serverTransaction(event);
        if (tx == null) {
            return;
        }
        Leg leg = legOf(request);
        if (leg == null || !leg.incoming) {
            tx.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        tx.sendResponse(messages.createResponse(Response.OK, request));
        Call call = leg.call;
        synchronized (call) {
            if (leg.answered() || leg.ended()) {
                return;
            }
            LOG.info("call {}: CANCEL from leg {} ({})", call.id, leg.id, leg.party);
            respond(leg, Response.REQUEST_TERMINATED);
            leg.state = LegInfo.ENDED;
            leg.sipStatus = Response.REQUEST_TERMINATED;
            closeMedia(leg);
            endCall(call, "inbound".equals(call.direction) ? CallStatus.NOT_ANSWERED : CallStatus.CALLER_CANCELED,
                    "customer");
        }
    }

    /** UPDATE: a session refresh or (with SDP) a new offer, e.g. hold. */
    public void update(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = serverTransaction(event);
        if (tx == null) {
            return;
        }
        Leg leg = legOf(request);
        if (leg == null) {
            tx.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        synchronized (leg.call) {
            tx.sendResponse(modify(leg, request));
        }
    }

    /** INFO and PRACK within a call: acknowledged (DTMF comes as RFC 4733 in the media). */
    public void inDialog(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = serverTransaction(event);
        if (tx == null) {
            return;
        }
        int status = legOf(request) == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK;
        tx.sendResponse(messages.createResponse(status, request));
    }

    /** A 2xx retransmitted after its INVITE transaction ended (our ACK was lost): ACK again, or BYE a leg we ended. */
    public void strayResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (response.getStatusCode() / 100 != 2 || !Request.INVITE.equals(cseq.getMethod())) {
            return;
        }
        Leg leg = legOf(response);
        Dialog dialog = event.getDialog() != null ? event.getDialog() : leg == null ? null : leg.dialog;
        if (dialog == null) {
            return;
        }
        try {
            dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
            if (leg == null || leg.ended()) {
                send(dialog, Request.BYE);
            }
        } catch (Exception e) {
            LOG.debug("ACK of a retransmitted 2xx failed: {}", e.toString());
        }
    }

    private void reinvite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction tx = serverTransaction(event);
        if (tx == null) {
            return;
        }
        Leg leg = legOf(request);
        if (leg == null) {
            tx.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        synchronized (leg.call) {
            tx.sendResponse(modify(leg, request));
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
            return messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request);
        }
        int asked = sessionExpires(request);
        if (asked >= 0 && asked < settings.minSessionExpiresSeconds()) {
            return sessionIntervalTooSmall(request);
        }
        byte[] body = request.getRawContent();
        Response ok = messages.createResponse(Response.OK, request);
        ok.addHeader(contact(sourceIp(request)));
        if (body != null && body.length > 0) {
            String offer = new String(body, StandardCharsets.UTF_8);
            String answer = leg.endpoint.answer(offer);
            MediaDirection offered = media.parseSdp(offer).audio().map(m -> m.direction()).orElse(MediaDirection.INACTIVE);
            boolean hold = !offered.receives();
            applyHold(call, leg, hold);
            ok.setContent(answer, sdpType());
        } else if (Request.INVITE.equals(request.getMethod())) {
            // a re-INVITE without SDP asks for our offer; the answer comes in the ACK
            ok.setContent(leg.endpoint.createOffer(MediaDirection.SENDRECV), sdpType());
            leg.offerInAck = true;
        }
        sessionTimer(leg, request, ok);
        return ok;
    }

    /** A phone's re-INVITE/UPDATE put its leg on hold or took it off: the other party hears the hold audio meanwhile. */
    private void applyHold(Call call, Leg holder, boolean hold) {
        boolean held = LegInfo.HELD.equals(holder.state);
        if (hold == held || !holder.answered()) {
            return;
        }
        holder.state = hold ? LegInfo.HELD : LegInfo.ANSWERED;
        holdAudio.apply(call);
        LOG.info("call {}: leg {} {} hold", call.id, holder.id, hold ? "puts the other party on" : "takes the other party off");
        post(call, CallEvents.HELD, Map.of(CallEvents.LEG_ID, holder.id, "held", hold));
    }

    // =====================================================================================
    // Inbound from a trunk (SPEC §1.5, §2.2, §24)
    // =====================================================================================

    private void inboundFromTrunk(ServerTransaction tx, Request request, SipChannel channel) throws Exception {
        String calledUser = calledUser(request);
        String called = numbers.canonical(calledUser);
        Optional<TrunkNumber> found = called == null ? Optional.empty() : channels.findNumber(called);
        if (found.isEmpty() || found.get().channelId() != channel.id() || !found.get().acceptsInbound()) {
            LOG.info("INVITE on channel {} to {}: 404, not an inbound number of the channel", channel.id(), calledUser);
            tx.sendResponse(messages.createResponse(Response.NOT_FOUND, request));
            return;
        }
        TrunkNumber number = found.get();
        String callerUser = userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
        String caller = Optional.ofNullable(numbers.canonical(callerUser)).orElse(String.valueOf(callerUser));
        int refusal = limitRefusal(number);
        if (refusal != 0) {
            LOG.info("INVITE to {}: {}, over the number's limits", number.number(), refusal);
            tx.sendResponse(messages.createResponse(refusal, request));
            return;
        }
        BlocklistService bl = blocklist;
        if (bl != null && numbers.blocklistForms(callerUser).stream().anyMatch(n -> bl.isBlocked(number.instanceId(), n))) {
            LOG.info("INVITE to {} from {}: 603, caller on the blocklist", number.number(), caller);
            tx.sendResponse(messages.createResponse(Response.DECLINE, request));
            Call refused = new Call(newCallId(), number.instanceId(), "inbound", "telephone", caller, number.number(), null);
            refused.state = CallInfo.ENDED;
            refused.status = CallStatus.BLOCKLISTED;
            post(refused, CallEvents.CREATED, Map.of());
            post(refused, CallEvents.ENDED, Map.of(CallEvents.STATUS, CallStatus.BLOCKLISTED,
                    CallEvents.SIP_STATUS, Response.DECLINE, CallEvents.HANGUP_PARTY, "system"));
            return;
        }
        Call call = new Call(newCallId(), number.instanceId(), "inbound", "telephone", caller, number.number(), number.id());
        Leg leg = new Leg(call.nextLegId(), call, true, "trunk", caller, sourceIp(request) + ":" + sourcePort(request));
        synchronized (call) {
            if (!accept(call, leg, tx, request)) {
                return;
            }
            post(call, CallEvents.CREATED, Map.of());
            respond(leg, Response.RINGING);
            answerIncoming(call, leg);
        }
    }

    /** SPEC §2.2: 486 at the concurrency limit (both directions count), 503 over the calls-per-second limit. */
    private int limitRefusal(TrunkNumber number) {
        if (number.maxConcurrentCalls() > 0 && activeCalls(number.id()) >= number.maxConcurrentCalls()) {
            return Response.BUSY_HERE;
        }
        if (number.maxCallsPerSecond() > 0) {
            long now = System.nanoTime();
            synchronized (recentStarts) {
                ArrayDeque<Long> starts = recentStarts.computeIfAbsent(number.id(), k -> new ArrayDeque<>());
                while (!starts.isEmpty() && now - starts.peekFirst() >= 1_000_000_000L) {
                    starts.pollFirst();
                }
                if (starts.size() >= number.maxCallsPerSecond()) {
                    return Response.SERVICE_UNAVAILABLE;
                }
                starts.addLast(now);
            }
        }
        return 0;
    }

    /** SPEC §11.2 step 1: neither limit of the number reached (a look only; {@link #limitRefusal} counts a start). */
    private boolean underLimits(TrunkNumber number) {
        if (number.maxConcurrentCalls() > 0 && activeCalls(number.id()) >= number.maxConcurrentCalls()) {
            return false;
        }
        if (number.maxCallsPerSecond() > 0) {
            long now = System.nanoTime();
            synchronized (recentStarts) {
                ArrayDeque<Long> starts = recentStarts.get(number.id());
                return starts == null || starts.stream().filter(t -> now - t < 1_000_000_000L).count()
                        < number.maxCallsPerSecond();
            }
        }
        return true;
    }

    private long activeCalls(long numberId) {
        return calls.values().stream().filter(c -> c.numberId != null && c.numberId == numberId).count();
    }

    /** Registers the call and its first (incoming) leg: dialog, endpoint, SDP. False when refused (answered already). */
    private boolean accept(Call call, Leg leg, ServerTransaction tx, Request request) throws Exception {
        leg.inviteTx = tx;
        leg.invite = request;
        leg.localTag = tag();
        leg.sipCallId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        leg.dialog = provider.getNewDialog(tx);
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
            closeMedia(leg);
            tx.sendResponse(messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
            return false;
        }
        call.legs.add(leg);
        calls.put(call.id, call);
        legsBySipCallId.put(leg.sipCallId, leg);
        LOG.info("call {}: {} {} -> {} (leg {} from {})", call.id, call.direction, call.caller, call.callee, leg.id,
                leg.address);
        return true;
    }

    /** 200 with our SDP on an incoming leg. Under the call's lock. */
    private void answerIncoming(Call call, Leg leg) {
        if (leg.answered() || leg.ended()) {
            return;
        }
        Response ok = response(leg, Response.OK);
        try {
            ok.setContent(leg.localSdp, sdpType());
            sessionTimer(leg, leg.invite, ok);
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
        post(call, CallEvents.ANSWERED, Map.of(CallEvents.LEG_ID, leg.id));
    }

    private void handOver(Call call) {
        InboundCallHandler handler = inboundHandler != null ? inboundHandler : defaultHandler;
        CallInfo info;
        synchronized (call) {
            info = call.info();
        }
        handlerThreads.execute(() -> {
            try {
                handler.answered(info, call.numberId);
            } catch (RuntimeException e) {
                LOG.warn("call {}: inbound handler failed: {}", call.id, e.toString());
                hangup(call.id, CallStatus.SYSTEM_ERROR);
            }
        });
    }

    // =====================================================================================
    // From a registered phone (SPEC §12.3)
    // =====================================================================================

    private void fromPhone(ServerTransaction tx, Request request, SipPhone phone) throws Exception {
        String dialled = Numbers.digits(calledUser(request));
        if (dialled == null) {
            tx.sendResponse(messages.createResponse(Response.NOT_FOUND, request));
            return;
        }
        boolean internal = Numbers.isExtension(dialled) && phones.find(phone.instanceId(), dialled).isPresent();
        Call call = new Call(newCallId(), phone.instanceId(), "outbound", internal ? "internal" : "telephone",
                phone.extension(), dialled, null);
        call.endsWithAnyLeg = true;
        Leg caller = new Leg(call.nextLegId(), call, true, "phone", phone.extension(),
                sourceIp(request) + ":" + sourcePort(request));
        synchronized (call) {
            if (!accept(call, caller, tx, request)) {
                return;
            }
            post(call, CallEvents.CREATED, Map.of());
            Destination to = internal ? Destination.phone(phone.instanceId(), dialled)
                    : Destination.external(phone.instanceId(), dialled, null);
            Leg callee = place(call, to, phone.extension(), phone.name());
            callee.connectTo = caller;
            if (callee.ended()) {
                legFailed(call, callee);
            }
        }
    }

    // =====================================================================================
    // Outbound legs
    // =====================================================================================

    /** Where an outbound leg's INVITE goes and as whom. */
    private record Target(String user, String host, int port, String transport, String routeHost, int routePort,
                          String fromUser, TrunkNumber number, SipChannel.CarrierAccount credentials, String party) {
    }

    /**
     * Creates an outbound leg of {@code call} and sends its INVITE; a leg that cannot be sent
     * (no registration, no usable trunk number) comes back already ended with its status.
     * Under the call's lock.
     */
    private Leg place(Call call, Destination to, String fromUser, String fromDisplay) {
        List<Target> targets;
        String failure = null;
        String reason = null;
        int status = 0;
        try {
            targets = targets(call, to, fromUser);
        } catch (Unreachable u) {
            targets = List.of();
            failure = u.status;
            status = u.sipStatus;
            reason = u.reason;
            LOG.info("call {}: leg to {} not placed: {}", call.id, to.address(), u.getMessage());
        }
        Leg leg = new Leg(call.nextLegId(), call, false, Destination.PHONE.equals(to.kind()) ? "phone" : "trunk",
                to.address(), targets.isEmpty() ? null : targets.get(0).host() + ":" + targets.get(0).port());
        leg.failureReason = reason;
        call.legs.add(leg);
        if (targets.isEmpty()) {
            fail(leg, status, failure);
            return leg;
        }
        Target first = targets.get(0);
        if (first.number() != null && call.numberId == null) {
            // both directions count toward a number's concurrency (SPEC §2.2)
            call.numberId = first.number().id();
        }
        try {
            leg.endpoint = media.openEndpoint(call.id + "/" + leg.id);
            // one offer for every fork: whichever answers, its media meets the same endpoint
            String offer = leg.endpoint.createOffer(MediaDirection.SENDRECV);
            leg.credentials = first.credentials();
            for (Target target : targets) {
                Fork fork = new Fork(target.host() + ":" + target.port());
                try {
                    Request invite = inviteRequest(target, fromDisplay, offer);
                    fork.sipCallId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
                    leg.forks.add(fork);
                    legsBySipCallId.put(fork.sipCallId, leg);
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
            fail(leg, 0, CallStatus.CARRIER_ERROR);
        }
        return leg;
    }

    private static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;
        final String status;
        final int sipStatus;
        /** {@link LegInfo#failureReason()}: why the appliance refused the leg itself, or null. */
        final String reason;

        Unreachable(String status, int sipStatus, String why) {
            this(status, sipStatus, why, null);
        }

        Unreachable(String status, int sipStatus, String why, String reason) {
            super(why, null, false, false);
            this.status = status;
            this.sipStatus = sipStatus;
            this.reason = reason;
        }
    }

    /** Where a leg's INVITEs go: every live contact of a phone (newest first), or the one way out through a trunk. */
    private List<Target> targets(Call call, Destination to, String fromUser) throws Unreachable {
        if (Destination.PHONE.equals(to.kind())) {
            return phoneTargets(to, fromUser);
        }
        return List.of(target(call, to, fromUser));
    }

    /** A phone may be registered from several devices: each live, usable contact is rung at once. */
    private List<Target> phoneTargets(Destination to, String fromUser) throws Unreachable {
        java.time.Instant now = java.time.Instant.now();
        List<RegistrationBinding> bindings = registrar.bindings(to.instanceId(), to.address()).stream()
                .filter(b -> b.expiresAt() == null || b.expiresAt().isAfter(now)).toList();
        if (bindings.isEmpty()) {
            throw new Unreachable(CallStatus.MISSED, Response.TEMPORARILY_UNAVAILABLE, "extension not registered");
        }
        List<Target> targets = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RegistrationBinding b : bindings) {
            try {
                SipURI contact = (SipURI) addresses.createURI(b.contact());
                String source = b.sourceAddress();
                String host = hostOf(source);
                int port = Integer.parseInt(source.substring(source.lastIndexOf(':') + 1));
                Target t = new Target(contact.getUser() == null ? to.address() : contact.getUser(), contact.getHost(),
                        contact.getPort() > 0 ? contact.getPort() : 5060, b.transport(), host, port, fromUser, null, null,
                        to.address());
                // one device registered twice under different contact strings is rung once
                if (seen.add(t.host() + ":" + t.port() + "/" + t.routeHost() + ":" + t.routePort())) {
                    targets.add(t);
                }
            } catch (Exception e) {
                LOG.info("extension {}: contact {} not usable ({})", to.address(), b.contact(), e.toString());
            }
        }
        if (targets.isEmpty()) {
            throw new Unreachable(CallStatus.UNKNOWN, 0, "no usable contact of extension " + to.address());
        }
        return targets;
    }

    private Target target(Call call, Destination to, String fromUser) throws Unreachable {
        TrunkNumber number = callerNumber(to);
        int refusal = limitRefusal(number);
        if (refusal != 0) {
            throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "over the limits of " + number.number());
        }
        SipChannel channel = channels.find(number.channelId())
                .orElseThrow(() -> new Unreachable(CallStatus.CARRIER_ERROR, 0, "channel gone"));
        String dialled = Numbers.digits(to.address());
        String user = (number.hasOutboundPrefix() && number.outboundPrefix() != null ? number.outboundPrefix() : "")
                + dialled;
        String from = numbers.national(number.number());
        switch (channel.dockingMode()) {
            case "public_trunk": {
                if (channel.peers().isEmpty()) {
                    throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "public trunk without peers");
                }
                SipChannel.Peer peer = channel.peers().get(0);
                return new Target(user, peer.ip(), peer.port(), "udp", null, 0, from, number, null, dialled);
            }
            case "carrier_account": {
                SipChannel.CarrierAccount c = channel.carrier();
                String transport = c.transport() == null ? "udp" : c.transport();
                boolean proxy = c.outboundProxyHost() != null && !c.outboundProxyHost().isBlank();
                return new Target(user, c.serverHost(), c.serverPort(), transport,
                        proxy ? c.outboundProxyHost() : null,
                        proxy ? (c.outboundProxyPort() == null ? 5060 : c.outboundProxyPort()) : 0, from, number, c, dialled);
            }
            case "appliance_account": {
                // the gateway registered to us: send to where its REGISTER came from (NAT), Request-URI at its contact
                List<io.parley.api.sip.GatewayBinding> gateways = registrar.gatewayBindings(channel.id());
                if (gateways.isEmpty()) {
                    throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "the gateway of channel " + channel.id() + " is not registered");
                }
                io.parley.api.sip.GatewayBinding g = gateways.get(0);
                try {
                    SipURI contact = (SipURI) addresses.createURI(g.contact());
                    String source = g.sourceAddress();
                    return new Target(user, contact.getHost(), contact.getPort() > 0 ? contact.getPort() : 5060,
                            g.transport(), hostOf(source), Integer.parseInt(source.substring(source.lastIndexOf(':') + 1)),
                            from, number, null, dialled);
                } catch (Exception e) {
                    throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "unusable gateway contact " + g.contact());
                }
            }
            default:
                throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "unknown docking mode " + channel.dockingMode());
        }
    }

    /**
     * SPEC §11.2 for an agent's call ({@link CallerNumberSelection}); a system call takes the given number,
     * else the instance's first active outbound-capable number.
     */
    private TrunkNumber callerNumber(Destination to) throws Unreachable {
        if (to.agentId() != null) {
            String chosen = to.callerNumber() == null ? null
                    : Optional.ofNullable(numbers.canonical(to.callerNumber())).orElse(to.callerNumber());
            try {
                return callerNumbers.forAgent(to.instanceId(), to.agentId(), chosen, numbers.canonical(to.address()));
            } catch (CallerNumberSelection.Refusal r) {
                throw new Unreachable(CallStatus.CARRIER_ERROR, 0, r.getMessage(), r.reason);
            }
        }
        if (to.callerNumber() != null) {
            String canonical = numbers.canonical(to.callerNumber());
            TrunkNumber n = canonical == null ? null : channels.findNumber(canonical).orElse(null);
            if (n == null || n.instanceId() != to.instanceId() || !n.placesOutbound()) {
                throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "caller number not usable: " + to.callerNumber());
            }
            return n;
        }
        for (int page = 1; page <= 100; page++) {
            Page<TrunkNumber> p = channels.numbersOfInstance(to.instanceId(), (String) null,
                    new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            Optional<TrunkNumber> usable = p.items().stream().filter(TrunkNumber::placesOutbound)
                    .min(Comparator.comparingLong(TrunkNumber::id));
            if (usable.isPresent()) {
                return usable.get();
            }
            if ((long) page * PageRequest.MAX_PAGE_SIZE >= p.total()) {
                break;
            }
        }
        throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "the instance has no active outbound number");
    }

    /** Every number of the instance, page by page. */
    private List<TrunkNumber> numbersOfInstance(long instanceId) {
        List<TrunkNumber> all = new ArrayList<>();
        for (int page = 1; page <= 100; page++) {
            Page<TrunkNumber> p = channels.numbersOfInstance(instanceId, (String) null,
                    new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            all.addAll(p.items());
            if ((long) page * PageRequest.MAX_PAGE_SIZE >= p.total()) {
                break;
            }
        }
        return all;
    }

    private Request inviteRequest(Target t, String fromDisplay, String offer) throws Exception {
        SipURI requestUri = addresses.createSipURI(t.user(), t.host());
        requestUri.setPort(t.port());
        if (!"udp".equals(t.transport())) {
            requestUri.setTransportParam(t.transport());
        }
        String peerHost = t.routeHost() != null ? t.routeHost() : t.host();
        String local = localIpFor(peerHost);
        SipURI fromUri = addresses.createSipURI(t.fromUser(), local);
        Address fromAddress = addresses.createAddress(fromUri);
        if (fromDisplay != null && !fromDisplay.isBlank()) {
            fromAddress.setDisplayName(fromDisplay);
        }
        FromHeader from = headers.createFromHeader(fromAddress, tag());
        SipURI toUri = addresses.createSipURI(t.user(), t.host());
        toUri.setPort(t.port());
        ToHeader to = headers.createToHeader(addresses.createAddress(toUri), null);
        CallIdHeader callId = provider.getNewCallId();
        CSeqHeader cseq = headers.createCSeqHeader(1L, Request.INVITE);
        ViaHeader via = headers.createViaHeader(local, localPort(t.transport()), t.transport(), null);
        Request invite = messages.createRequest(requestUri, Request.INVITE, callId, cseq, from, to, List.of(via),
                headers.createMaxForwardsHeader(70));
        invite.addHeader(contact(peerHost));
        if (t.routeHost() != null && !(t.routeHost().equals(t.host()) && t.routePort() == t.port())) {
            SipURI route = addresses.createSipURI(null, t.routeHost());
            route.setPort(t.routePort());
            route.setLrParam();
            if (!"udp".equals(t.transport())) {
                route.setTransportParam(t.transport());
            }
            invite.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
        }
        invite.addHeader(headers.createAllowHeader("INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO, PRACK"));
        // no "Supported: timer": the appliance never sends session refreshes itself, so a callee that wants a
        // session timer must be the refresher (RFC 4028 section 9: refresher=uas when the UAC does not support
        // timers); advertising it let a carrier pick refresher=uac and end the call after its interval
        invite.setContent(offer, sdpType());
        return invite;
    }

    private void sendInvite(Leg leg, Fork fork, Request invite) throws Exception {
        ClientTransaction ct = provider.getNewClientTransaction(invite);
        fork.dialog = provider.getNewDialog(ct);
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
                sendCancel(leg, fork);
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
                send(dialog, Request.BYE);
                return;
            }
            win(leg, fork);
            String answer = sdp != null ? sdp : leg.earlyFork != fork ? fork.earlySdp : null;
            if (answer != null) {
                try {
                    leg.endpoint.applyAnswer(answer);
                } catch (RuntimeException e) {
                    LOG.info("call {}: leg {} answer SDP unusable: {}", call.id, leg.id, e.getMessage());
                    send(dialog, Request.BYE);
                    fail(leg, Response.NOT_ACCEPTABLE_HERE, CallStatus.UNKNOWN);
                    legFailed(call, leg);
                    return;
                }
            }
            leg.cancelTimers();
            leg.state = LegInfo.ANSWERED;
            leg.sipStatus = status;
            LOG.info("call {}: leg {} answered by {}", call.id, leg.id, fork.address);
            post(call, CallEvents.ANSWERED, Map.of(CallEvents.LEG_ID, leg.id));
            if (call.state.equals(CallInfo.SETUP)) {
                call.state = CallInfo.ANSWERED;
            }
            if (leg.connectTo != null && !leg.connectTo.ended()) {
                answerIncoming(call, leg.connectTo);
                bridgeLegs(call, leg.connectTo, leg);
            }
            leg.outcome.complete(leg.info());
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && leg.credentials != null && !fork.authAnswered && !leg.ended() && !fork.cancelRequested) {
            if (retryWithCredentials(leg, fork, response)) {
                return;
            }
        }
        forkFailed(leg, fork, status);
    }

    /** The first fork to answer becomes the leg's dialog; every other fork is cancelled. Under the call's lock. */
    private void win(Leg leg, Fork fork) {
        leg.winner = fork;
        leg.dialog = fork.dialog;
        leg.address = fork.address;
        if (!fork.sipCallId.equals(leg.sipCallId)) {
            legsBySipCallId.remove(leg.sipCallId, leg);
            leg.sipCallId = fork.sipCallId;
            legsBySipCallId.put(leg.sipCallId, leg);
        }
        for (Fork other : leg.forks) {
            if (other != fork) {
                cancelFork(leg, other);
                // requests in the losers' dialogs no longer reach the leg; a late 2xx arriving as a stray gets ACK and BYE
                legsBySipCallId.remove(other.sipCallId, leg);
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
        fail(leg, best, failure);
        legFailed(call, leg);
    }

    /** A fork no longer wanted: CANCEL once it is provisional (RFC 3261 §9.1), else when its first 1xx comes. */
    private void cancelFork(Leg leg, Fork fork) {
        if (fork.done() || fork.cancelRequested) {
            return;
        }
        fork.cancelRequested = true;
        if (fork.provisional) {
            sendCancel(leg, fork);
        }
    }

    /** Sends the INVITE again with the carrier account's digest answer (SPEC §1.3 carrier_account). */
    private boolean retryWithCredentials(Leg leg, Fork fork, Response challenge) {
        try {
            Request again = (Request) fork.sentInvite.clone();
            CSeqHeader cseq = (CSeqHeader) again.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            again.removeHeader(ViaHeader.NAME);
            ViaHeader old = (ViaHeader) fork.sentInvite.getHeader(ViaHeader.NAME);
            again.addHeader(headers.createViaHeader(old.getHost(), old.getPort(), old.getTransport(), null));
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
            bridgeLegs(call, in, leg);
            Response early = response(in, Response.SESSION_PROGRESS);
            try {
                early.setContent(in.localSdp, sdpType());
                in.inviteTx.sendResponse(early);
            } catch (Exception e) {
                LOG.debug("call {}: 183 failed: {}", call.id, e.toString());
            }
        } else if (!leg.ringingPassedOn) {
            // several ringing forks: the caller hears one 180
            leg.ringingPassedOn = true;
            respond(in, Response.RINGING);
        }
    }

    private void ringTimeout(Leg leg) {
        synchronized (leg.call) {
            if (leg.ended() || leg.answered()) {
                return;
            }
            LOG.info("call {}: leg {} not answered in {} s, cancelled", leg.call.id, leg.id, settings.ringTimeoutSeconds());
            endLeg(leg);
            // the caller hears "temporarily unavailable", as from a phone nobody picks up
            fail(leg, Response.TEMPORARILY_UNAVAILABLE, CallStatus.MISSED);
            legFailed(leg.call, leg);
        }
    }

    private void fail(Leg leg, int sipStatus, String failure) {
        leg.state = LegInfo.ENDED;
        leg.sipStatus = sipStatus;
        leg.failureStatus = failure;
        leg.cancelTimers();
        closeMedia(leg);
        leg.call.lastFailure = failure;
        leg.outcome.complete(leg.info());
    }

    /** An outbound leg failed before answer. Under the call's lock. */
    private void legFailed(Call call, Leg leg) {
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
            respond(in, status);
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

    // =====================================================================================
    // Bridging and ending
    // =====================================================================================

    private void bridgeLegs(Call call, Leg customer, Leg other) {
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
            post(call, CallEvents.BRIDGED, Map.of(CallEvents.LEG_ID, other.id));
        }
        if (call.customerHeldByAgent || LegInfo.HELD.equals(customer.state) || LegInfo.HELD.equals(other.state)) {
            holdAudio.apply(call);   // a leg that holds keeps its party on hold in the new bridge
        }
    }

    /** A leg ended by its peer (BYE). Under the call's lock. */
    private void legGone(Call call, Leg leg, String party) {
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

    /** Ends one leg from our side: final response, CANCEL or BYE as its state needs. Under the call's lock. */
    private void endLeg(Leg leg) {
        if (leg.ended()) {
            return;
        }
        if (leg.incoming) {
            if (!leg.answered()) {
                respond(leg, Response.TEMPORARILY_UNAVAILABLE);
                leg.sipStatus = Response.TEMPORARILY_UNAVAILABLE;
            } else {
                send(leg.dialog, Request.BYE);
            }
        } else if (!leg.answered()) {
            leg.cancelRequested = true;
            for (Fork fork : leg.forks) {
                cancelFork(leg, fork);
            }
        } else {
            send(leg.dialog, Request.BYE);
        }
        leg.state = LegInfo.ENDED;
        leg.cancelTimers();
        closeMedia(leg);
        if (!leg.outcome.isDone()) {
            leg.failureStatus = CallStatus.CALLER_CANCELED;
            leg.outcome.complete(leg.info());
        }
    }

    /** Ends every leg and the call, posts ENDED with the SPEC §27.2 status. Under the call's lock. */
    private void endCall(Call call, String status, String party) {
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
            if (leg.sipCallId != null) {
                legsBySipCallId.remove(leg.sipCallId, leg);
            }
            for (Fork fork : leg.forks) {
                legsBySipCallId.remove(fork.sipCallId, leg);
            }
        }
        call.state = CallInfo.ENDED;
        call.status = status != null ? status : derivedStatus(call, party);
        calls.remove(call.id);
        LOG.info("call {}: ended, {} (hung up by {})", call.id, call.status, party);
        int sip = call.legs.stream().filter(l -> !l.incoming).mapToInt(l -> l.sipStatus).reduce((a, b) -> b).orElse(0);
        post(call, CallEvents.ENDED, Map.of(CallEvents.STATUS, call.status, CallEvents.HANGUP_PARTY, party,
                CallEvents.SIP_STATUS, sip));
    }

    /** SPEC §27.2 from how the call went. */
    private static String derivedStatus(Call call, String party) {
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
    private static String partyOf(Call call, Leg leg) {
        if ("phone".equals(leg.kind)) {
            return "agent";
        }
        return "customer";
    }

    private void closeMedia(Leg leg) {
        if (leg.endpoint != null) {
            leg.endpoint.close();
        }
    }

    // =====================================================================================
    // CallControl
    // =====================================================================================

    @Override
    public List<CallInfo> calls() {
        List<CallInfo> list = new ArrayList<>();
        for (Call c : calls.values()) {
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
                answerIncoming(call, first);
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
        Call call = new Call(newCallId(), destination.instanceId(), "outbound",
                Destination.PHONE.equals(destination.kind()) ? "internal" : "telephone",
                callerDisplay == null ? "" : callerDisplay, destination.address(), null);
        synchronized (call) {
            calls.put(call.id, call);
            post(call, CallEvents.CREATED, Map.of());
            Leg leg = place(call, destination, callerDisplay == null ? "parley" : callerDisplay, callerDisplay);
            if (leg.ended()) {
                endCall(call, leg.failureStatus, "system");
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
            Leg leg = place(call, destination, from, null);
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
            bridgeLegs(call, customer, other);
        }
    }

    @Override
    public Dialing transfer(String callId, String legId, Destination destination) {
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
                    Leg customer = remaining == call.first() ? remaining : added;
                    bridgeLegs(call, customer, customer == remaining ? added : remaining);
                    endLeg(away);
                    post(call, CallEvents.TRANSFERRED, Map.of(CallEvents.LEG_ID, added.id, "from.leg", away.id));
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
            call.customerHeldByAgent = onHold;
            holdAudio.apply(call);
            post(call, CallEvents.HELD, Map.of("held", onHold));
        }
    }

    @Override
    public void hangupLeg(String callId, String legId) {
        Call call = live(callId);
        synchronized (call) {
            Leg leg = leg(call, legId);
            endLeg(leg);
            legGone(call, leg, "system");
        }
    }

    @Override
    public void hangup(String callId, String status) {
        Call call = calls.get(callId);
        if (call == null) {
            return;
        }
        synchronized (call) {
            endCall(call, status, "system");
        }
    }

    // =====================================================================================
    // SIP helpers
    // =====================================================================================

    private ServerTransaction serverTransaction(RequestEvent event) throws Exception {
        ServerTransaction tx = event.getServerTransaction();
        if (tx != null) {
            return tx;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            return null;   // a retransmission the stack answers
        }
    }

    private Response response(Leg leg, int status) {
        try {
            Response r = messages.createResponse(status, leg.invite);
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(leg.localTag);
            if (status < 300) {
                r.addHeader(contact(sourceIp(leg.invite)));
            }
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void respond(Leg leg, int status) {
        try {
            leg.inviteTx.sendResponse(response(leg, status));
        } catch (Exception e) {
            LOG.debug("call {}: {} to leg {} failed: {}", leg.call.id, status, leg.id, e.toString());
        }
    }

    private void sendCancel(Leg leg, Fork fork) {
        if (fork.cancelSent) {
            return;
        }
        fork.cancelSent = true;
        try {
            Request cancel = fork.inviteCt.createCancel();
            provider.getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            LOG.debug("call {}: CANCEL of leg {} to {} failed: {}", leg.call.id, leg.id, fork.address, e.toString());
        }
    }

    private void send(Dialog dialog, String method) {
        if (dialog == null) {
            return;
        }
        try {
            Request r = dialog.createRequest(method);
            // the stack takes the listening point's address for Via: 0.0.0.0 when bound to all addresses
            ViaHeader via = (ViaHeader) r.getHeader(ViaHeader.NAME);
            if (via != null && r.getRequestURI() instanceof SipURI target
                    && ("0.0.0.0".equals(via.getHost()) || "::".equals(via.getHost()))) {
                via.setHost(localIpFor(target.getHost()));
            }
            ClientTransaction ct = provider.getNewClientTransaction(r);
            dialog.sendRequest(ct);
        } catch (Exception e) {
            LOG.debug("{} in dialog {} failed: {}", method, dialog.getDialogId(), e.toString());
        }
    }

    /**
     * Session timers (RFC 4028) as far as a UAS honours them: the interval the peer asked for is
     * confirmed with it as refresher; if no refresh arrives in time the call ends (BYE to every
     * leg) a little before the session would expire: one third of the interval, at most 32 s,
     * before (RFC 4028 §10).
     */
    private void sessionTimer(Leg leg, Request request, Response ok) throws Exception {
        int seconds = sessionExpires(request);
        if (seconds < 0) {
            return;
        }
        Header supported = request.getHeader("Supported");
        boolean supports = supported != null && supported.toString().contains("timer");
        Header se = request.getHeader("Session-Expires");
        boolean refreshes = se != null && se.toString().replace(" ", "").toLowerCase(java.util.Locale.ROOT)
                .contains("refresher=uac");
        if (!supports && !refreshes) {
            // a peer without timer support (a proxy added the header) will not refresh, and the appliance sends no
            // refreshes: no session timer for this dialog rather than ending a healthy call after the interval
            return;
        }
        ok.addHeader(headers.createHeader("Session-Expires", seconds + ";refresher=uac"));
        if (supports) {
            ok.addHeader(headers.createRequireHeader("timer"));
        }
        if (leg.sessionTimer != null) {
            leg.sessionTimer.cancel(false);
        }
        long millis = seconds * 1000L - Math.min(32_000L, seconds * 1000L / 3);
        leg.sessionTimer = timers.schedule(() -> {
            synchronized (leg.call) {
                if (!leg.ended()) {
                    LOG.info("call {}: leg {} not refreshed within its {} s session interval", leg.call.id, leg.id, seconds);
                    endCall(leg.call, null, "system");
                }
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** The Session-Expires delta-seconds of {@code request}, or -1 when it has none (or an unreadable one). */
    private static int sessionExpires(Request request) {
        Header se = request.getHeader("Session-Expires");
        if (se == null) {
            se = request.getHeader("x");   // RFC 4028 compact form
        }
        if (se == null) {
            return -1;
        }
        String value = se.toString().substring(se.toString().indexOf(':') + 1).strip();
        try {
            return Integer.parseInt(value.split(";")[0].strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** 422 with our Min-SE (RFC 4028 §6) when {@code request} asks for a shorter session interval; true if sent. */
    private boolean sessionIntervalTooSmall(ServerTransaction tx, Request request) throws Exception {
        int asked = sessionExpires(request);
        if (asked < 0 || asked >= settings.minSessionExpiresSeconds()) {
            return false;
        }
        LOG.info("INVITE from {}: 422, Session-Expires {} below Min-SE {}", sourceIp(request), asked,
                settings.minSessionExpiresSeconds());
        tx.sendResponse(sessionIntervalTooSmall(request));
        return true;
    }

    private Response sessionIntervalTooSmall(Request request) throws Exception {
        Response r = messages.createResponse(422, request);
        r.setReasonPhrase("Session Interval Too Small");
        r.addHeader(headers.createHeader("Min-SE", Integer.toString(settings.minSessionExpiresSeconds())));
        return r;
    }

    private ContactHeader contact(String peerIp) throws Exception {
        String local = localIpFor(peerIp);
        SipURI uri = addresses.createSipURI("parley", local);
        uri.setPort(localPort("udp"));
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    private ContentTypeHeader sdpType() throws java.text.ParseException {
        return headers.createContentTypeHeader("application", SDP);
    }

    private int localPort(String transport) {
        var lp = provider.getListeningPoint(transport);
        if (lp == null) {
            lp = provider.getListeningPoints()[0];
        }
        return lp.getPort();
    }

    /** The local address packets to {@code peer} leave from: the bind address, or what routing picks. */
    private String localIpFor(String peer) {
        if (bindAddress != null && !bindAddress.isBlank() && !"0.0.0.0".equals(bindAddress) && !"::".equals(bindAddress)) {
            return bindAddress;
        }
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(peer), 5060));
            InetAddress a = s.getLocalAddress();
            return a == null || a.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : a.getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }

    private Leg legOf(javax.sip.message.Message message) {
        CallIdHeader id = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return id == null ? null : legsBySipCallId.get(id.getCallId());
    }

    private static String calledUser(Request request) {
        String user = userOf(request.getRequestURI());
        return user != null ? user : userOf(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI());
    }

    private static String userOf(URI uri) {
        if (uri instanceof SipURI s) {
            return s.getUser();
        }
        if (uri != null && "tel".equalsIgnoreCase(uri.getScheme())) {
            return ((javax.sip.address.TelURL) uri).getPhoneNumber();
        }
        return null;
    }

    static String sourceIp(Request request) {
        InetAddress a = ((SIPMessage) request).getRemoteAddress();
        return a == null ? "unknown" : a.getHostAddress();
    }

    private static int sourcePort(Request request) {
        return ((SIPMessage) request).getRemotePort();
    }

    private static String transport(Request request) {
        return ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(java.util.Locale.ROOT);
    }

    private static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private String tag() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Session ids sortable by creation: time, then a counter. */
    private String newCallId() {
        return Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(sequence.incrementAndGet(), 36);
    }

    private void post(Call call, String topic, Map<String, Object> extra) {
        EventAdmin ea = events;
        if (ea == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>(extra);
        p.put(CallEvents.SESSION_ID, call.id);
        p.put(CallEvents.INSTANCE_ID, call.instanceId);
        p.put(CallEvents.DIRECTION, call.direction);
        p.put(CallEvents.CATEGORY, call.category);
        p.put(CallEvents.CALLER, call.caller);
        p.put(CallEvents.CALLEE, call.callee);
        p.put(CallEvents.TIMESTAMP, System.currentTimeMillis());
        ea.postEvent(new Event(topic, p));
    }
}
