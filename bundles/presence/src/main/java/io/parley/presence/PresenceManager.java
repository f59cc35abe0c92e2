package io.parley.presence;

import io.parley.api.agent.AccountState;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentPresence;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.AgentStatusService;
import io.parley.api.agent.BasicSettings;
import io.parley.api.agent.BreakReason;
import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.event.AgentEvents;
import io.parley.api.event.CallEvents;
import io.parley.api.settings.InboundSettings;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.store.PresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence of every agent (SPEC §14.3), in memory and appended to the store on each
 * change. Each agent's state changes under that agent's lock, so the ACD's
 * {@link #offer} (available → ringing) is atomic against the agent's own changes and other
 * calls. After a restart every agent is offline ("session loss") until it logs in again.
 *
 * <p>Outbound calls of agents drive the states through the call events that carry
 * {@code agent.id}: ANSWERED → in_call, ENDED → after_call_work.
 */
@Component(service = {AgentPresence.class, EventHandler.class},
        property = {EventConstants.EVENT_TOPIC + "=" + CallEvents.ANSWERED,
                EventConstants.EVENT_TOPIC + "=" + CallEvents.ENDED})
public class PresenceManager implements AgentPresence, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceManager.class);

    private final PresenceStore store;
    private final AgentService agents;
    private final AgentStatusService status;
    private final EventAdmin events;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile InstanceSettingsService settings;

    @Activate
    public PresenceManager(@Reference PresenceStore store, @Reference AgentService agents,
                           @Reference AgentStatusService status, @Reference EventAdmin events) {
        this(store, agents, status, events, Clock.systemDefaultZone(), Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-presence-restore");
            t.setDaemon(true);
            return t;
        }));
    }

    PresenceManager(PresenceStore store, AgentService agents, AgentStatusService status, EventAdmin events, Clock clock,
                    ScheduledExecutorService timer) {
        this.store = store;
        this.agents = agents;
        this.status = status;
        this.events = events;
        this.clock = clock;
        this.timer = timer;
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    record Key(long instanceId, String agentId) {
    }

    /** One agent's presence; guarded by its own monitor. */
    static final class Entry {
        PresenceState state;
        /** The agent's own state before the call that made it ring or talk, restored after the call. */
        PresenceState beforeCall;
        ScheduledFuture<?> restore;
        LocalDate countedDay;
        int answeredToday = -1;

        Entry(PresenceState state) {
            this.state = state;
        }
    }

    private Entry entry(long instanceId, String agentId) {
        return entries.computeIfAbsent(new Key(instanceId, agentId),
                k -> new Entry(PresenceState.offline(instanceId, agentId, clock.instant())));
    }

    private Agent agent(long instanceId, String agentId) {
        return agents.get(instanceId, agentId); // NotFoundException names the agent
    }

    @Override
    public PresenceState login(long instanceId, String agentId) {
        Agent a = agent(instanceId, agentId);
        requireActive(a);
        BasicSettings basic = status.basicSettings(instanceId);
        Presence initial = basic.defaultStatusAfterLogin() == BasicSettings.LoginStatus.BUSY ? Presence.BUSY
                : Presence.AVAILABLE;
        Entry e = entry(instanceId, agentId);
        synchronized (e) {
            if (e.state.online()) {
                return e.state;
            }
            change(e, own(instanceId, agentId, initial, null, null), AgentEvents.LOGGED_IN);
            return e.state;
        }
    }

    @Override
    public PresenceState logout(long instanceId, String agentId) {
        agent(instanceId, agentId);
        return goOffline(instanceId, agentId, AgentEvents.LOGGED_OUT);
    }

    @Override
    public PresenceState forceOffline(long instanceId, String agentId) {
        Agent a = agent(instanceId, agentId);
        if (a.accountState() != AccountState.FORCED_OFFLINE) {
            agents.forceOffline(instanceId, agentId);
        }
        return goOffline(instanceId, agentId, AgentEvents.FORCED_OFFLINE);
    }

    private PresenceState goOffline(long instanceId, String agentId, String topic) {
        Entry e = entry(instanceId, agentId);
        synchronized (e) {
            cancelRestore(e);
            e.beforeCall = null;
            if (e.state.online() || AgentEvents.FORCED_OFFLINE.equals(topic)) {
                change(e, PresenceState.offline(instanceId, agentId, clock.instant()), topic);
            }
            return e.state;
        }
    }

    @Override
    public PresenceState set(long instanceId, String agentId, Presence state, Long breakReasonId) {
        if (state == null) {
            throw new InvalidException("state", "must be available, busy, on_break or offline");
        }
        if (state == Presence.OFFLINE) {
            return logout(instanceId, agentId);
        }
        if (!state.agentChoice()) {
            throw new InvalidException("state", state.wire() + " is set by the system; choose available, busy, on_break "
                    + "or offline");
        }
        String reasonName = null;
        if (state == Presence.ON_BREAK) {
            if (breakReasonId == null) {
                throw new InvalidException("break_reason_id", "is required with on_break");
            }
            BreakReason reason;
            try {
                reason = status.breakReason(instanceId, breakReasonId);
            } catch (NotFoundException ex) {
                throw new InvalidException("break_reason_id", "no break reason " + breakReasonId);
            }
            if (!reason.enabled()) {
                throw new InvalidException("break_reason_id", "break reason " + breakReasonId + " is disabled");
            }
            reasonName = reason.name();
        } else if (breakReasonId != null) {
            throw new InvalidException("break_reason_id", "only with on_break");
        }
        Agent a = agent(instanceId, agentId);
        Entry e = entry(instanceId, agentId);
        synchronized (e) {
            Presence now = e.state.state();
            if (now == Presence.RINGING || now == Presence.IN_CALL) {
                throw new ConflictException("state", "agent " + agentId + " is " + now.wire()
                        + "; the state can change once the call ends");
            }
            String topic = null;
            if (!e.state.online()) {
                requireActive(a);
                topic = AgentEvents.LOGGED_IN;
            }
            cancelRestore(e);
            e.beforeCall = null;
            change(e, own(instanceId, agentId, state, state == Presence.ON_BREAK ? breakReasonId : null, reasonName), topic);
            return e.state;
        }
    }

    private static void requireActive(Agent a) {
        if (a.accountState() == AccountState.FORCED_OFFLINE) {
            throw new ConflictException("account_state", "agent " + a.agentId() + " is forced offline");
        }
    }

    private PresenceState own(long instanceId, String agentId, Presence state, Long reasonId, String reason) {
        return new PresenceState(instanceId, agentId, state, reasonId, reason, null, clock.instant());
    }

    @Override
    public PresenceState current(long instanceId, String agentId) {
        Entry e = entries.get(new Key(instanceId, agentId));
        if (e == null) {
            agent(instanceId, agentId);
            return PresenceState.offline(instanceId, agentId, null);
        }
        synchronized (e) {
            return e.state;
        }
    }

    @Override
    public List<PresenceState> online(long instanceId) {
        List<PresenceState> out = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (k.instanceId() == instanceId) {
                PresenceState s;
                synchronized (e) {
                    s = e.state;
                }
                if (s.online()) {
                    out.add(s);
                }
            }
        });
        out.sort(Comparator.comparing(PresenceState::agentId));
        return out;
    }

    @Override
    public boolean offer(long instanceId, String agentId, String sessionId) {
        Entry e = entries.get(new Key(instanceId, agentId));
        if (e == null) {
            return false;
        }
        synchronized (e) {
            if (e.state.state() != Presence.AVAILABLE) {
                return false;
            }
            e.beforeCall = e.state;
            change(e, call(e, Presence.RINGING, sessionId), null);
            return true;
        }
    }

    @Override
    public PresenceState ringEnded(long instanceId, String agentId, String sessionId, boolean answered, boolean onBreak) {
        Entry e = entries.get(new Key(instanceId, agentId));
        if (e == null) {
            return PresenceState.offline(instanceId, agentId, null);
        }
        synchronized (e) {
            if (e.state.state() != Presence.RINGING || !sessionId.equals(e.state.sessionId())) {
                return e.state;
            }
            if (answered) {
                answeredOne(e);
                change(e, call(e, Presence.IN_CALL, sessionId), null);
            } else if (onBreak) {
                e.beforeCall = null;
                change(e, new PresenceState(instanceId, agentId, Presence.ON_BREAK, null, PresenceState.RING_TIMEOUT_REASON,
                        null, clock.instant()), null);
            } else {
                restore(e);
            }
            return e.state;
        }
    }

    @Override
    public PresenceState callEnded(long instanceId, String agentId, String sessionId) {
        Entry e = entries.get(new Key(instanceId, agentId));
        if (e == null) {
            return PresenceState.offline(instanceId, agentId, null);
        }
        synchronized (e) {
            if (e.state.state() == Presence.RINGING && sessionId.equals(e.state.sessionId())) {
                restore(e); // the call went before the agent answered
                return e.state;
            }
            if (e.state.state() != Presence.IN_CALL || !sessionId.equals(e.state.sessionId())) {
                return e.state;
            }
            InboundSettings inbound = inbound(instanceId);
            change(e, call(e, Presence.AFTER_CALL_WORK, sessionId), null);
            if (inbound.restoreAfterCall()) {
                if (inbound.restoreAfterCallS() == 0) {
                    restore(e);
                } else {
                    PresenceState acw = e.state;
                    e.restore = timer.schedule(() -> restoreIfStill(e, acw), inbound.restoreAfterCallS(), TimeUnit.SECONDS);
                }
            }
            return e.state;
        }
    }

    private void restoreIfStill(Entry e, PresenceState acw) {
        synchronized (e) {
            if (e.state == acw) {
                e.restore = null;
                restore(e);
            }
        }
    }

    /** Back to the agent's own state before the call (available when there was none). */
    private void restore(Entry e) {
        PresenceState before = e.beforeCall;
        e.beforeCall = null;
        cancelRestore(e);
        Presence p = before == null || !before.state().agentChoice() ? Presence.AVAILABLE : before.state();
        change(e, new PresenceState(e.state.instanceId(), e.state.agentId(), p,
                p == Presence.ON_BREAK ? before.breakReasonId() : null, p == Presence.ON_BREAK ? before.breakReason() : null,
                null, clock.instant()), null);
    }

    private PresenceState call(Entry e, Presence p, String sessionId) {
        return new PresenceState(e.state.instanceId(), e.state.agentId(), p, null, null, sessionId, clock.instant());
    }

    private static void cancelRestore(Entry e) {
        if (e.restore != null) {
            e.restore.cancel(false);
            e.restore = null;
        }
    }

    private InboundSettings inbound(long instanceId) {
        InstanceSettingsService s = settings;
        if (s == null) {
            return InboundSettings.DEFAULTS;
        }
        try {
            return s.inbound(instanceId);
        } catch (RuntimeException ex) {
            return InboundSettings.DEFAULTS;
        }
    }

    private void answeredOne(Entry e) {
        seedCount(e);
        e.answeredToday++;
    }

    /** Today's answered count, read from the stored changes the first time (and on a new day). */
    private void seedCount(Entry e) {
        LocalDate today = LocalDate.now(clock);
        if (e.answeredToday < 0 || !today.equals(e.countedDay)) {
            e.countedDay = today;
            e.answeredToday = (int) store.changes(e.state.instanceId(), e.state.agentId(), startOfToday()).stream()
                    .filter(c -> c.state() == Presence.IN_CALL).count();
        }
    }

    @Override
    public int callsAnsweredToday(long instanceId, String agentId) {
        Entry e = entry(instanceId, agentId);
        synchronized (e) {
            seedCount(e);
            return e.answeredToday;
        }
    }

    private Instant startOfToday() {
        ZoneId zone = clock.getZone();
        return LocalDate.now(clock).atStartOfDay(zone).toInstant();
    }

    @Override
    public List<PresenceState> historyToday(long instanceId, String agentId) {
        agent(instanceId, agentId);
        return store.changes(instanceId, agentId, startOfToday());
    }

    @Override
    public Map<Presence, Duration> durationsToday(long instanceId, String agentId) {
        Instant start = startOfToday();
        Instant now = clock.instant();
        List<PresenceState> changes = new ArrayList<>();
        store.lastBefore(instanceId, agentId, start).ifPresent(changes::add);
        changes.addAll(historyToday(instanceId, agentId));
        Map<Presence, Duration> out = new EnumMap<>(Presence.class);
        for (int i = 0; i < changes.size(); i++) {
            PresenceState c = changes.get(i);
            Instant from = c.since().isBefore(start) ? start : c.since();
            Instant to = i + 1 < changes.size() ? changes.get(i + 1).since() : now;
            if (to.isAfter(from)) {
                out.merge(c.state(), Duration.between(from, to), Duration::plus);
            }
        }
        return out;
    }

    /** Records a change: in memory, in the store, and on EventAdmin (plus {@code topic} when given). */
    private void change(Entry e, PresenceState next, String topic) {
        e.state = next;
        try {
            store.append(next);
        } catch (RuntimeException ex) {
            // presence must keep working when the database hiccups; the day's durations miss one row
            LOG.warn("Presence change of agent {} not stored: {}", next.agentId(), ex.toString());
        }
        if (topic != null) {
            events.postEvent(new Event(topic, properties(next)));
        }
        events.postEvent(new Event(AgentEvents.PRESENCE_CHANGED, properties(next)));
        LOG.debug("Agent {} of {} is {}", next.agentId(), next.instanceId(), next.state().wire());
    }

    private static Map<String, Object> properties(PresenceState s) {
        Map<String, Object> p = new HashMap<>();
        p.put(AgentEvents.AGENT_ID, s.agentId());
        p.put(AgentEvents.INSTANCE_ID, s.instanceId());
        p.put(AgentEvents.PRESENCE, s.state().wire());
        if (s.breakReason() != null) {
            p.put(AgentEvents.REASON, s.breakReason());
        }
        if (s.sessionId() != null) {
            p.put(CallEvents.SESSION_ID, s.sessionId());
        }
        p.put(AgentEvents.TIMESTAMP, s.since().toEpochMilli());
        return p;
    }

    /** Outbound (and any other) calls that name their agent drive in_call and after_call_work. */
    @Override
    public void handleEvent(Event event) {
        Object agent = event.getProperty(CallEvents.AGENT_ID);
        Object session = event.getProperty(CallEvents.SESSION_ID);
        Object instance = event.getProperty(CallEvents.INSTANCE_ID);
        if (!(agent instanceof String agentId) || !(session instanceof String sessionId)
                || !(instance instanceof Number n)) {
            return;
        }
        long instanceId = n.longValue();
        if (CallEvents.ANSWERED.equals(event.getTopic())) {
            callAnswered(instanceId, agentId, sessionId);
        } else if (CallEvents.ENDED.equals(event.getTopic())) {
            callEnded(instanceId, agentId, sessionId);
        }
    }

    /** An agent's call answered that the ACD did not offer (outbound): in_call from any online state. */
    void callAnswered(long instanceId, String agentId, String sessionId) {
        Entry e = entries.get(new Key(instanceId, agentId));
        if (e == null) {
            return;
        }
        synchronized (e) {
            Presence now = e.state.state();
            if (!e.state.online() || now == Presence.IN_CALL && sessionId.equals(e.state.sessionId())) {
                return;
            }
            if (now == Presence.RINGING && sessionId.equals(e.state.sessionId())) {
                answeredOne(e);
            } else if (now.agentChoice()) {
                e.beforeCall = e.state;
            }
            cancelRestore(e);
            change(e, call(e, Presence.IN_CALL, sessionId), null);
        }
    }
}
