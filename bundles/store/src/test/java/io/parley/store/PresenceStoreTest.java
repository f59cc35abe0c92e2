package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Test;

public class PresenceStoreTest {

    private JdbcPresenceStore store;
    private long instanceId;

    @Before
    public void openDatabase() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        Database database = new Database(dataSource);
        instanceId = new JdbcInstanceStore(database).insert("default", "UTC", Instant.now()).id();
        store = new JdbcPresenceStore(database);
    }

    @Test
    public void changesComeBackInOrderWithTheirBreakReasonAndSession() {
        Instant t0 = Instant.parse("2026-12-07T08:00:00Z");
        store.append(new PresenceState(instanceId, "100010", Presence.AVAILABLE, null, null, null, t0));
        store.append(new PresenceState(instanceId, "100010", Presence.ON_BREAK, 7L, "Lunch", null, t0.plusSeconds(60)));
        store.append(new PresenceState(instanceId, "100010", Presence.RINGING, null, null, "s-1", t0.plusSeconds(120)));
        store.append(new PresenceState(instanceId, "100011", Presence.BUSY, null, null, null, t0));
        List<PresenceState> rows = store.changes(instanceId, "100010", t0.plusSeconds(30));
        assertEquals(List.of(Presence.ON_BREAK, Presence.RINGING), rows.stream().map(PresenceState::state).toList());
        assertEquals(Long.valueOf(7), rows.get(0).breakReasonId());
        assertEquals("Lunch", rows.get(0).breakReason());
        assertEquals("s-1", rows.get(1).sessionId());
        assertEquals(Presence.AVAILABLE, store.lastBefore(instanceId, "100010", t0.plusSeconds(30)).orElseThrow().state());
        assertTrue(store.lastBefore(instanceId, "100010", t0).isEmpty());
    }
}
