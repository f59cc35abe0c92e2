package io.parley.records;

import io.parley.api.agent.AgentService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.event.CallEvents;
import io.parley.api.event.RecordEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.record.RecordFilter;
import io.parley.api.record.ServiceRecord;
import io.parley.api.record.ServiceRecordService;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.store.ServiceRecordStore;
import io.parley.api.store.ServiceRecordStore.StoredServiceRecord;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one SPEC §27.1 service record per session from the {@code parley/call/*} events and
 * {@code parley/record/RECORDING_READY}, and answers the §27.3 queries.
 *
 * <p>Nothing lost: events only change the session's {@link SessionTrace} in memory; a single
 * writer thread saves every changed record every {@code flushMillis} (default 250 ms) in one
 * transaction, so a record is in the database within a fraction of a second of each event, and
 * marks the open ones as seen every {@code heartbeatSeconds} (default 2 s). A record is final
 * {@code settleMillis} after ENDED (the IVR's last trace and a recording may follow the end; up
 * to {@code ivrSettleMillis} while a flow has not said it ended); once saved final, {@code
 * parley/record/CLOSED} carries it. At start, a record left open whose call is not up (the
 * appliance was killed) is closed as {@code system_error} at the time it was last seen; one
 * whose call is still up (only this bundle restarted) is taken up again.
 */
@Component(service = {ServiceRecordService.class, EventHandler.class},
        property = {EventConstants.EVENT_TOPIC + "=" + CallEvents.PREFIX + "*",
                EventConstants.EVENT_TOPIC + "=" + RecordEvents.RECORDING_READY})
public class ServiceRecordManager implements ServiceRecordService, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRecordManager.class);
    static final Set<String> CATEGORIES = Set.of("telephone", "internal");
    static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");
    static final Set<String> PARTIES = Set.of("agent", "customer", "system");
    static final Set<String> TERMINALS = Set.of("computer", "mobile", "sip_phone");
    static final Set<String> STATUSES = Set.of("normal_end", "not_answered", "agent_not_answered", "agent_transfer",
            "external_transfer", "abandoned_in_ivr", "ivr_ended", "abandoned_in_queue", "abandoned_while_ringing",
            "no_agent_online", "non_working_hours", "system_error", "blocklisted", "answered", "unknown", "missed",
            "rejected", "powered_off", "empty_number", "callee_busy", "callee_suspended", "carrier_error",
            "caller_canceled", "out_of_service_area", "calling");
    private static final int RECENTLY_CLOSED = 10_000;

    private final ServiceRecordStore store;
    private final EventAdmin events;
    private final Supplier<Instant> clock;
    private final long settleMillis;
    private final long ivrSettleMillis;
    private final Map<String, SessionTrace> live = new HashMap<>();
    /** Sessions closed lately, so a repeated event does not open them again. */
    private final Map<String, Boolean> closed = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENTLY_CLOSED;
        }
    };
    private final Map<String, Instant> closeAt = new HashMap<>();
    private final Map<String, CachedName> names = new ConcurrentHashMap<>();
    private final Object flushing = new Object();
    private ScheduledExecutorService writer;

    /** Asked once, at start, which calls are up (a field reference is not bound yet while the constructor runs). */
    private Supplier<Set<String>> callsUp = Set::of;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AgentService agents;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SkillGroupService skillGroups;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InstanceService instances;

    @Activate
    public ServiceRecordManager(@Reference ServiceRecordStore store, @Reference EventAdmin events,
                                BundleContext context, Map<String, Object> config) {
        this(store, events, Instant::now, number(config, "settleMillis", 1000), number(config, "ivrSettleMillis", 3000));
        this.callsUp = () -> {
            ServiceReference<CallControl> ref = context.getServiceReference(CallControl.class);
            CallControl c = ref == null ? null : context.getService(ref);
            if (c == null) {
                return Set.of();
            }
            try {
                return c.calls().stream().map(CallInfo::id).collect(Collectors.toSet());
            } finally {
                context.ungetService(ref);
            }
        };
        recover();
        long flushMillis = number(config, "flushMillis", 250);
        long heartbeatMillis = number(config, "heartbeatSeconds", 2) * 1000;
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-records-writer");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(this::heartbeatQuietly, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    /** For tests: the calls up now, for {@link #recover()}. */
    void callsUp(Supplier<Set<String>> up) {
        this.callsUp = up;
    }

    /** For tests: no writer thread (they call {@link #flush()}), time from {@code clock}. */
    ServiceRecordManager(ServiceRecordStore store, EventAdmin events, Supplier<Instant> clock, long settleMillis,
                         long ivrSettleMillis) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.settleMillis = settleMillis;
        this.ivrSettleMillis = ivrSettleMillis;
    }

    @Deactivate
    void deactivate() {
        if (writer != null) {
            writer.shutdownNow();
            try {
                writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // what changed since the last write; open records stay open for the next start to take up or close
        flushQuietly();
    }

    /**
     * Takes up the records a previous run left open: those of calls still up go on, the others
     * are closed — as {@code system_error} at their last sign of life when they never ended.
     */
    void recover() {
        Set<String> up = callsUp.get();
        int resumed = 0;
        int lost = 0;
        for (StoredServiceRecord s : store.open()) {
            SessionTrace t = RecordJson.trace(s);
            synchronized (this) {
                if (live.containsKey(t.sessionId)) {
                    continue;
                }
                if (up.contains(s.sessionId()) && !t.ended()) {
                    live.put(t.sessionId, t);
                    resumed++;
                    continue;
                }
                if (!t.ended()) {
                    t.end(t.lastSeen, CallStatus.SYSTEM_ERROR, "system");
                    lost++;
                }
                t.dirty = true;
                live.put(t.sessionId, t);
                closeAt.put(t.sessionId, Instant.MIN);
            }
        }
        if (resumed + lost > 0) {
            LOG.info("Service records left open: {} taken up with their calls, {} closed as system_error", resumed, lost);
        }
        flush();
    }

    @Override
    public void handleEvent(Event event) {
        Object session = event.getProperty(CallEvents.SESSION_ID);
        if (session == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            p.put(name, event.getProperty(name));
        }
        Object ts = p.get(CallEvents.TIMESTAMP);
        Instant at = ts instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : clock.get();
        try {
            apply(session.toString(), event.getTopic(), p, at);
        } catch (RuntimeException e) {
            LOG.warn("service record {}: event {} not applied: {}", session, event.getTopic(), e.toString());
        }
    }

    void apply(String sessionId, String topic, Map<String, Object> p, Instant at) {
        SessionTrace earlier = null;
        boolean known;
        synchronized (this) {
            known = live.containsKey(sessionId) || closed.containsKey(sessionId);
        }
        if (!known) {
            // a session this run has not seen: new, or one a previous run (or this bundle before a restart) wrote
            earlier = store.find(instanceOf(p), sessionId).map(RecordJson::trace).orElse(null);
        }
        String name = null;
        String agentId = SessionTrace.str(p, CallEvents.AGENT_ID);
        synchronized (this) {
            SessionTrace t = live.get(sessionId);
            if (t == null) {
                if (closed.containsKey(sessionId) || (earlier != null && earlier.closed)) {
                    if (!RecordEvents.RECORDING_READY.equals(topic)) {
                        return;
                    }
                    // the file is closed after the call: add it to the final record, CLOSED was already posted
                    t = earlier != null ? earlier : store.find(instanceOf(p), sessionId).map(RecordJson::trace)
                            .orElse(null);
                    if (t == null) {
                        return;
                    }
                    t.closed = true;
                } else if (earlier != null) {
                    t = earlier;
                } else if (RecordEvents.RECORDING_READY.equals(topic)) {
                    return;
                } else {
                    t = new SessionTrace(instanceOf(p), sessionId, at);
                }
                live.put(sessionId, t);
            }
            boolean wasEnded = t.ended();
            t.apply(topic, p, at);
            if (!wasEnded && t.ended()) {
                Instant now = clock.get();
                boolean waitForIvr = t.ivrSeen && !t.ivrEnded;
                closeAt.put(sessionId, now.plusMillis(waitForIvr ? ivrSettleMillis : settleMillis));
            } else if (wasEnded && CallEvents.IVR_ENDED.equals(topic) && closeAt.containsKey(sessionId)) {
                Instant soon = clock.get().plusMillis(Math.min(settleMillis, 200));
                if (soon.isBefore(closeAt.get(sessionId))) {
                    closeAt.put(sessionId, soon);
                }
            }
            if (t.agentId != null && t.agentName == null) {
                agentId = t.agentId;
            } else {
                agentId = null;
            }
        }
        if (agentId != null) {
            name = agentName(instanceOf(p), agentId);
            synchronized (this) {
                SessionTrace t = live.get(sessionId);
                if (t != null && agentId.equals(t.agentId) && t.agentName == null) {
                    t.agentName = name;
                }
            }
        }
        groupName(sessionId);
    }

    private void groupName(String sessionId) {
        Long group;
        long instance;
        synchronized (this) {
            SessionTrace t = live.get(sessionId);
            if (t == null || t.skillGroupId == null || t.skillGroup != null) {
                return;
            }
            group = t.skillGroupId;
            instance = t.instanceId;
        }
        String name = lookup("g:" + instance + ":" + group, () -> {
            SkillGroupService s = skillGroups;
            return s == null ? null : s.get(instance, group).name();
        });
        synchronized (this) {
            SessionTrace t = live.get(sessionId);
            if (t != null && group.equals(t.skillGroupId)) {
                t.skillGroup = name;
            }
        }
    }

    private String agentName(long instance, String agentId) {
        return lookup("a:" + instance + ":" + agentId, () -> {
            AgentService a = agents;
            return a == null ? null : a.get(instance, agentId).name();
        });
    }

    /** A name looked up at most once a minute: a record keeps the name of the moment (SPEC §4: records keep it after a delete). */
    private String lookup(String key, Supplier<String> source) {
        CachedName c = names.get(key);
        Instant now = clock.get();
        if (c != null && c.until.isAfter(now)) {
            return c.name;
        }
        String name;
        try {
            name = source.get();
        } catch (RuntimeException e) {
            name = c == null ? null : c.name;
        }
        if (name != null) {
            names.put(key, new CachedName(name, now.plusSeconds(60)));
        }
        return name;
    }

    private record CachedName(String name, Instant until) {
    }

    private static long instanceOf(Map<String, Object> p) {
        Object i = p.get(CallEvents.INSTANCE_ID);
        return i instanceof Number n ? n.longValue() : i == null ? 0 : Long.parseLong(i.toString());
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("service records not written, trying again: {}", e.toString());
        }
    }

    /** Writes every changed record; closes those whose settle time passed and posts CLOSED once they are saved. */
    void flush() {
        synchronized (flushing) {
            Instant now = clock.get();
            List<StoredServiceRecord> rows = new ArrayList<>();
            List<SessionTrace> closing = new ArrayList<>();
            List<SessionTrace> written = new ArrayList<>();
            synchronized (this) {
                for (SessionTrace t : live.values()) {
                    Instant due = closeAt.get(t.sessionId);
                    if (!t.closed && t.ended() && due != null && !now.isBefore(due)) {
                        t.closed = true;
                        t.dirty = true;
                        closing.add(t);
                    }
                    if (t.dirty) {
                        rows.add(RecordJson.stored(t, now));
                        t.dirty = false;
                        written.add(t);
                    }
                }
            }
            try {
                store.save(rows);
            } catch (RuntimeException e) {
                synchronized (this) {
                    written.forEach(t -> t.dirty = true);
                    closing.forEach(t -> t.closed = false);
                }
                throw e;
            }
            synchronized (this) {
                for (SessionTrace t : written) {
                    if (t.closed && !t.dirty) {
                        live.remove(t.sessionId, t);
                        closeAt.remove(t.sessionId);
                        this.closed.put(t.sessionId, Boolean.TRUE);
                    }
                }
            }
            for (SessionTrace t : closing) {
                String remark = store.find(t.instanceId, t.sessionId).map(StoredServiceRecord::remark).orElse(null);
                ServiceRecord r = t.record(now, remark);
                Map<String, Object> p = new HashMap<>();
                p.put(RecordEvents.SESSION_ID, t.sessionId);
                p.put(RecordEvents.INSTANCE_ID, t.instanceId);
                p.put(RecordEvents.RECORD_JSON, RecordJson.spec(r));
                p.put(RecordEvents.TIMESTAMP, now.toEpochMilli());
                events.postEvent(new Event(RecordEvents.CLOSED, p));
                LOG.debug("service record {} closed: {}", t.sessionId, r.status());
            }
        }
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.warn("service records not marked as seen: {}", e.toString());
        }
    }

    /** Marks the records of the calls up now as seen now: after a crash they close at most a heartbeat early. */
    void heartbeat() {
        Instant now = clock.get();
        List<String> up = new ArrayList<>();
        synchronized (this) {
            for (SessionTrace t : live.values()) {
                if (!t.ended()) {
                    t.lastSeen = now;
                    up.add(t.sessionId);
                }
            }
        }
        store.touch(up, now);
    }

    // ---- queries (SPEC §27.3)

    @Override
    public RecordFilter checked(long instanceId, RecordFilter f) {
        oneOf("category", f.category(), CATEGORIES);
        oneOf("direction", f.direction(), DIRECTIONS);
        oneOf("status", f.status(), STATUSES);
        oneOf("hangup_party", f.hangupParty(), PARTIES);
        oneOf("agent_terminal", f.agentTerminal(), TERMINALS);
        ZoneId zone = zone(instanceId);
        Instant from = f.from();
        Instant to = f.to();
        if (from == null && to == null) {
            from = LocalDate.now(zone).atStartOfDay(zone).toInstant();
            to = from.atZone(zone).plusDays(1).toInstant();
        } else if (from == null) {
            from = to.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        } else if (to == null) {
            to = from.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        }
        if (to.isBefore(from)) {
            throw new InvalidException("to", "must not be before from");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_RANGE_DAYS)) > 0) {
            throw new InvalidException(f.to() != null ? "to" : "from",
                    "from..to may span at most " + MAX_RANGE_DAYS + " days per query");
        }
        return f.withRange(from, to);
    }

    private static void oneOf(String field, String value, Set<String> allowed) {
        if (value != null && !value.isEmpty() && !allowed.contains(value)) {
            throw new InvalidException(field, "must be one of " + new java.util.TreeSet<>(allowed));
        }
    }

    private ZoneId zone(long instanceId) {
        InstanceService i = instances;
        try {
            return i == null ? ZoneOffset.UTC : ZoneId.of(i.get(instanceId).timeZone());
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    @Override
    public Page<ServiceRecord> list(long instanceId, RecordFilter filter, PageRequest page) {
        RecordFilter f = checked(instanceId, filter);
        return store.list(instanceId, f, page).map(this::fresh);
    }

    /** A stored record, or the running one's state of now when it is still open here. */
    private ServiceRecord fresh(StoredServiceRecord s) {
        if (s.open()) {
            synchronized (this) {
                SessionTrace t = live.get(s.sessionId());
                if (t != null) {
                    return t.record(clock.get(), s.remark());
                }
            }
        }
        return RecordJson.record(s);
    }

    @Override
    public ServiceRecord get(long instanceId, String sessionId, RecordFilter visibleTo) {
        ServiceRecord r = store.find(instanceId, sessionId).map(this::fresh).orElseGet(() -> {
            synchronized (this) {
                SessionTrace t = live.get(sessionId);
                return t == null || t.instanceId != instanceId ? null : t.record(clock.get(), null);
            }
        });
        if (r == null || !visible(r, visibleTo)) {
            throw new NotFoundException("record", sessionId);
        }
        return r;
    }

    static boolean visible(ServiceRecord r, RecordFilter visibleTo) {
        if (visibleTo == null || visibleTo.visible() == null) {
            return true;
        }
        if (!visibleTo.visible().containsKey(r.category())) {
            return false;
        }
        Set<Long> scope = visibleTo.visible().get(r.category());
        return scope == null || (r.skillGroupId() != null && scope.contains(r.skillGroupId()));
    }

    @Override
    public void export(long instanceId, RecordFilter filter, Writer out) throws IOException {
        RecordFilter f = checked(instanceId, filter);
        try (RecordCsv csv = new RecordCsv(out, zone(instanceId))) {
            store.each(instanceId, f, s -> csv.write(fresh(s)));
        }
    }

    @Override
    public ServiceRecord setRemark(long instanceId, String sessionId, String remark, RecordFilter visibleTo) {
        String value = remark == null || remark.isBlank() ? null : remark.strip();
        if (value != null && value.codePointCount(0, value.length()) > MAX_REMARK) {
            throw new InvalidException("remark", "must be at most " + MAX_REMARK + " characters");
        }
        get(instanceId, sessionId, visibleTo);
        if (!store.setRemark(instanceId, sessionId, value)) {
            // a record of a call begun a moment ago may not be written yet
            flush();
            if (!store.setRemark(instanceId, sessionId, value)) {
                throw new NotFoundException("record", sessionId);
            }
        }
        return get(instanceId, sessionId, visibleTo);
    }

    /** Open records in memory now (for the shell and tests). */
    synchronized int liveCount() {
        return live.size();
    }

    private static long number(Map<String, Object> config, String key, long fallback) {
        Object v = config == null ? null : config.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v == null ? fallback : Long.parseLong(v.toString().strip());
    }
}
