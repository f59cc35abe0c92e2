package io.parley.push;

import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.event.RecordEvents;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.push.OutboxEntry;
import io.parley.api.push.OutboxSummary;
import io.parley.api.push.PushItem;
import io.parley.api.push.PushOutbox;
import io.parley.api.push.PushResult;
import io.parley.api.push.PushSink;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.PushSettings;
import io.parley.api.store.PushOutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push outbox (SPEC §29.3): queues a CDR when a service record closes and recording or
 * voicemail metadata when a file is ready, if the instance's push settings ask for that kind;
 * delivers each item through the {@link PushSink} the settings name, at least once, oldest
 * first, retrying with exponential back-off for 24 h from the first try, then marking it failed.
 *
 * <p>Everything queued is in the database first, so a restart of this bundle, of the store or of
 * the appliance loses nothing: the dispatcher picks up whatever is pending. Sinks are a dynamic
 * reference keyed by {@link PushSink#KIND_PROPERTY}: while the sink an instance uses is not
 * installed (or push is disabled) its items are held — not tried, not aged — and delivered
 * once it is back. The settings service is optional for the same reason: while directory
 * restarts, records are still queued (and the kind checked again at delivery).
 */
@Component(service = {PushOutbox.class, EventHandler.class}, configurationPid = PushConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {EventConstants.EVENT_TOPIC + "=" + RecordEvents.CLOSED,
                EventConstants.EVENT_TOPIC + "=" + RecordEvents.RECORDING_READY})
@Designate(ocd = PushConfig.class)
public class PushOutboxManager implements PushOutbox, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PushOutboxManager.class);
    private static final Set<String> STATUSES = Set.of(OutboxEntry.PENDING, OutboxEntry.DELIVERED, OutboxEntry.FAILED);
    private static final int BATCH = 50;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final PushOutboxStore store;
    private final Clock clock;
    private final Payloads payloads;
    private final Backoff backoff;
    private final PushConfig config;
    private final Map<String, PushSink> sinks = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private final ExecutorService workers;
    private final Thread dispatcher;
    private volatile boolean running = true;
    private volatile boolean woken;
    private volatile InstanceSettingsService settings;
    private Instant lastPurge = Instant.EPOCH;

    @Activate
    public PushOutboxManager(@Reference PushOutboxStore store, PushConfig config) {
        this(store, config, Clock.systemUTC(), true);
    }

    /** @param dispatch whether the dispatcher thread runs (a unit test calls {@link #round} itself) */
    PushOutboxManager(PushOutboxStore store, PushConfig config, Clock clock, boolean dispatch) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.payloads = new Payloads(config.publicBaseUrl());
        this.backoff = Backoff.of(config);
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "parley-push-delivery");
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Thread(this::dispatch, "parley-push-outbox");
        this.dispatcher.setDaemon(true);
        if (dispatch) {
            this.dispatcher.start();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        wake();
        dispatcher.join(10_000);
        // a delivery cut off here stays pending and is sent again after the restart (at least once)
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSettings(InstanceSettingsService s) {
        settings = s;
        wake();
    }

    void unbindSettings(InstanceSettingsService s) {
        if (settings == s) {
            settings = null;
        }
    }

    @Reference(service = PushSink.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSink(PushSink sink, Map<String, Object> properties) {
        String kind = kind(sink, properties);
        sinks.put(kind, sink);
        LOG.info("Push sink '{}' available", kind);
        wake();
    }

    void unbindSink(PushSink sink, Map<String, Object> properties) {
        String kind = kind(sink, properties);
        if (sinks.remove(kind, sink)) {
            LOG.info("Push sink '{}' gone: its items are held until it is back", kind);
        }
    }

    private static String kind(PushSink sink, Map<String, Object> properties) {
        Object k = properties.get(PushSink.KIND_PROPERTY);
        return k != null ? k.toString() : sink.kind();
    }

    // ---- queueing

    @Override
    public void handleEvent(Event event) {
        Object instance = event.getProperty(RecordEvents.INSTANCE_ID);
        Object session = event.getProperty(RecordEvents.SESSION_ID);
        if (!(instance instanceof Number) || !(session instanceof String sessionId) || sessionId.isEmpty()) {
            LOG.warn("Ignoring {} without {} and {}", event.getTopic(), RecordEvents.INSTANCE_ID, RecordEvents.SESSION_ID);
            return;
        }
        long instanceId = ((Number) instance).longValue();
        Instant at = event.getProperty(RecordEvents.TIMESTAMP) instanceof Number ms
                ? Instant.ofEpochMilli(ms.longValue()) : clock.instant();
        String kind;
        String json;
        try {
            if (RecordEvents.CLOSED.equals(event.getTopic())) {
                kind = Payloads.CDR;
                if (!wanted(instanceId, kind)) {
                    return;
                }
                json = payloads.cdr(instanceId, String.valueOf(event.getProperty(RecordEvents.RECORD_JSON)), at);
            } else {
                kind = String.valueOf(event.getProperty(RecordEvents.KIND));
                if (!Payloads.RECORDING.equals(kind) && !Payloads.VOICEMAIL.equals(kind)) {
                    LOG.warn("Ignoring {} of session {} with kind '{}'", event.getTopic(), sessionId, kind);
                    return;
                }
                if (!wanted(instanceId, kind)) {
                    return;
                }
                int duration = intProperty(event, RecordEvents.DURATION_S, 0);
                json = Payloads.RECORDING.equals(kind)
                        ? payloads.recording(instanceId, sessionId, duration, intProperty(event, RecordEvents.CHANNELS, 2), at)
                        : payloads.voicemail(instanceId, sessionId, duration, at);
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Session {}: {} not queued for push: {}", sessionId, event.getTopic(), e.getMessage());
            return;
        }
        try {
            if (store.enqueue(instanceId, kind, sessionId, json, clock.instant())) {
                LOG.info("Session {}: {} queued for push", sessionId, kind);
                wake();
            } else {
                LOG.info("Session {}: {} already queued for push, not again", sessionId, kind);
            }
        } catch (RuntimeException e) {
            LOG.error("Session {}: {} could not be queued for push: {}", sessionId, kind, e.toString());
        }
    }

    /** Whether the settings ask for {@code kind}; while they cannot be read, yes (checked again at delivery). */
    private boolean wanted(long instanceId, String kind) {
        InstanceSettingsService s = settings;
        if (s == null) {
            return true;
        }
        try {
            return s.push(instanceId).pushes(kind);
        } catch (RuntimeException e) {
            LOG.warn("Push settings of instance {} unreadable ({}); queueing {} anyway", instanceId, e.toString(), kind);
            return true;
        }
    }

    private static int intProperty(Event event, String key, int def) {
        return event.getProperty(key) instanceof Number n ? n.intValue() : def;
    }

    // ---- delivery

    private void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void dispatch() {
        while (running) {
            boolean worked = false;
            try {
                worked = round();
                purge();
            } catch (RuntimeException e) {
                // the store is away or failing: nothing is lost, the items wait in the database
                LOG.warn("Push outbox round failed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!worked) {
                synchronized (wake) {
                    if (!woken && running) {
                        try {
                            wake.wait(Math.max(50, config.pollMillis()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    woken = false;
                }
            }
        }
    }

    /** One pass over the instances with due items; true when something was tried. */
    boolean round() throws InterruptedException {
        Instant now = clock.instant();
        boolean worked = false;
        for (long instanceId : store.instancesDue(now)) {
            Optional<Target> target;
            try {
                target = target(instanceId);
            } catch (RuntimeException e) {
                // one instance's unreadable settings hold its items only, not the other instances'
                LOG.warn("Push settings of instance {} unreadable, its items wait: {}", instanceId, e.toString());
                continue;
            }
            if (target.isEmpty()) {
                continue;
            }
            List<Callable<Void>> deliveries = new ArrayList<>();
            for (OutboxEntry e : store.due(instanceId, now, BATCH)) {
                deliveries.add(() -> {
                    deliver(e, target.get());
                    return null;
                });
            }
            workers.invokeAll(deliveries);
            worked |= !deliveries.isEmpty();
        }
        return worked;
    }

    private record Target(PushSettings settings, PushSink sink, Map<String, String> sinkSettings) {
    }

    /** Where an instance's items go now, or empty while they are held. */
    private Optional<Target> target(long instanceId) {
        InstanceSettingsService s = settings;
        if (s == null) {
            return Optional.empty();
        }
        PushSettings p = s.push(instanceId);
        PushSink sink = sinks.get(p.sink());
        if (!p.enabled() || sink == null) {
            return Optional.empty();
        }
        return Optional.of(new Target(p, sink, sinkSettings(p)));
    }

    /** What a held instance waits for, or null when its items can go. */
    private String held(long instanceId) {
        InstanceSettingsService s = settings;
        if (s == null) {
            return "the settings service is not running";
        }
        PushSettings p = s.push(instanceId);
        if (!p.enabled()) {
            return "push is disabled";
        }
        return sinks.containsKey(p.sink()) ? null : "push sink '" + p.sink() + "' is not installed";
    }

    /** The settings a sink is given: the destination and its credentials. */
    static Map<String, String> sinkSettings(PushSettings p) {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "url", p.url());
        put(m, "auth", p.auth().wire());
        put(m, "username", p.username());
        put(m, "password", p.password());
        if (p.oauth2() != null) {
            put(m, "token_url", p.oauth2().tokenUrl());
            put(m, "client_id", p.oauth2().clientId());
            put(m, "client_secret", p.oauth2().clientSecret());
            put(m, "scope", p.oauth2().scope());
        }
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private void deliver(OutboxEntry e, Target target) {
        int attempt = e.attempts() + 1;
        PushResult result;
        try {
            PushItem item = new PushItem(e.id(), e.instanceId(), e.kind(), e.sessionId(), store.payload(e.id()),
                    e.createdAt(), attempt);
            result = target.sink().deliver(item, target.sinkSettings());
            if (result == null) {
                result = PushResult.retryLater("the sink answered nothing");
            }
        } catch (RuntimeException ex) {
            result = PushResult.retryLater(ex.toString());
        }
        Instant at = clock.instant();
        if (result.delivered()) {
            store.markDelivered(e.id(), at);
            LOG.info("Session {}: {} pushed (item {}, attempt {})", e.sessionId(), e.kind(), e.id(), attempt);
        } else if (!result.retryable()) {
            store.markFailed(e.id(), at, result.detail());
            LOG.warn("Session {}: {} refused by the receiver, not retried (item {}): {}", e.sessionId(), e.kind(), e.id(),
                    result.detail());
        } else {
            Instant first = e.firstAttemptAt() == null ? at : e.firstAttemptAt();
            Instant next = backoff.next(first, at, attempt);
            if (next == null) {
                store.markFailed(e.id(), at, "retried for " + backoff.window() + ", last: " + result.detail());
                LOG.warn("Session {}: {} given up after {} attempts (item {}): {}", e.sessionId(), e.kind(), attempt,
                        e.id(), result.detail());
            } else {
                store.markRetry(e.id(), at, next, result.detail());
                LOG.info("Session {}: {} not pushed (item {}, attempt {}): {}; next try at {}", e.sessionId(), e.kind(),
                        e.id(), attempt, result.detail(), next);
            }
        }
    }

    private void purge() {
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(PURGE_EVERY) < 0) {
            return;
        }
        lastPurge = now;
        int delivered = store.purge(OutboxEntry.DELIVERED, now.minus(Duration.ofHours(Math.max(1, config.keepDeliveredHours()))));
        int failed = store.purge(OutboxEntry.FAILED, now.minus(Duration.ofDays(Math.max(1, config.keepFailedDays()))));
        if (delivered + failed > 0) {
            LOG.info("Push outbox purged {} delivered and {} failed items", delivered, failed);
        }
    }

    // ---- the view

    @Override
    public OutboxSummary summary(long instanceId) {
        Optional<OutboxEntry> last = store.lastError(instanceId);
        long pending = store.count(instanceId, OutboxEntry.PENDING);
        return new OutboxSummary(pending, store.count(instanceId, OutboxEntry.FAILED),
                store.count(instanceId, OutboxEntry.DELIVERED), store.oldestPending(instanceId).orElse(null),
                last.map(OutboxEntry::lastError).orElse(null), last.map(OutboxEntry::lastAttemptAt).orElse(null),
                pending == 0 ? null : held(instanceId));
    }

    @Override
    public Page<OutboxEntry> list(long instanceId, String status, PageRequest page) {
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidException("status", "must be one of pending, delivered, failed");
        }
        return store.list(instanceId, status, page);
    }

    @Override
    public OutboxEntry get(long instanceId, long id) {
        return store.find(instanceId, id).orElseThrow(() -> new NotFoundException("push item", id));
    }

    @Override
    public OutboxEntry retry(long instanceId, long id) {
        OutboxEntry e = get(instanceId, id);
        if (!store.requeue(instanceId, id, clock.instant())) {
            throw new ConflictException("status", "push item " + id + " is " + e.status() + "; only a failed item is retried");
        }
        LOG.info("Session {}: {} queued for push again by request (item {})", e.sessionId(), e.kind(), id);
        wake();
        return get(instanceId, id);
    }
}
