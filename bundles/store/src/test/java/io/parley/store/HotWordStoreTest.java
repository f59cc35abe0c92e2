package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.error.ConflictException;
import io.parley.api.hotword.HotWord;
import io.parley.api.paging.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class HotWordStoreTest {

    private StoreCaches caches;
    private Database database;
    private JdbcHotWordStore store;
    private long instanceId;

    @Before
    public void openDatabase() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        database = new Database(dataSource);
        caches = new StoreCaches();
        instanceId = new JdbcInstanceStore(database).insert("default", "UTC", Instant.now()).id();
        store = new JdbcHotWordStore(database, caches);
    }

    @After
    public void close() {
        caches.close();
    }

    @Test
    public void hotWordRoundTripsAndCjkNamesSurvive() {
        HotWord w = store.insert(new HotWord(0, instanceId, "客服中心", 7));
        assertEquals("客服中心", store.find(instanceId, w.id()).orElseThrow().name());
        assertTrue(store.update(new HotWord(w.id(), instanceId, "客服", 3)));
        assertEquals(List.of(new HotWord(w.id(), instanceId, "客服", 3)), store.all(instanceId));
        assertTrue(store.delete(instanceId, w.id()));
        assertEquals("the cached list must be evicted", List.of(), store.all(instanceId));
    }

    @Test
    public void namesAreUniqueIgnoringCase() {
        store.insert(new HotWord(0, instanceId, "MySQL", 1));
        try {
            store.insert(new HotWord(0, instanceId, "mysql", 1));
            fail("expected a conflict");
        } catch (ConflictException e) {
            assertEquals("name", e.field());
        }
        assertTrue(store.findByName(instanceId, "MYSQL").isPresent());
    }

    @Test
    public void replaceAllSwapsTheListInOneTransaction() {
        store.insert(new HotWord(0, instanceId, "old", 1));
        store.all(instanceId);
        store.replaceAll(instanceId, List.of(new HotWord(0, instanceId, "a", 1), new HotWord(0, instanceId, "b", 2)));
        assertEquals(List.of("a", "b"), store.all(instanceId).stream().map(HotWord::name).toList());
        assertEquals(2, store.count(instanceId));
    }

    @Test
    public void replaceAllThatFailsHalfwayLeavesTheOldListIntact() {
        store.insert(new HotWord(0, instanceId, "keep", 4));
        try {
            store.replaceAll(instanceId, List.of(new HotWord(0, instanceId, "x", 1), new HotWord(0, instanceId, "X", 1)));
            fail("expected a conflict");
        } catch (ConflictException e) {
            assertEquals("name", e.field());
        }
        assertEquals(List.of("keep"), store.all(instanceId).stream().map(HotWord::name).toList());
    }

    @Test
    public void listSearchesNameSubstringsLiterally() {
        store.insert(new HotWord(0, instanceId, "post_man", 1));
        store.insert(new HotWord(0, instanceId, "postXman", 1));
        store.insert(new HotWord(0, instanceId, "mysql", 1));
        assertEquals(1, store.list(instanceId, "T_M", PageRequest.first()).total());
        assertEquals(3, store.list(instanceId, null, PageRequest.first()).total());
        assertFalse(store.find(instanceId, 999).isPresent());
    }
}
