package io.parley.agentcalls;

import io.parley.api.acd.Acd;
import io.parley.api.acd.AcdRequest;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentService;
import io.parley.api.agentcall.AgentCall;
import io.parley.api.agentcall.AgentCallService;
import io.parley.api.agentcall.CallTransfer;
import io.parley.api.agentcall.OutboundCallRequest;
import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.LegInfo;
import io.parley.api.error.ConflictException;
import io.parley.api.error.ForbiddenException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.error.UnavailableException;
import io.parley.api.event.CallEvents;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.privacy.NumberPrivacy;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.sip.Registrar;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.SipPhoneService;
import io.parley.api.telephony.TrunkNumber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentCallService}: agents' calls over {@link CallControl}. An originate (SPEC §16.1)
 * rings the agent's device first ({@link AgentDevice}), then dials the customer through a trunk
 * with the caller number SPEC §11.2 picks (the SIP bundle's selection, given the agent), bridges
 * the two and makes the call end with either party. In-call controls (§21) act on the session's
 * legs as {@link CallSessions} knows them: the agent's leg and the customer's.
 *
 * <p>The number's outbound IVR flow (§16.1 "applies the number's outbound IVR if any") is not
 * run: the IVR engine has no entry point for an outbound leg yet (docs/architecture.md).
 */
@Component(service = AgentCallService.class)
public class AgentCallManager implements AgentCallService {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCallManager.class);
    private static final Pattern AGENT_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,24}");
    private static final Pattern DTMF = Pattern.compile("[0-9*#]{1," + MAX_DTMF_DIGITS + "}");
    /** How long a skill-group transfer may queue (SPEC §34 p23). */
    private static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(300);

    private final CallControl calls;
    private final CallSessions sessions;
    private final AgentService agents;
    private final SipPhoneService phones;
    private final EventAdmin events;
    private final ExecutorService work;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Registrar registrar;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InstanceSettingsService settings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NumberService numbers;
    /** §25/§26 (built by the push bundle): the callee may be a user ID, and agents see numbers protected. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NumberPrivacy privacy;
    /** The ACD (its own bundle): transfers to a skill group queue there; 503 while it is away. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Acd acd;

    @Activate
    public AgentCallManager(@Reference CallControl calls, @Reference CallSessions sessions,
                            @Reference AgentService agents, @Reference SipPhoneService phones,
                            @Reference EventAdmin events) {
        this.calls = calls;
        this.sessions = sessions;
        this.agents = agents;
        this.phones = phones;
        this.events = events;
        AtomicLong n = new AtomicLong();
        this.work = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "parley-agent-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void stop() {
        work.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------
    // live calls
    // ---------------------------------------------------------------------------------------

    @Override
    public List<AgentCall> calls(Caller caller, long instanceId) {
        List<AgentCall> out = new ArrayList<>();
        for (CallInfo c : calls.calls()) {
            if (c.instanceId() != instanceId) {
                continue;
            }
            Session.View s = sessions.live(c.id()).map(Session::view).orElse(null);
            if (seesAll(caller) || (s != null && s.agentId() != null && isAgent(caller, instanceId, s.agentId()))) {
                out.add(view(caller, c, s));
            }
        }
        return out;
    }

    @Override
    public AgentCall call(Caller caller, long instanceId, String sessionId) {
        CallInfo c = calls.call(sessionId).filter(x -> x.instanceId() == instanceId)
                .orElseThrow(() -> new NotFoundException("call", sessionId));
        Session.View s = sessions.live(sessionId).map(Session::view).orElse(null);
        requireMayAct(caller, instanceId, sessionId, s);
        return view(caller, c, s);
    }

    private AgentCall view(Caller caller, CallInfo c, Session.View s) {
        String customer = s != null && s.customerNumber() != null ? s.customerNumber()
                : "inbound".equals(c.direction()) ? c.caller() : null;
        if (customer != null && !seesFullNumbers(caller)) {
            customer = forAgent(c.instanceId(), customer, c.direction());
        }
        long elapsed = Math.max(0, Duration.between(c.since(), Instant.now()).toSeconds());
        return new AgentCall(c.id(), c.instanceId(), c.direction(), c.state(), customer,
                s == null ? null : s.agentId(), s == null ? null : s.skillGroupId(), s != null && s.queued(),
                s != null && s.muted(), s == null ? null : s.description(), s == null ? null : s.userData(), c.legs(),
                c.since(), elapsed);
    }

    // ---------------------------------------------------------------------------------------
    // originate (SPEC §16.1) and redial (§21)
    // ---------------------------------------------------------------------------------------

    @Override
    public String originate(Caller caller, long instanceId, OutboundCallRequest r) {
        Agent agent = agentOf(caller, instanceId, r.agentId());
        String callee;
        if (r.redialOf() != null) {
            if (r.callee() != null) {
                throw new InvalidException("callee", "must be absent with redial_of: the ended call's customer is dialled");
            }
            callee = redialNumber(caller, instanceId, r.redialOf());
        } else {
            callee = calleeNumber(instanceId, r.callee());
        }
        if (r.description() != null && r.description().codePointCount(0, r.description().length()) > MAX_DESCRIPTION) {
            throw new InvalidException("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (r.userData() != null && r.userData().getBytes(StandardCharsets.UTF_8).length > MAX_USER_DATA_BYTES) {
            throw new InvalidException("user_data", "must be at most " + MAX_USER_DATA_BYTES + " bytes of JSON");
        }
        checkCallerNumber(instanceId, r.callerNumber());
        sessions.callOf(instanceId, agent.agentId()).ifPresent(busy -> {
            throw new ConflictException("agent_id", "agent " + agent.agentId() + " is on call " + busy.sessionId());
        });
        AgentDevice device = AgentDevice.of(agent, phones, registrar).orElseThrow(() -> new ConflictException("agent_id",
                "agent " + agent.agentId() + " has no registered SIP phone and no mobile answering"));

        // what the agent's phone shows as the caller: the customer as agents may see it
        String shown = forAgent(instanceId, callee, "outbound");
        Dialing toAgent = calls.originate(device.destination(), shown.matches("[0-9*+]{1,32}") ? shown : null);
        String sid = toAgent.callId();
        Session s = sessions.open(sid, instanceId, "outbound");
        synchronized (s) {
            s.agentId = agent.agentId();
            s.agentLegId = toAgent.legId();
            s.terminal = device.terminal();
            s.customerNumber = callee;
            s.description = r.description();
            s.userData = r.userData();
        }
        try {
            calls.endWithAnyLeg(sid);
        } catch (NotFoundException gone) {
            // the agent's leg could not even be placed: the call has ended already, its events tell why
        }
        LOG.info("call {}: agent {} originates to {} ({}), its {} rings first", sid, agent.agentId(), callee,
                r.redialOf() == null ? "click-to-dial" : "redial of " + r.redialOf(), device.terminal());
        post(CallEvents.AGENT_RINGING, sid, instanceId, agent.agentId(), Map.of(CallEvents.LEG_ID, toAgent.legId(),
                CallEvents.AGENT_TERMINAL, device.terminal(), CallEvents.DIRECTION, "outbound", CallEvents.CALLEE, callee),
                r.userData());
        toAgent.outcome().thenAcceptAsync(leg -> agentAnswered(sid, instanceId, agent, leg, callee, r), work);
        return sid;
    }

    /** The agent's device answered (or not): dial the customer, bridge. On a worker thread. */
    private void agentAnswered(String sid, long instanceId, Agent agent, LegInfo agentLeg, String callee,
                               OutboundCallRequest r) {
        post(CallEvents.AGENT_RING_ENDED, sid, instanceId, agent.agentId(), Map.of(CallEvents.LEG_ID, agentLeg.id(),
                CallEvents.OUTCOME, ringOutcome(agentLeg)), r.userData());
        if (!agentLeg.isAnswered()) {
            calls.hangup(sid, agentLeg.failureStatus());
            return;
        }
        try {
            Dialing toCustomer = calls.dial(sid, Destination.external(instanceId, dialled(callee), r.callerNumber(),
                    agent.agentId()));
            sessions.live(sid).ifPresent(s -> {
                synchronized (s) {
                    s.customerLegId = toCustomer.legId();
                }
            });
            toCustomer.outcome().thenAcceptAsync(leg -> customerAnswered(sid, agentLeg, leg), work);
        } catch (RuntimeException e) {
            LOG.info("call {}: the customer could not be dialled: {}", sid, e.toString());
            calls.hangup(sid, CallStatus.SYSTEM_ERROR);
        }
    }

    private void customerAnswered(String sid, LegInfo agentLeg, LegInfo customerLeg) {
        if (!customerLeg.isAnswered()) {
            LOG.info("call {}: the customer did not answer: {} {}", sid, customerLeg.failureStatus(),
                    customerLeg.failureReason() == null ? "" : customerLeg.failureReason());
            calls.hangup(sid, customerLeg.failureStatus());
            return;
        }
        try {
            calls.bridge(sid, customerLeg.id(), agentLeg.id());
        } catch (RuntimeException e) {
            // the agent hung up while the customer's phone rang
            LOG.info("call {}: not bridged: {}", sid, e.toString());
            calls.hangup(sid, null);
        }
    }

    private static String ringOutcome(LegInfo leg) {
        if (leg.isAnswered()) {
            return "answered";
        }
        return CallStatus.MISSED.equals(leg.failureStatus()) ? "timeout"
                : CallStatus.CALLER_CANCELED.equals(leg.failureStatus()) ? "canceled" : "rejected";
    }

    private String redialNumber(Caller caller, long instanceId, String redialOf) {
        if (sessions.live(redialOf).isPresent()) {
            throw new ConflictException("redial_of", "call " + redialOf + " has not ended; redial after it ends");
        }
        Session ended = sessions.ended(redialOf).filter(s -> s.instanceId == instanceId)
                .orElseThrow(() -> new InvalidException("redial_of", "no ended call " + redialOf + " in this instance"));
        Session.View v = ended.view();
        if (!seesAll(caller) && (v.agentId() == null || !isAgent(caller, instanceId, v.agentId()))) {
            throw new InvalidException("redial_of", "no ended call " + redialOf + " of yours");
        }
        if (v.customerNumber() == null) {
            throw new InvalidException("redial_of", "call " + redialOf + " has no customer number");
        }
        return v.customerNumber();
    }

    /** The number to dial: a user ID mapped back (§26), then canonical. */
    private String calleeNumber(long instanceId, String callee) {
        if (callee == null || callee.isBlank()) {
            throw new InvalidException("callee", "is required");
        }
        NumberPrivacy p = privacy;
        String number = p == null ? callee : p.toNumber(instanceId, callee);
        String digits = number.replaceAll("[\\s-]", "");
        if (!NUMBER.matcher(digits).matches()) {
            throw new InvalidException("callee", "must be a phone number of 3..24 digits" + (p == null ? ""
                    : ", or a user ID the mapping service knows"));
        }
        NumberService n = numbers;
        if (n != null && digits.length() >= 7) {
            try {
                return n.canonical("callee", digits);
            } catch (RuntimeException notCanonical) {
                return digits;   // a short or service number is dialled as it is
            }
        }
        return digits;
    }

    /** What goes to the trunk: the canonical number as dialled nationally (the carrier's form, §0.2). */
    private String dialled(String canonical) {
        NumberService n = numbers;
        if (n == null || !canonical.startsWith("00")) {
            return canonical;
        }
        try {
            return n.national(canonical);
        } catch (RuntimeException e) {
            return canonical;
        }
    }

    /** SPEC §11.2 steps 5 and 6 as far as they can be told before the agent's phone rings. */
    private void checkCallerNumber(long instanceId, String callerNumber) {
        NumberService n = numbers;
        if (callerNumber != null) {
            InstanceSettingsService s = settings;
            OutboundSettings outbound = s == null ? OutboundSettings.DEFAULTS : s.outbound(instanceId);
            if (!outbound.allowAgentChooseNumber()) {
                throw new InvalidException("caller_number",
                        "agents may not choose the caller number (settings/outbound allow_agent_choose_number is off)");
            }
        }
        if (n == null) {
            return;
        }
        List<TrunkNumber> outbound = new ArrayList<>();
        for (int page = 1; page <= 100; page++) {
            Page<TrunkNumber> p = n.list(instanceId, (String) null, new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            p.items().stream().filter(TrunkNumber::placesOutbound).forEach(outbound::add);
            if ((long) page * PageRequest.MAX_PAGE_SIZE >= p.total()) {
                break;
            }
        }
        if (outbound.isEmpty()) {
            throw new ConflictException("NO_CALLER_NUMBER", "caller_number",
                    "the instance has no active number that places outbound calls");
        }
        if (callerNumber != null) {
            String canonical;
            try {
                canonical = n.canonical("caller_number", callerNumber);
            } catch (RuntimeException e) {
                throw new InvalidException("caller_number", "must be one of the instance's outbound numbers");
            }
            if (outbound.stream().noneMatch(t -> t.number().equals(canonical))) {
                throw new InvalidException("caller_number", "must be one of the instance's active outbound numbers");
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // in-call control (SPEC §16.2, §21)
    // ---------------------------------------------------------------------------------------

    @Override
    public void hangup(Caller caller, long instanceId, String sessionId) {
        Session.View s = controlled(caller, instanceId, sessionId);
        if ("inbound".equals(s.direction()) && s.agentLegId() != null) {
            // SPEC §21: ends the agent's leg; an inbound caller continues in the flow after the to_agent node
            calls.hangupLeg(sessionId, s.agentLegId());
        } else {
            calls.hangup(sessionId, null);
        }
        LOG.info("call {}: agent {} hung up", sessionId, s.agentId());
    }

    @Override
    public void hold(Caller caller, long instanceId, String sessionId, boolean onHold) {
        controlled(caller, instanceId, sessionId);
        calls.hold(sessionId, onHold);
    }

    @Override
    public void mute(Caller caller, long instanceId, String sessionId, boolean muted) {
        controlled(caller, instanceId, sessionId);
        calls.mute(sessionId, muted);
        sessions.live(sessionId).ifPresent(s -> {
            synchronized (s) {
                s.muted = muted;
            }
        });
    }

    @Override
    public void sendDtmf(Caller caller, long instanceId, String sessionId, String digits) {
        if (digits == null || !DTMF.matcher(digits).matches()) {
            throw new InvalidException("digits", "must be 1.." + MAX_DTMF_DIGITS + " of 0-9 * #");
        }
        Session.View s = controlled(caller, instanceId, sessionId);
        String customerLeg = s.customerLegId() != null ? s.customerLegId() : "a";
        LegInfo leg = calls.call(sessionId).flatMap(c -> c.legs().stream().filter(l -> l.id().equals(customerLeg))
                .findFirst()).orElseThrow(() -> new NotFoundException("call", sessionId));
        if (!leg.isAnswered()) {
            throw new ConflictException("digits", "the customer has not answered");
        }
        calls.media(sessionId, customerLeg).sendDtmf(digits);
    }

    @Override
    public void transfer(Caller caller, long instanceId, String sessionId, CallTransfer t) {
        if (t == null || t.target() == null) {
            throw new InvalidException("target", "is required: skill_group, agent or external");
        }
        Session.View s = controlled(caller, instanceId, sessionId);
        if (s.agentLegId() == null) {
            throw new ConflictException("target", "call " + sessionId + " has no agent leg to transfer from");
        }
        switch (t.target()) {
            case CallTransfer.EXTERNAL -> {
                if (t.number() == null || t.number().isBlank()) {
                    throw new InvalidException("number", "is required for an external transfer");
                }
                String number = calleeNumberField(instanceId, t.number());
                checkCallerNumber(instanceId, t.callerNumber());
                calls.transfer(sessionId, s.agentLegId(),
                        Destination.external(instanceId, dialled(number), t.callerNumber(), s.agentId()), "external", number);
                LOG.info("call {}: agent {} transfers the customer to {}", sessionId, s.agentId(), number);
            }
            case CallTransfer.AGENT -> {
                if (t.agentId() == null) {
                    throw new InvalidException("agent_id", "is required for a transfer to an agent");
                }
                Agent target = existingAgent(instanceId, t.agentId(), "agent_id");
                if (target.agentId().equals(s.agentId())) {
                    throw new InvalidException("agent_id", "is the agent on the call");
                }
                sessions.callOf(instanceId, target.agentId()).ifPresent(busy -> {
                    throw new ConflictException("agent_id", "agent " + target.agentId() + " is on a call");
                });
                AgentDevice device = AgentDevice.of(target, phones, registrar).orElseThrow(() -> new ConflictException(
                        "agent_id", "agent " + target.agentId() + " has no registered SIP phone and no mobile answering"));
                Dialing d = calls.transfer(sessionId, s.agentLegId(), device.destination(), "agent", target.agentId());
                post(CallEvents.AGENT_RINGING, sessionId, instanceId, target.agentId(), Map.of(CallEvents.LEG_ID, d.legId(),
                        CallEvents.AGENT_TERMINAL, device.terminal()), s.userData());
                d.outcome().thenAcceptAsync(leg -> post(CallEvents.AGENT_RING_ENDED, sessionId, instanceId,
                        target.agentId(), Map.of(CallEvents.LEG_ID, leg.id(), CallEvents.OUTCOME, ringOutcome(leg)),
                        s.userData()), work);
                LOG.info("call {}: agent {} transfers the customer to agent {}", sessionId, s.agentId(), target.agentId());
            }
            case CallTransfer.SKILL_GROUP -> transferToGroup(s, t);
            default -> throw new InvalidException("target", "must be skill_group, agent or external");
        }
    }

    private void transferToGroup(Session.View s, CallTransfer t) {
        if (t.skillGroupId() == null) {
            throw new InvalidException("id", "is required for a transfer to a skill group");
        }
        Acd queue = acd;
        if (queue == null) {
            throw new UnavailableException("target", "Acd is not running: a transfer to a skill group needs the ACD bundle");
        }
        if (!"a".equals(s.customerLegId())) {
            // the ACD bridges its agent with the call's first leg, which is the agent's own in an originated call
            throw new ConflictException("target", "only inbound calls can be transferred to a skill group");
        }
        String sid = s.sessionId();
        Map<String, Object> p = new HashMap<>();
        p.put(CallEvents.TRANSFER_TYPE, CallTransfer.SKILL_GROUP);
        p.put(CallEvents.TRANSFER_TO, Long.toString(t.skillGroupId()));
        p.put(CallEvents.SKILL_GROUP_ID, t.skillGroupId());
        post(CallEvents.TRANSFERRED, sid, s.instanceId(), s.agentId(), p, s.userData());
        calls.hangupLeg(sid, s.agentLegId());
        work.execute(() -> {
            try {
                queue.queue(new AcdRequest(sid, s.instanceId(), s.customerNumber(), List.of(t.skillGroupId()), null,
                        List.of(), null, MAX_QUEUE_WAIT));
            } catch (RuntimeException e) {
                LOG.warn("call {}: the transfer to skill group {} failed: {}", sid, t.skillGroupId(), e.toString());
                calls.hangup(sid, CallStatus.SYSTEM_ERROR);
            }
        });
        LOG.info("call {}: agent {} transfers the customer to skill group {}", sid, s.agentId(), t.skillGroupId());
    }

    private String calleeNumberField(long instanceId, String number) {
        try {
            return calleeNumber(instanceId, number);
        } catch (InvalidException e) {
            throw new InvalidException("number", e.getMessage().replace("callee", "number"));
        }
    }

    // ---------------------------------------------------------------------------------------
    // who may do what
    // ---------------------------------------------------------------------------------------

    /** The live session the caller may control. */
    private Session.View controlled(Caller caller, long instanceId, String sessionId) {
        CallInfo c = calls.call(sessionId).filter(x -> x.instanceId() == instanceId)
                .orElseThrow(() -> new NotFoundException("call", sessionId));
        Session.View s = sessions.live(c.id()).map(Session::view).orElse(null);
        requireMayAct(caller, instanceId, sessionId, s);
        if (s == null) {
            throw new ConflictException("call", "call " + sessionId + " is not an agent's call");
        }
        return s;
    }

    private void requireMayAct(Caller caller, long instanceId, String sessionId, Session.View s) {
        if (seesAll(caller)) {
            return;
        }
        if (s == null || s.agentId() == null || !isAgent(caller, instanceId, s.agentId())) {
            throw new NotFoundException("call", sessionId);   // another agent's call is not even seen
        }
    }

    /** The agent a request names, which the caller may act for. */
    private Agent agentOf(Caller caller, long instanceId, String agentId) {
        if (agentId == null || agentId.isBlank()) {
            throw new InvalidException("agent_id", "is required");
        }
        Agent agent = existingAgent(instanceId, agentId, "agent_id");
        if (!seesAll(caller) && !agent.login().equals(caller.login())) {
            throw ForbiddenException.because("agent_id", "an agent places and controls its own calls only");
        }
        return agent;
    }

    private Agent existingAgent(long instanceId, String agentId, String field) {
        if (!AGENT_ID.matcher(agentId).matches()) {
            throw new InvalidException(field, "must be 1..20 digits");
        }
        try {
            return agents.get(instanceId, agentId);
        } catch (NotFoundException e) {
            throw new InvalidException(field, "no agent " + agentId + " in this instance");
        }
    }

    private boolean isAgent(Caller caller, long instanceId, String agentId) {
        try {
            return agents.get(instanceId, agentId).login().equals(caller.login());
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Supervisors and administrators see and control every call of the instance. */
    static boolean seesAll(Caller caller) {
        return caller.applianceAdmin() || caller.has(Permission.MONITORING_CALLS);
    }

    /** SPEC §25, §34 p40: holders of records or monitoring permissions see full numbers. */
    static boolean seesFullNumbers(Caller caller) {
        return caller.applianceAdmin() || caller.has(Permission.MONITORING_CALLS)
                || caller.has(Permission.RECORDS_TELEPHONE);
    }

    private String forAgent(long instanceId, String number, String direction) {
        NumberPrivacy p = privacy;
        if (p == null || number == null) {
            return number;
        }
        try {
            return p.forAgent(instanceId, number, direction);
        } catch (RuntimeException e) {
            LOG.info("instance {}: number protection failed, the number is shown masked: {}", instanceId, e.toString());
            return mask(number);
        }
    }

    /** The fallback of §26.2 when protection itself fails: never show the full number then. */
    static String mask(String number) {
        if (number.length() < 7) {
            return number;
        }
        int start = (number.length() - 4) / 2;
        return number.substring(0, start) + "****" + number.substring(start + 4);
    }

    private void post(String topic, String sid, long instanceId, String agentId, Map<String, Object> extra,
                      String userData) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put(CallEvents.SESSION_ID, sid);
        p.put(CallEvents.INSTANCE_ID, instanceId);
        if (agentId != null) {
            p.put(CallEvents.AGENT_ID, agentId);
        }
        if (userData != null) {
            p.put(CallEvents.USER_DATA, userData);
        }
        p.putIfAbsent(CallEvents.TIMESTAMP, System.currentTimeMillis());
        Optional.ofNullable(sessions.live(sid).map(Session::view).orElse(null))
                .ifPresent(v -> p.putIfAbsent(CallEvents.DIRECTION, v.direction()));
        events.postEvent(new Event(topic, p));
    }
}
