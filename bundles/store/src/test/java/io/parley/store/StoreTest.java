package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.error.ConflictException;
import io.parley.api.instance.Instance;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.store.Account;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class StoreTest {

    private DataSource dataSource;
    private StoreCaches caches;
    private Database database;
    private long instanceId;

    @Before
    public void openDatabase() {
        dataSource = newDataSource();
        database = new Database(dataSource);
        caches = new StoreCaches();
        instanceId = new JdbcInstanceStore(database).insert("default", "UTC", Instant.now()).id();
    }

    /** A new, empty database; the PostgreSQL subclass runs every test here against a real server. */
    protected DataSource newDataSource() {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:" + UUID.randomUUID());
        derby.setCreateDatabase("create");
        return derby;
    }

    protected String expectedProduct() {
        return "Apache Derby";
    }

    @After
    public void close() {
        caches.close();
    }

    @Test
    public void migrationsApplyOnceAndReportTheSchemaVersion() {
        List<SchemaMigrator.Migration> all = new SchemaMigrator(StoreTest.class.getClassLoader()).migrations();
        int latest = all.get(all.size() - 1).version();
        assertEquals(latest, database.check().schemaVersion());
        Database again = new Database(dataSource);
        assertEquals(latest, again.check().schemaVersion());
        assertTrue(again.check().reachable());
        assertEquals(expectedProduct(), again.check().product());
    }

    @Test
    public void instanceIdsStartAt1000001() {
        assertEquals(1000001L, instanceId);
        JdbcInstanceStore instances = new JdbcInstanceStore(database);
        Instance second = instances.insert("acme", "Europe/Paris", Instant.now());
        assertEquals(1000002L, second.id());
        assertEquals(2, instances.list(PageRequest.first()).total());
        assertEquals("default", instances.first().orElseThrow().name());
    }

    @Test
    public void duplicateInstanceNameIsAConflictOnName() {
        try {
            new JdbcInstanceStore(database).insert("DEFAULT", "UTC", Instant.now());
            fail("expected conflict");
        } catch (ConflictException e) {
            assertEquals("name", e.field());
        }
    }

    @Test
    public void skillGroupRoundTripsThroughInsertFindUpdateDelete() {
        JdbcSkillGroupStore store = new JdbcSkillGroupStore(database, caches);
        SkillGroup created = store.insert(group("Sales", "2001"));
        SkillGroup found = store.find(instanceId, created.id()).orElseThrow();
        assertEquals("Sales", found.name());
        assertEquals("2001", found.extension());

        SkillGroup renamed = new SkillGroup(created.id(), instanceId, "Inside sales", "phone", RingingMode.SIMULTANEOUS,
                1, null, List.of(), List.of());
        assertTrue(store.update(renamed));
        SkillGroup reread = store.find(instanceId, created.id()).orElseThrow();
        assertEquals("the cache must not serve the old name", "Inside sales", reread.name());
        assertEquals(RingingMode.SIMULTANEOUS, reread.ringingMode());
        assertEquals(null, reread.extension());

        assertTrue(store.delete(instanceId, created.id()));
        assertFalse(store.find(instanceId, created.id()).isPresent());
        assertFalse(store.delete(instanceId, created.id()));
    }

    @Test
    public void skillGroupNamesAreUniqueIgnoringCaseAndExtensionsUnique() {
        JdbcSkillGroupStore store = new JdbcSkillGroupStore(database, caches);
        store.insert(group("Sales", "2001"));
        assertConflictOn("name", () -> store.insert(group("SALES", null)));
        assertConflictOn("extension", () -> store.insert(group("Support", "2001")));
        store.insert(group("Support", null));
        store.insert(group("Billing", null));
        assertEquals("several groups may have no extension", 3, store.list(instanceId, null, PageRequest.first()).total());
    }

    @Test
    public void listSearchesNameCaseInsensitivelyAndPages() {
        JdbcSkillGroupStore store = new JdbcSkillGroupStore(database, caches);
        for (int i = 1; i <= 25; i++) {
            store.insert(group("Group " + i, null));
        }
        store.insert(group("100%_sure", null));
        Page<SkillGroup> third = store.list(instanceId, "group", new PageRequest(3, 10));
        assertEquals(25, third.total());
        assertEquals(5, third.items().size());
        assertEquals("Group 21", third.items().get(0).name());
        assertEquals("LIKE wildcards in the search are literal", 1, store.list(instanceId, "%_", PageRequest.first()).total());
    }

    @Test
    public void changingAPasswordDropsEveryTokenOfTheAccount() {
        JdbcAccountStore accounts = new JdbcAccountStore(database, caches);
        accounts.insert(new Account("admin", "Administrator", "h1", Instant.now()));
        Instant later = Instant.now().plusSeconds(3600);
        accounts.insertToken("a".repeat(64), "admin", later);
        assertEquals("admin", accounts.findTokenOwner("a".repeat(64), Instant.now()).orElseThrow());
        accounts.updatePassword("admin", "h2", Instant.now());
        assertFalse(accounts.findTokenOwner("a".repeat(64), Instant.now()).isPresent());
        assertEquals("h2", accounts.find("admin").orElseThrow().passwordHash());
    }

    @Test
    public void expiredTokenIsRefusedEvenWhileCached() {
        JdbcAccountStore accounts = new JdbcAccountStore(database, caches);
        accounts.insert(new Account("admin", "Administrator", "h1", Instant.now()));
        Instant expiry = Instant.now().plusSeconds(30);
        accounts.insertToken("b".repeat(64), "admin", expiry);
        assertTrue(accounts.findTokenOwner("b".repeat(64), Instant.now()).isPresent());
        assertFalse(accounts.findTokenOwner("b".repeat(64), expiry.plusMillis(1)).isPresent());
    }

    private SkillGroup group(String name, String extension) {
        return new SkillGroup(0, instanceId, name, "phone", RingingMode.SEQUENTIAL, 1, extension, List.of(), List.of());
    }

    private static void assertConflictOn(String field, Runnable action) {
        try {
            action.run();
            fail("expected a conflict on " + field);
        } catch (ConflictException e) {
            assertEquals(field, e.field());
        }
    }
}
