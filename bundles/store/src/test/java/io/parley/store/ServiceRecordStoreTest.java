package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.record.RecordFilter;
import io.parley.api.store.ServiceRecordStore.StoredServiceRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Test;

public class ServiceRecordStoreTest {

    private JdbcServiceRecordStore store;
    private long instanceId;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Before
    public void openDatabase() {
        Database database = new Database(newDataSource());
        instanceId = new JdbcInstanceStore(database).insert("default", "UTC", Instant.now()).id();
        store = new JdbcServiceRecordStore(database);
    }

    protected DataSource newDataSource() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        return ds;
    }

    private StoredServiceRecord record(String id, Instant time, String status, String category, Long group,
                                       boolean open, String remark) {
        return new StoredServiceRecord(instanceId, id, time, category, "inbound", null, "008613912345678",
                "00862187654321", remark, status, 30, 1, 20, 5, 2, "1001", "Alice Agent", group, "Sales", "customer",
                null, open, time.plusSeconds(30), open ? null : time.plusSeconds(30), "{\"ivr_path\":[]}");
    }

    @Test
    public void aSaveInsertsThenUpdatesWithoutTouchingTheRemark() {
        store.save(List.of(record("s1", now, "calling", "telephone", 7L, true, "first")));
        store.setRemark(instanceId, "s1", "called back");
        store.save(List.of(record("s1", now, "normal_end", "telephone", 7L, false, "ignored")));
        StoredServiceRecord r = store.find(instanceId, "s1").orElseThrow();
        assertEquals("normal_end", r.status());
        assertEquals("called back", r.remark());
        assertFalse(r.open());
        assertEquals(now.plusSeconds(30), r.endedAt());
        assertEquals(Long.valueOf(7), r.skillGroupId());
        assertNull(r.campaignId());
        assertEquals("{\"ivr_path\":[]}", r.detailJson());
        assertTrue(store.find(instanceId + 1, "s1").isEmpty());
    }

    @Test
    public void openRecordsAreFoundAndTouchedUntilClosed() {
        store.save(List.of(record("a", now, "calling", "telephone", null, true, null),
                record("b", now, "normal_end", "telephone", null, false, null)));
        assertEquals(List.of("a"), store.open().stream().map(StoredServiceRecord::sessionId).toList());
        Instant later = now.plusSeconds(100);
        store.touch(List.of("a", "b"), later);
        assertEquals(later, store.find(instanceId, "a").orElseThrow().lastSeenAt());
        assertEquals(now.plusSeconds(30), store.find(instanceId, "b").orElseThrow().lastSeenAt());
    }

    @Test
    public void everySpec27Point3FilterNarrowsTheListNewestFirst() {
        List<StoredServiceRecord> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(record("r" + i, now.minusSeconds(i * 60L), i % 2 == 0 ? "normal_end" : "abandoned_in_queue",
                    i < 15 ? "telephone" : "internal", i % 3 == 0 ? 1L : 2L, false, i == 4 ? "VIP customer" : null));
        }
        store.save(rows);
        RecordFilter range = RecordFilter.all().withRange(now.minus(Duration.ofDays(1)), now.plusSeconds(1));
        Page<StoredServiceRecord> first = store.list(instanceId, range, PageRequest.of(1, 15));
        assertEquals(20, first.total());
        assertEquals(15, first.items().size());
        assertEquals("r0", first.items().get(0).sessionId());
        assertEquals(5, store.list(instanceId, range, PageRequest.of(2, 15)).items().size());
        assertEquals(10, store.list(instanceId, range.withStatus("abandoned_in_queue"), PageRequest.of(1, 15)).total());
        RecordFilter internal = new RecordFilter("internal", range.from(), range.to(), null, null, null, null, null,
                null, null, null, null, null, null);
        assertEquals(5, store.list(instanceId, internal, PageRequest.of(1, 15)).total());
        RecordFilter remark = new RecordFilter(null, range.from(), range.to(), "139", "2187", "alice", "1001",
                "inbound", null, "vip", null, "customer", null, null);
        assertEquals(List.of("r4"), store.list(instanceId, remark, PageRequest.of(1, 15)).items().stream()
                .map(StoredServiceRecord::sessionId).toList());
        RecordFilter narrowRange = RecordFilter.all().withRange(now.minusSeconds(150), now.minusSeconds(59));
        assertEquals(2, store.list(instanceId, narrowRange, PageRequest.of(1, 15)).total());
        RecordFilter group = new RecordFilter(null, range.from(), range.to(), null, null, null, null, null, 1L,
                null, null, null, null, null);
        assertEquals(7, store.list(instanceId, group, PageRequest.of(1, 15)).total());
    }

    @Test
    public void aScopedCallerSeesOnlyItsCategoriesAndGroups() {
        store.save(List.of(record("t1", now, "normal_end", "telephone", 1L, false, null),
                record("t2", now, "normal_end", "telephone", 2L, false, null),
                record("t3", now, "normal_end", "telephone", null, false, null),
                record("i1", now, "normal_end", "internal", null, false, null)));
        RecordFilter range = RecordFilter.all().withRange(now.minusSeconds(10), now.plusSeconds(10));
        Map<String, Set<Long>> telephoneGroup1 = new HashMap<>();
        telephoneGroup1.put("telephone", Set.of(1L));
        assertEquals(List.of("t1"), ids(range.withVisible(telephoneGroup1)));
        Map<String, Set<Long>> everything = new HashMap<>();
        everything.put("telephone", null);
        everything.put("internal", null);
        assertEquals(4, ids(range.withVisible(everything)).size());
        Map<String, Set<Long>> internalOnly = new HashMap<>();
        internalOnly.put("internal", null);
        assertEquals(List.of("i1"), ids(range.withVisible(internalOnly)));
        assertEquals(List.of(), ids(range.withVisible(Map.of())));
    }

    @Test
    public void eachStreamsEveryMatchingRecord() {
        List<StoredServiceRecord> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            rows.add(record("e" + i, now.minusSeconds(i), "normal_end", "telephone", null, false, null));
        }
        store.save(rows);
        List<String> seen = new ArrayList<>();
        store.each(instanceId, RecordFilter.all().withRange(now.minusSeconds(1000), now.plusSeconds(1)),
                r -> seen.add(r.sessionId()));
        assertEquals(120, seen.size());
        assertEquals("e0", seen.get(0));
    }

    private List<String> ids(RecordFilter f) {
        return store.list(instanceId, f, PageRequest.of(1, 100)).items().stream()
                .map(StoredServiceRecord::sessionId).sorted().toList();
    }
}
