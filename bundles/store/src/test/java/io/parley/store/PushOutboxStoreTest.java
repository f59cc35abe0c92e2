package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.paging.PageRequest;
import io.parley.api.push.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Test;

public class PushOutboxStoreTest {

    private JdbcPushOutboxStore store;
    private long instanceId;
    private final Instant t0 = Instant.parse("2026-12-07T10:00:00Z");

    @Before
    public void openDatabase() {
        Database database = new Database(newDataSource());
        instanceId = new JdbcInstanceStore(database).insert("default", "UTC", Instant.now()).id();
        store = new JdbcPushOutboxStore(database);
    }

    /** A new, empty database; the PostgreSQL subclass runs every test here against a real server. */
    protected javax.sql.DataSource newDataSource() {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:" + UUID.randomUUID());
        derby.setCreateDatabase("create");
        return derby;
    }

    @Test
    public void theSameSessionAndKindIsQueuedOnce() {
        assertTrue(store.enqueue(instanceId, "cdr", "s-1", "{}", t0));
        assertFalse(store.enqueue(instanceId, "cdr", "s-1", "{\"again\":1}", t0));
        assertTrue(store.enqueue(instanceId, "recording", "s-1", "{}", t0));
        assertEquals(2, store.count(instanceId, OutboxEntry.PENDING));
    }

    @Test
    public void aPayloadLongerThanOnePartReadsBackWhole() {
        String json = "{\"x\":\"" + "a".repeat(JdbcPushOutboxStore.PART * 3 + 17) + "\"}";
        store.enqueue(instanceId, "cdr", "s-long", json, t0);
        long id = store.due(instanceId, t0, 10).get(0).id();
        assertEquals(json, store.payload(id));
    }

    @Test
    public void retriesScheduleTheNextTryAndDeliveryEndsTheItem() {
        store.enqueue(instanceId, "cdr", "s-1", "{}", t0);
        store.enqueue(instanceId, "cdr", "s-2", "{}", t0.plusSeconds(1));
        OutboxEntry first = store.due(instanceId, t0.plusSeconds(1), 10).get(0);
        assertEquals("s-1", first.sessionId());
        store.markRetry(first.id(), t0.plusSeconds(2), t0.plusSeconds(60), "HTTP 503");
        List<OutboxEntry> due = store.due(instanceId, t0.plusSeconds(3), 10);
        assertEquals(1, due.size());
        assertEquals("s-2", due.get(0).sessionId());
        assertEquals(List.of(instanceId), store.instancesDue(t0.plusSeconds(60)));
        OutboxEntry retried = store.find(instanceId, first.id()).orElseThrow();
        assertEquals(1, retried.attempts());
        assertEquals(t0.plusSeconds(2), retried.firstAttemptAt());
        assertEquals("HTTP 503", store.lastError(instanceId).orElseThrow().lastError());
        assertEquals(t0, store.oldestPending(instanceId).orElseThrow());

        store.markDelivered(first.id(), t0.plusSeconds(61));
        OutboxEntry done = store.find(instanceId, first.id()).orElseThrow();
        assertEquals(OutboxEntry.DELIVERED, done.status());
        assertEquals(2, done.attempts());
        assertEquals(t0.plusSeconds(2), done.firstAttemptAt());
        assertEquals(t0.plusSeconds(1), store.oldestPending(instanceId).orElseThrow());
        assertEquals(1, store.list(instanceId, OutboxEntry.DELIVERED, PageRequest.first()).total());
    }

    @Test
    public void aFailedItemCanBeRequeuedWithAFreshWindowAndPurgedOnceDone() {
        store.enqueue(instanceId, "voicemail", "s-1", "{}", t0);
        long id = store.due(instanceId, t0, 10).get(0).id();
        store.markFailed(id, t0.plusSeconds(5), "HTTP 400");
        assertTrue(store.due(instanceId, t0.plusSeconds(10), 10).isEmpty());
        assertTrue(store.oldestPending(instanceId).isEmpty());
        assertTrue(store.requeue(instanceId, id, t0.plusSeconds(20)));
        assertFalse("only a failed item is requeued", store.requeue(instanceId, id, t0.plusSeconds(20)));
        OutboxEntry again = store.find(instanceId, id).orElseThrow();
        assertEquals(OutboxEntry.PENDING, again.status());
        assertNull(again.firstAttemptAt());
        store.markDelivered(id, t0.plusSeconds(30));
        assertEquals(0, store.purge(OutboxEntry.DELIVERED, t0.plusSeconds(30)));
        assertEquals(1, store.purge(OutboxEntry.DELIVERED, t0.plusSeconds(31)));
        assertTrue(store.find(instanceId, id).isEmpty());
    }
}
