package io.parley.push;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.event.RecordEvents;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.push.OutboxEntry;
import io.parley.api.push.PushItem;
import io.parley.api.push.PushResult;
import io.parley.api.push.PushSink;
import io.parley.api.settings.GeneralSettings;
import io.parley.api.settings.InboundSettings;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.settings.PushSettings;
import io.parley.api.settings.SettingsSection;
import io.parley.api.store.PushOutboxStore;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;

public class PushOutboxManagerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final Outbox store = new Outbox();
    private final List<PushResult> answers = new CopyOnWriteArrayList<>();
    private final List<PushItem> tried = new CopyOnWriteArrayList<>();
    private volatile PushSettings settings = new PushSettings(true, "https://crm.example.com/push",
            PushSettings.PushAuth.NONE, null, null, null, true, true, true, "http");
    private PushOutboxManager manager;
    private volatile long brokenInstance = -1;
    private final PushSink sink = new PushSink() {
        public String kind() {
            return "http";
        }

        public PushResult deliver(PushItem item, Map<String, String> s) {
            tried.add(item);
            return answers.isEmpty() ? PushResult.ok() : answers.remove(0);
        }
    };

    @Before
    public void start() {
        // no dispatcher thread: rounds run when the test calls round()
        manager = new PushOutboxManager(store, config(1000), clock, false);
        manager.bindSettings(settingsService());
    }

    @After
    public void stop() throws Exception {
        manager.deactivate();
    }

    private void close(String sid) {
        manager.handleEvent(new Event(RecordEvents.CLOSED, Map.of(RecordEvents.SESSION_ID, sid,
                RecordEvents.INSTANCE_ID, 1000001L, RecordEvents.RECORD_JSON, "{\"session_id\":\"" + sid + "\"}")));
    }

    @Test
    public void aKindTheSettingsDoNotAskForIsNotQueued() throws Exception {
        settings = new PushSettings(true, "https://x", PushSettings.PushAuth.NONE, null, null, null, false, true, true, "http");
        close("s-1");
        assertEquals(0, store.rows.size());
    }

    @Test
    public void itemsAreHeldWhileTheirSinkIsAwayAndDeliveredWhenItComes() throws Exception {
        close("s-1");
        manager.round();
        assertEquals(0, tried.size());
        assertEquals("push sink 'http' is not installed", manager.summary(1000001).held());
        clock.advance(Duration.ofDays(3));
        manager.round();
        assertEquals("held time does not age an item", OutboxEntry.PENDING, store.rows.get(1L).status());
        manager.bindSink(sink, Map.of(PushSink.KIND_PROPERTY, "http"));
        manager.round();
        assertEquals(1, tried.size());
        assertEquals(OutboxEntry.DELIVERED, store.rows.get(1L).status());
        assertNull(manager.summary(1000001).held());
    }

    @Test
    public void aRetriedItemIsGivenUpTwentyFourHoursAfterItsFirstTry() throws Exception {
        manager.bindSink(sink, Map.of(PushSink.KIND_PROPERTY, "http"));
        close("s-1");
        for (int i = 0; i < 1000; i++) {
            answers.add(PushResult.retryLater("HTTP 503"));
        }
        Instant first = clock.instant();
        while (store.rows.get(1L).status().equals(OutboxEntry.PENDING)) {
            manager.round();
            OutboxEntry e = store.rows.get(1L);
            if (e.status().equals(OutboxEntry.PENDING)) {
                assertTrue(!e.nextAttemptAt().isAfter(first.plus(Duration.ofHours(24))));
                clock.set(e.nextAttemptAt());
            }
        }
        OutboxEntry e = store.rows.get(1L);
        assertEquals(OutboxEntry.FAILED, e.status());
        assertEquals(first.plus(Duration.ofHours(24)), e.doneAt());
        assertTrue(e.lastError(), e.lastError().contains("HTTP 503"));
        // 5 s doubling to 30 min: 9 tries reach the cap, then one every 30 min for the rest of the day
        assertTrue("tries: " + tried.size(), tried.size() > 50 && tried.size() < 65);
        assertEquals(tried.size(), e.attempts());
    }

    @Test
    public void anInstanceWhoseSettingsCannotBeReadHoldsOnlyItsOwnItems() throws Exception {
        manager.bindSink(sink, Map.of(PushSink.KIND_PROPERTY, "http"));
        close("s-1");
        manager.handleEvent(new Event(RecordEvents.CLOSED, Map.of(RecordEvents.SESSION_ID, "s-2",
                RecordEvents.INSTANCE_ID, 99L, RecordEvents.RECORD_JSON, "{}")));
        brokenInstance = 99L;
        manager.round();
        assertEquals(OutboxEntry.DELIVERED, store.rows.get(1L).status());
        assertEquals(OutboxEntry.PENDING, store.rows.get(2L).status());
    }

    @Test
    public void aRefusedPayloadIsFailedAtOnce() throws Exception {
        manager.bindSink(sink, Map.of(PushSink.KIND_PROPERTY, "http"));
        answers.add(PushResult.rejected("HTTP 422"));
        close("s-1");
        manager.round();
        assertEquals(OutboxEntry.FAILED, store.rows.get(1L).status());
        assertEquals(1, tried.size());
    }

    private InstanceSettingsService settingsService() {
        return new InstanceSettingsService() {
            public InboundSettings inbound(long id) {
                return InboundSettings.DEFAULTS;
            }

            public OutboundSettings outbound(long id) {
                return OutboundSettings.DEFAULTS;
            }

            public GeneralSettings general(long id) {
                return GeneralSettings.DEFAULTS;
            }

            public PushSettings push(long id) {
                if (id == brokenInstance) {
                    throw new IllegalStateException("instance " + id + " is gone");
                }
                return settings;
            }

            public io.parley.api.settings.StorageSettings storage(long id) {
                throw new UnsupportedOperationException("push reads no storage settings");
            }

            public Map<String, Object> view(long id, SettingsSection s) {
                return Map.of();
            }

            public Map<String, Object> update(long id, SettingsSection s, Map<String, Object> p) {
                return Map.of();
            }
        };
    }

    static PushConfig config(long pollMillis) {
        return new PushConfig() {
            public Class<? extends Annotation> annotationType() {
                return PushConfig.class;
            }

            public String publicBaseUrl() {
                return "https://parley.example.com/api/v1";
            }

            public long pollMillis() {
                return pollMillis;
            }

            public int workers() {
                return 2;
            }

            public long retryInitialSeconds() {
                return 5;
            }

            public long retryMaxSeconds() {
                return 1800;
            }

            public long retryWindowSeconds() {
                return 86400;
            }

            public long keepDeliveredHours() {
                return 168;
            }

            public long keepFailedDays() {
                return 30;
            }
        };
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant i) {
            now = i;
        }

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    /** The outbox in memory, with the store's rules (unique key, due order). */
    static final class Outbox implements PushOutboxStore {
        final Map<Long, OutboxEntry> rows = new ConcurrentHashMap<>();
        final Map<Long, String> payloads = new ConcurrentHashMap<>();
        private long next = 1;

        public synchronized boolean enqueue(long instanceId, String kind, String sessionId, String json, Instant createdAt) {
            if (rows.values().stream().anyMatch(e -> e.instanceId() == instanceId && e.kind().equals(kind)
                    && e.sessionId().equals(sessionId))) {
                return false;
            }
            long id = next++;
            rows.put(id, new OutboxEntry(id, instanceId, kind, sessionId, OutboxEntry.PENDING, 0, createdAt, null, null,
                    createdAt, null, null));
            payloads.put(id, json);
            return true;
        }

        public List<Long> instancesDue(Instant now) {
            return rows.values().stream().filter(e -> e.status().equals(OutboxEntry.PENDING)
                    && !e.nextAttemptAt().isAfter(now)).map(OutboxEntry::instanceId).distinct().toList();
        }

        public List<OutboxEntry> due(long instanceId, Instant now, int limit) {
            return rows.values().stream().filter(e -> e.instanceId() == instanceId && e.status().equals(OutboxEntry.PENDING)
                    && !e.nextAttemptAt().isAfter(now)).sorted(Comparator.comparing(OutboxEntry::nextAttemptAt))
                    .limit(limit).toList();
        }

        public String payload(long id) {
            return payloads.get(id);
        }

        public Optional<OutboxEntry> find(long instanceId, long id) {
            return Optional.ofNullable(rows.get(id));
        }

        public Page<OutboxEntry> list(long instanceId, String status, PageRequest page) {
            List<OutboxEntry> all = new ArrayList<>(rows.values());
            return new Page<>(all, all.size());
        }

        public long count(long instanceId, String status) {
            return rows.values().stream().filter(e -> e.status().equals(status)).count();
        }

        public Optional<Instant> oldestPending(long instanceId) {
            return rows.values().stream().filter(e -> e.status().equals(OutboxEntry.PENDING))
                    .map(OutboxEntry::createdAt).min(Comparator.naturalOrder());
        }

        public Optional<OutboxEntry> lastError(long instanceId) {
            return rows.values().stream().filter(e -> e.lastError() != null).findFirst();
        }

        private void update(long id, String status, Instant at, Instant next, Instant done, String error) {
            OutboxEntry e = rows.get(id);
            rows.put(id, new OutboxEntry(id, e.instanceId(), e.kind(), e.sessionId(), status, e.attempts() + 1,
                    e.createdAt(), e.firstAttemptAt() == null ? at : e.firstAttemptAt(), at, next, done,
                    error == null ? e.lastError() : error));
        }

        public void markDelivered(long id, Instant at) {
            update(id, OutboxEntry.DELIVERED, at, rows.get(id).nextAttemptAt(), at, null);
        }

        public void markRetry(long id, Instant attemptAt, Instant nextAttemptAt, String error) {
            update(id, OutboxEntry.PENDING, attemptAt, nextAttemptAt, null, error);
        }

        public void markFailed(long id, Instant at, String error) {
            update(id, OutboxEntry.FAILED, at, rows.get(id).nextAttemptAt(), at, error);
        }

        public boolean requeue(long instanceId, long id, Instant now) {
            return false;
        }

        public int purge(String status, Instant before) {
            return 0;
        }
    }
}
