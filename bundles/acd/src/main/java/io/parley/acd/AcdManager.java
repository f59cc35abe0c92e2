package io.parley.acd;

import io.parley.api.acd.Acd;
import io.parley.api.acd.AcdPolicy;
import io.parley.api.acd.AcdRequest;
import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.ContactHistory;
import io.parley.api.acd.QueueStatus;
import io.parley.api.acd.WaitingCall;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentFilter;
import io.parley.api.agent.AgentPresence;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import io.parley.api.audio.AudioFileService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.LegInfo;
import io.parley.api.event.AgentEvents;
import io.parley.api.event.CallEvents;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.media.AudioClip;
import io.parley.api.media.MediaServer;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Playback;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.settings.InboundSettings;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACD (SPEC §8.5, §15): one FIFO queue per skill group, routed by the {@link AcdPolicy}
 * the instance names (policy bundles come and go; while the chosen one is away its groups
 * route by longest idle, with a WARN and a {@code parley:status} line), agents reserved through
 * {@link AgentPresence#offer} and rung on their agent-bound SIP phone, the answering one bridged.
 *
 * <p>Each queued caller is served by the IVR engine thread that called {@link #queue}: it waits
 * on the queue's monitor (woken by presence changes and ended calls), routes when it is the first
 * waiter able to use an agent, rings, bridges and waits for the agent leg to end. A caller who
 * also waits in another of the agent's groups and has waited longer gets the agent first
 * (fairness across groups).
 */
@Component(service = {Acd.class, EventHandler.class}, configurationPid = "io.parley.acd",
        property = {EventConstants.EVENT_TOPIC + "=" + CallEvents.ENDED,
                EventConstants.EVENT_TOPIC + "=" + AgentEvents.PRESENCE_CHANGED})
@Designate(ocd = AcdConfig.class)
public class AcdManager implements Acd, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AcdManager.class);
    static final String CUSTOMER_LEG = "a";
    static final Duration LAST_OUTBOUND_WINDOW = Duration.ofDays(3);
    static final Duration LAST_ACCESSED_WINDOW = Duration.ofDays(30);
    private static final long TICK_MS = 250;

    private final CallControl calls;
    private final AgentPresence presence;
    private final SkillGroupService groups;
    private final SipPhoneService phones;
    private final EventAdmin events;
    private final AcdConfig config;
    private final ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InstanceSettingsService settings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MediaServer media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AudioFileService audio;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AgentService agents;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ContactHistory history;

    private final Map<String, AcdPolicy> policies = new ConcurrentHashMap<>();
    /** Policy names asked for while not installed (when last asked): the groups route by longest idle meanwhile. */
    private final Map<String, Instant> missingPolicies = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /** Guards {@link #queues}; waiters wait on it. */
    private final Object lock = new Object();
    private final Map<GroupKey, Deque<Waiter>> queues = new HashMap<>();
    private final Map<GroupKey, ServiceLevel> levels = new ConcurrentHashMap<>();
    private final Set<Long> instancesSeen = ConcurrentHashMap.newKeySet();
    /** Sessions the ACD is ringing or bridging now: the reconciler leaves their agents alone. */
    private final Set<String> activeSessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong repairs = new AtomicLong();

    private final Map<Long, CachedPhones> phoneCache = new ConcurrentHashMap<>();

    @Activate
    public AcdManager(@Reference CallControl calls, @Reference AgentPresence presence, @Reference SkillGroupService groups,
                      @Reference SipPhoneService phones, @Reference EventAdmin events, AcdConfig config) {
        this.calls = calls;
        this.presence = presence;
        this.groups = groups;
        this.phones = phones;
        this.events = events;
        this.config = config;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-acd-reconciler");
            t.setDaemon(true);
            return t;
        });
        int every = Math.max(1, config.reconcileSeconds());
        timer.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        stopped = true;
        timer.shutdownNow();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPolicy(AcdPolicy policy) {
        policies.put(policy.name(), policy);
        if (missingPolicies.remove(policy.name()) != null) {
            LOG.info("ACD: routing policy {} is installed again; its groups use it from the next decision", policy.name());
        }
    }

    void removePolicy(AcdPolicy policy) {
        policies.remove(policy.name(), policy);
    }

    record GroupKey(long instanceId, long groupId) {
    }

    /** A queued caller. */
    static final class Waiter {
        final AcdRequest request;
        final Instant firstQueuedAt;
        final List<String> preferred;
        final Set<String> tried = new HashSet<>();
        GroupKey group;
        Instant queuedAt;
        boolean overflowed;

        Waiter(AcdRequest request, GroupKey group, Instant now, List<String> preferred) {
            this.request = request;
            this.group = group;
            this.firstQueuedAt = now;
            this.queuedAt = now;
            this.preferred = preferred;
        }
    }

    private record CachedPhones(Instant at, Map<String, String> extensionByAgent) {
    }

    // ---------------------------------------------------------------- queue

    @Override
    public TransferOutcome queue(AcdRequest r) {
        instancesSeen.add(r.instanceId());
        InboundSettings inbound = inbound(r.instanceId());
        Long group = null;
        for (long g : r.skillGroupIds()) {
            if (anyOnline(r.instanceId(), g)) {
                group = g;
                break;
            }
        }
        boolean overflowed = false;
        if (group == null && r.overflowSkillGroupId() != null && anyOnline(r.instanceId(), r.overflowSkillGroupId())) {
            group = r.overflowSkillGroupId();
            overflowed = true;
        }
        if (group == null) {
            LOG.debug("ACD: no agent online for call {} in groups {}", r.sessionId(), r.skillGroupIds());
            return new TransferOutcome(false, TransferOutcome.NO_AGENT_ONLINE, null);
        }
        Waiter w = new Waiter(r, new GroupKey(r.instanceId(), group), Instant.now(), preferred(r, inbound));
        w.overflowed = overflowed;
        enqueue(w);
        WaitAudio waitAudio = new WaitAudio(r);
        try {
            Instant deadline = w.queuedAt.plus(r.maxQueueWait());
            while (true) {
                if (stopped) {
                    // the ACD bundle is stopping: the caller goes on in the flow as if no agent were online
                    dequeue(w, "no_agent_online");
                    return new TransferOutcome(false, TransferOutcome.NO_AGENT_ONLINE, null);
                }
                if (callGone(r.sessionId())) {
                    dequeue(w, "caller_hung_up");
                    level(w.group).abandoned.incrementAndGet();
                    return new TransferOutcome(false, TransferOutcome.CALLER_HUNG_UP, null);
                }
                if (!Instant.now().isBefore(deadline)) {
                    Long overflow = r.overflowSkillGroupId();
                    if (!w.overflowed && overflow != null && overflow != w.group.groupId()
                            && anyOnline(r.instanceId(), overflow)) {
                        dequeue(w, "overflow");
                        w.group = new GroupKey(r.instanceId(), overflow);
                        w.queuedAt = Instant.now();
                        w.overflowed = true;
                        deadline = w.queuedAt.plus(r.maxQueueWait());
                        enqueue(w);
                        continue;
                    }
                    dequeue(w, "queue_timeout");
                    return new TransferOutcome(false, TransferOutcome.QUEUE_TIMEOUT, null);
                }
                waitAudio.update(position(w));
                List<String> reserved = reserve(w, inbound);
                if (reserved.isEmpty()) {
                    synchronized (lock) {
                        lock.wait(TICK_MS);
                    }
                    continue;
                }
                Answered answered = ring(w, reserved, inbound);
                if (answered == null) {
                    continue;
                }
                dequeue(w, "offered");
                waitAudio.stop();
                return connect(w, answered, inbound);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dequeue(w, "caller_hung_up");
            return new TransferOutcome(false, TransferOutcome.CALLER_HUNG_UP, null);
        } finally {
            waitAudio.stop();
            synchronized (lock) {
                Deque<Waiter> q = queues.get(w.group);
                if (q != null && q.remove(w)) {
                    lock.notifyAll();
                }
            }
        }
    }

    private void enqueue(Waiter w) {
        synchronized (lock) {
            queues.computeIfAbsent(w.group, k -> new ArrayDeque<>()).addLast(w);
            lock.notifyAll();
        }
        post(CallEvents.QUEUED, w.request, Map.of(CallEvents.SKILL_GROUP_ID, w.group.groupId()));
    }

    private void dequeue(Waiter w, String outcome) {
        boolean removed;
        synchronized (lock) {
            Deque<Waiter> q = queues.get(w.group);
            removed = q != null && q.remove(w);
            lock.notifyAll();
        }
        if (removed) {
            post(CallEvents.DEQUEUED, w.request, Map.of(CallEvents.SKILL_GROUP_ID, w.group.groupId(),
                    CallEvents.OUTCOME, outcome));
        }
    }

    /** The caller's place, 1 for the head of the queue; 0 when not queued. */
    private int position(Waiter w) {
        synchronized (lock) {
            Deque<Waiter> q = queues.get(w.group);
            if (q == null) {
                return 0;
            }
            int i = 1;
            for (Waiter x : q) {
                if (x == w) {
                    return i;
                }
                i++;
            }
            return 0;
        }
    }

    // ---------------------------------------------------------------- routing

    /**
     * Reserves the agent(s) to ring for {@code w}: none unless every caller ahead of it in its
     * queue has no agent it could use; one (sequential) or up to two (simultaneous) by the
     * preferences and the group's policy. An agent a caller of another of its groups has waited
     * longer for is left to that caller.
     */
    private List<String> reserve(Waiter w, InboundSettings inbound) {
        synchronized (lock) {
            Deque<Waiter> q = queues.get(w.group);
            if (q == null || !q.contains(w)) {
                return List.of();
            }
            SkillGroup group = group(w.group);
            if (group == null) {
                return List.of();
            }
            for (Waiter ahead : q) {
                if (ahead == w) {
                    break;
                }
                if (!eligible(ahead, group).isEmpty()) {
                    return List.of();
                }
            }
            List<AgentCandidate> eligible = eligible(w, group);
            if (eligible.isEmpty()) {
                return List.of();
            }
            eligible = fair(w, eligible);
            if (eligible.isEmpty()) {
                return List.of();
            }
            WaitingCall call = new WaitingCall(w.request.sessionId(), w.request.instanceId(), w.group.groupId(),
                    w.request.callerNumber(), w.queuedAt);
            List<AgentCandidate> ordered = Routing.order(call, eligible, w.preferred, policy(w.request.instanceId()));
            int ring = group.ringingMode() == RingingMode.SIMULTANEOUS ? 2 : 1;
            List<String> reserved = new ArrayList<>();
            for (AgentCandidate c : ordered) {
                if (reserved.size() == ring) {
                    break;
                }
                if (presence.offer(w.request.instanceId(), c.agentId(), w.request.sessionId())) {
                    reserved.add(c.agentId());
                    activeSessions.add(w.request.sessionId());
                }
            }
            return reserved;
        }
    }

    /** The group's available agents this caller has not been offered to yet. */
    private List<AgentCandidate> eligible(Waiter w, SkillGroup group) {
        List<AgentCandidate> out = new ArrayList<>();
        for (SkillGroup.Member m : group.agents()) {
            if (w.tried.contains(m.id())) {
                continue;
            }
            PresenceState s = presenceOf(w.request.instanceId(), m.id());
            if (s == null || s.state() != Presence.AVAILABLE) {
                continue;
            }
            out.add(new AgentCandidate(m.id(), m.priority(), s.since(),
                    presence.callsAnsweredToday(w.request.instanceId(), m.id()), null, null));
        }
        return out;
    }

    private PresenceState presenceOf(long instanceId, String agentId) {
        try {
            return presence.current(instanceId, agentId);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Fairness across groups: drops the agents that a caller in another of their groups has
     * waited longer for (that caller is first in line there, and the agent is eligible for it).
     */
    private List<AgentCandidate> fair(Waiter w, List<AgentCandidate> eligible) {
        List<AgentCandidate> out = new ArrayList<>(eligible);
        for (Map.Entry<GroupKey, Deque<Waiter>> e : queues.entrySet()) {
            if (e.getKey().equals(w.group) || e.getKey().instanceId() != w.group.instanceId() || e.getValue().isEmpty()) {
                continue;
            }
            Waiter head = e.getValue().peekFirst();
            if (!head.firstQueuedAt.isBefore(w.firstQueuedAt)) {
                continue;
            }
            SkillGroup other = group(e.getKey());
            if (other == null) {
                continue;
            }
            Set<String> members = new HashSet<>();
            other.agents().forEach(m -> members.add(m.id()));
            out.removeIf(c -> members.contains(c.agentId()) && !head.tried.contains(c.agentId()));
        }
        return out;
    }

    /** The policy the instance names, or longest idle while that policy's bundle is away. */
    AcdPolicy policy(long instanceId) {
        String name = config.routingPolicy() == null || config.routingPolicy().isBlank()
                ? inbound(instanceId).basicRouting().wire() : config.routingPolicy().trim();
        AcdPolicy p = policies.get(name);
        if (p != null) {
            return p;
        }
        if (missingPolicies.put(name, Instant.now()) == null) {
            LOG.warn("ACD: routing policy {} is not installed; its groups route by longest_idle until it is", name);
        }
        return Routing.LONGEST_IDLE;
    }

    private String policyName(long instanceId) {
        return policy(instanceId).name();
    }

    private List<String> preferred(AcdRequest r, InboundSettings inbound) {
        List<String> out = new ArrayList<>();
        AgentService a = agents;
        if (a != null) {
            for (String email : r.preferredAgentEmails()) {
                try {
                    Page<Agent> page = a.list(r.instanceId(), new AgentFilter(null, email, null, null, null, null, null,
                            null, null), new PageRequest(1, 20));
                    page.items().stream().filter(x -> x.login().equalsIgnoreCase(email)).findFirst()
                            .ifPresent(x -> out.add(x.agentId()));
                } catch (RuntimeException e) {
                    LOG.debug("ACD: specified agent {} not looked up: {}", email, e.toString());
                }
            }
        }
        ContactHistory h = history;
        if (h != null && r.callerNumber() != null && !r.callerNumber().isEmpty()) {
            try {
                if (inbound.preferLastOutboundAgent()) {
                    h.lastOutbound(r.instanceId(), r.callerNumber(), LAST_OUTBOUND_WINDOW).ifPresent(c -> out.add(c.agentId()));
                }
                if (inbound.preferLastAccessedAgent()) {
                    h.lastServed(r.instanceId(), r.callerNumber(), LAST_ACCESSED_WINDOW).ifPresent(c -> out.add(c.agentId()));
                }
            } catch (RuntimeException e) {
                LOG.debug("ACD: contact history not read: {}", e.toString());
            }
        }
        return out;
    }

    private boolean anyOnline(long instanceId, long groupId) {
        SkillGroup g = group(new GroupKey(instanceId, groupId));
        if (g == null) {
            return false;
        }
        for (SkillGroup.Member m : g.agents()) {
            PresenceState s = presenceOf(instanceId, m.id());
            if (s != null && s.online()) {
                return true;
            }
        }
        return false;
    }

    private SkillGroup group(GroupKey k) {
        try {
            return groups.get(k.instanceId(), k.groupId());
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- ringing

    record Answered(String agentId, String legId) {
    }

    private record Ring(String agentId, Dialing dialing) {
    }

    /**
     * Rings the reserved agents' phones until one answers, the ring timeout, or the caller hangs
     * up; every agent rung is marked tried for this call. Returns the answering agent or null.
     */
    private Answered ring(Waiter w, List<String> reserved, InboundSettings inbound) {
        AcdRequest r = w.request;
        List<Ring> rings = new ArrayList<>();
        for (String agentId : reserved) {
            w.tried.add(agentId);
            String extension = phoneOf(r.instanceId(), agentId);
            if (extension == null) {
                LOG.info("ACD: agent {} has no agent-bound SIP phone; offered to the next agent", agentId);
                presence.ringEnded(r.instanceId(), agentId, r.sessionId(), false, false);
                continue;
            }
            Dialing d;
            try {
                d = calls.dial(r.sessionId(), Destination.phone(r.instanceId(), extension));
            } catch (RuntimeException e) {
                presence.ringEnded(r.instanceId(), agentId, r.sessionId(), false, false);
                continue;
            }
            post(CallEvents.AGENT_RINGING, r, Map.of(CallEvents.AGENT_ID, agentId, CallEvents.SKILL_GROUP_ID,
                    w.group.groupId(), CallEvents.LEG_ID, d.legId(), CallEvents.AGENT_TERMINAL, "sip_phone"));
            rings.add(new Ring(agentId, d));
        }
        if (rings.isEmpty()) {
            activeSessions.remove(r.sessionId());
            return null;
        }
        long timeoutMs = inbound.ringTimeoutTransfer() ? inbound.ringTimeoutS() * 1000L
                : Math.max(1000L, Duration.between(Instant.now(), w.queuedAt.plus(r.maxQueueWait())).toMillis());
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        Ring winner = null;
        List<Ring> pending = new ArrayList<>(rings);
        boolean callerGone = false;
        try {
            while (!pending.isEmpty() && winner == null) {
                CompletableFuture<?>[] all = pending.stream().map(x -> x.dialing().outcome().toCompletableFuture())
                        .toArray(CompletableFuture[]::new);
                try {
                    CompletableFuture.anyOf(all).get(TICK_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // a tick: look at the caller and the clock
                } catch (java.util.concurrent.ExecutionException e) {
                    // a failed leg is handled below like any ended one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    callerGone = true;
                    break;
                }
                for (Ring x : new ArrayList<>(pending)) {
                    CompletableFuture<LegInfo> f = x.dialing().outcome().toCompletableFuture();
                    if (!f.isDone()) {
                        continue;
                    }
                    pending.remove(x);
                    LegInfo leg = f.isCompletedExceptionally() ? null : f.join();
                    if (leg != null && leg.isAnswered() && winner == null) {
                        winner = x;
                    } else {
                        ringEnded(w, x, "rejected", false);
                    }
                }
                if (winner != null) {
                    break;
                }
                if (callGone(r.sessionId())) {
                    callerGone = true;
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
            }
            for (Ring x : pending) {
                hangupLeg(r.sessionId(), x.dialing().legId());
                if (winner != null || callerGone) {
                    ringEnded(w, x, "canceled", false);
                } else {
                    ringEnded(w, x, "timeout", inbound.breakAfterRingTimeout());
                }
            }
            if (winner == null) {
                return null;
            }
            if (callerGone || callGone(r.sessionId())) {
                hangupLeg(r.sessionId(), winner.dialing().legId());
                ringEnded(w, winner, "canceled", false);
                return null;
            }
            presence.ringEnded(r.instanceId(), winner.agentId(), r.sessionId(), true, false);
            post(CallEvents.AGENT_RING_ENDED, r, Map.of(CallEvents.AGENT_ID, winner.agentId(), CallEvents.SKILL_GROUP_ID,
                    w.group.groupId(), CallEvents.LEG_ID, winner.dialing().legId(), CallEvents.OUTCOME, "answered",
                    CallEvents.AGENT_TERMINAL, "sip_phone"));
            return new Answered(winner.agentId(), winner.dialing().legId());
        } finally {
            if (winner == null) {
                activeSessions.remove(r.sessionId());
            }
        }
    }

    private void ringEnded(Waiter w, Ring x, String outcome, boolean onBreak) {
        presence.ringEnded(w.request.instanceId(), x.agentId(), w.request.sessionId(), false, onBreak);
        post(CallEvents.AGENT_RING_ENDED, w.request, Map.of(CallEvents.AGENT_ID, x.agentId(), CallEvents.SKILL_GROUP_ID,
                w.group.groupId(), CallEvents.LEG_ID, x.dialing().legId(), CallEvents.OUTCOME, outcome));
    }

    private void hangupLeg(String callId, String legId) {
        try {
            calls.hangupLeg(callId, legId);
        } catch (RuntimeException e) {
            LOG.debug("ACD: leg {} of {} already gone: {}", legId, callId, e.toString());
        }
    }

    /** The extension of the SIP phone bound to the agent, or null (phones cached for two seconds). */
    private String phoneOf(long instanceId, String agentId) {
        CachedPhones c = phoneCache.get(instanceId);
        if (c == null || c.at().isBefore(Instant.now().minusSeconds(2))) {
            Map<String, String> byAgent = new HashMap<>();
            for (int page = 1; ; page++) {
                Page<SipPhone> p = phones.list(instanceId, null, new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
                for (SipPhone phone : p.items()) {
                    if (phone.binding().type() == PhoneBinding.Type.AGENT) {
                        byAgent.putIfAbsent(phone.binding().agentId(), phone.extension());
                    }
                }
                if (p.items().size() < PageRequest.MAX_PAGE_SIZE || page * (long) PageRequest.MAX_PAGE_SIZE >= p.total()) {
                    break;
                }
            }
            c = new CachedPhones(Instant.now(), byAgent);
            phoneCache.put(instanceId, c);
        }
        return c.extensionByAgent().get(agentId);
    }

    // ---------------------------------------------------------------- connected

    private TransferOutcome connect(Waiter w, Answered a, InboundSettings inbound) throws InterruptedException {
        AcdRequest r = w.request;
        Duration waited = Duration.between(w.firstQueuedAt, Instant.now());
        level(w.group).answered(waited, config.serviceLevelSeconds());
        try {
            calls.bridge(r.sessionId(), CUSTOMER_LEG, a.legId());
            while (!legEnded(r.sessionId(), a.legId())) {
                Thread.sleep(TICK_MS);
            }
        } catch (RuntimeException e) {
            LOG.info("ACD: call {} could not be bridged to agent {}: {}", r.sessionId(), a.agentId(), e.toString());
            hangupLeg(r.sessionId(), a.legId());
        } finally {
            presence.callEnded(r.instanceId(), a.agentId(), r.sessionId());
            activeSessions.remove(r.sessionId());
        }
        boolean callerGone = callGone(r.sessionId());
        return new TransferOutcome(true, callerGone ? TransferOutcome.CALLER_HUNG_UP : TransferOutcome.AGENT_HUNG_UP,
                a.agentId());
    }

    private boolean legEnded(String callId, String legId) {
        Optional<CallInfo> c = calls.call(callId);
        return c.isEmpty() || CallInfo.ENDED.equals(c.get().state()) || c.get().legs().stream()
                .noneMatch(l -> l.id().equals(legId) && !LegInfo.ENDED.equals(l.state()));
    }

    private boolean callGone(String callId) {
        Optional<CallInfo> c = calls.call(callId);
        return c.isEmpty() || CallInfo.ENDED.equals(c.get().state()) || c.get().legs().stream()
                .noneMatch(l -> l.id().equals(CUSTOMER_LEG) && !LegInfo.ENDED.equals(l.state()));
    }

    // ---------------------------------------------------------------- what the caller hears

    /** The to_agent prompt with {@code ${WaitNo}} (callers ahead) kept current, or the hold music, looped. */
    private final class WaitAudio {
        private final AcdRequest request;
        private Playback playing;
        private int waitNo = -1;
        private boolean stopped;

        WaitAudio(AcdRequest request) {
            this.request = request;
        }

        void update(int position) {
            if (stopped) {
                return;
            }
            Prompt p = request.waitPrompt();
            boolean dependsOnPlace = p != null && p.mode() == Prompt.Mode.TTS && p.text() != null
                    && p.text().contains("${WaitNo}");
            int now = Math.max(0, position - 1);
            if (playing != null && (!dependsOnPlace || now == waitNo)) {
                return;
            }
            waitNo = now;
            AudioClip clip = clip(p, now);
            if (playing != null) {
                playing.stop();
            }
            try {
                playing = calls.play(request.sessionId(), CUSTOMER_LEG, PlayRequest.loop(clip));
            } catch (RuntimeException e) {
                LOG.debug("ACD: wait audio not played on {}: {}", request.sessionId(), e.toString());
                playing = null;
                stopped = true;
            }
        }

        private AudioClip clip(Prompt p, int waitNo) {
            try {
                if (p != null && p.mode() == Prompt.Mode.TTS && p.text() != null && !p.text().isBlank()
                        && media != null) {
                    return media.speak(p.text().replace("${WaitNo}", Integer.toString(waitNo)), p.voice());
                }
                if (p != null && p.mode() == Prompt.Mode.AUDIO && audio != null) {
                    return new AudioClip(audio.playable(request.instanceId(), p.audioId()));
                }
            } catch (RuntimeException e) {
                LOG.debug("ACD: prompt not rendered, hold music instead: {}", e.toString());
            }
            return WaitMusic.CLIP;
        }

        void stop() {
            stopped = true;
            if (playing != null) {
                playing.stop();
                playing = null;
            }
        }
    }

    // ---------------------------------------------------------------- events, reconciler, status

    @Override
    public void handleEvent(Event event) {
        // a presence change or an ended call may let a waiter route (or notice its caller left)
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void post(String topic, AcdRequest r, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put(CallEvents.SESSION_ID, r.sessionId());
        p.put(CallEvents.INSTANCE_ID, r.instanceId());
        p.put(CallEvents.TIMESTAMP, System.currentTimeMillis());
        events.postEvent(new Event(topic, p));
    }

    /**
     * Repairs agents left ringing or in a call whose call no longer lives (a lost event, a
     * crashed flow): ringing → back to their state, in_call → after-call work (then restored).
     */
    void reconcile() {
        try {
            for (long instanceId : instancesSeenAndDefault()) {
                for (PresenceState s : presence.online(instanceId)) {
                    if ((s.state() != Presence.RINGING && s.state() != Presence.IN_CALL) || s.sessionId() == null
                            || activeSessions.contains(s.sessionId())) {
                        continue;
                    }
                    Optional<CallInfo> c = calls.call(s.sessionId());
                    if (c.isPresent() && !CallInfo.ENDED.equals(c.get().state())) {
                        continue;
                    }
                    if (s.state() == Presence.RINGING) {
                        presence.ringEnded(instanceId, s.agentId(), s.sessionId(), false, false);
                    } else {
                        presence.callEnded(instanceId, s.agentId(), s.sessionId());
                    }
                    long n = repairs.incrementAndGet();
                    LOG.warn("ACD reconciler: agent {} of instance {} was {} for call {}, which is not live; repaired "
                            + "({} repairs since start)", s.agentId(), instanceId, s.state().wire(), s.sessionId(), n);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("ACD reconciler pass failed: {}", e.toString());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile io.parley.api.instance.InstanceService instances;

    private Set<Long> instancesSeenAndDefault() {
        Set<Long> out = new HashSet<>(instancesSeen);
        io.parley.api.instance.InstanceService i = instances;
        if (i != null) {
            try {
                i.list(new PageRequest(1, PageRequest.MAX_PAGE_SIZE)).items().forEach(x -> out.add(x.id()));
            } catch (RuntimeException e) {
                // the store is away: the instances seen will do
            }
        }
        return out;
    }

    @Override
    public List<String> statusLines() {
        List<String> out = new ArrayList<>();
        // a name asked for in the last 10 minutes: an instance whose setting moved on drops out
        Instant recent = Instant.now().minus(Duration.ofMinutes(10));
        for (String name : missingPolicies.entrySet().stream().filter(e -> e.getValue().isAfter(recent))
                .map(Map.Entry::getKey).sorted().toList()) {
            out.add("ACD: routing policy " + name + " is NOT INSTALLED; its groups route by longest_idle");
        }
        if (config.routingPolicy() != null && !config.routingPolicy().isBlank()) {
            out.add("ACD: every instance routes by " + config.routingPolicy().trim()
                    + " (routingPolicy of etc/io.parley.acd.cfg)");
        }
        out.add("ACD: reconciler repaired " + repairs.get() + " stale agents since start");
        return out;
    }

    @Override
    public List<QueueStatus> queues(long instanceId) {
        List<QueueStatus> out = new ArrayList<>();
        Set<GroupKey> keys = new HashSet<>(levels.keySet());
        synchronized (lock) {
            keys.addAll(queues.keySet());
        }
        String policy = policyName(instanceId);
        keys.stream().filter(k -> k.instanceId() == instanceId).sorted((a, b) -> Long.compare(a.groupId(), b.groupId()))
                .forEach(k -> {
                    int waiting;
                    Instant oldest;
                    synchronized (lock) {
                        Deque<Waiter> q = queues.get(k);
                        waiting = q == null ? 0 : q.size();
                        oldest = q == null || q.isEmpty() ? null : q.peekFirst().queuedAt;
                    }
                    out.add(level(k).status(k, waiting, oldest, policy, config.serviceLevelSeconds()));
                });
        return out;
    }

    private ServiceLevel level(GroupKey k) {
        return levels.computeIfAbsent(k, x -> new ServiceLevel());
    }

    long repairs() {
        return repairs.get();
    }

    private InboundSettings inbound(long instanceId) {
        InstanceSettingsService s = settings;
        if (s == null) {
            return InboundSettings.DEFAULTS;
        }
        try {
            return s.inbound(instanceId);
        } catch (RuntimeException e) {
            return InboundSettings.DEFAULTS;
        }
    }
}
