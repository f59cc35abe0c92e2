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
    public void aMigrationMissingBelowTheHighestAppliedIsStillApplied() throws Exception {
        // a database that got V8 before V7 existed (two branches, each with a migration)
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE popup_page");
            s.execute("DELETE FROM parley_schema_version WHERE version = 7");
        }
        Database again = new Database(dataSource);
        try (java.sql.Connection c = dataSource.getConnection()) {
            assertTrue(SchemaMigrator.appliedVersions(c).contains(7));
        }
        assertEquals(0, new JdbcPopupStore(again).list(instanceId).size());
    }

    @Test
    public void instanceLookupsAreRememberedButUnknownIdsAreNot() {
        JdbcInstanceStore instances = new JdbcInstanceStore(database);
        assertFalse(instances.find(instanceId + 1).isPresent());
        Instance acme = instances.insert("acme", "UTC", Instant.now());
        assertEquals("an id looked up before it existed is found once inserted", instanceId + 1, acme.id());
        assertEquals("acme", instances.find(acme.id()).orElseThrow().name());
        // changed behind the store's back: the second lookup is answered from memory, not by a query
        database.jdbc().update("UPDATE instance SET time_zone = ? WHERE id = ?", "Europe/Paris", acme.id());
        assertEquals("UTC", instances.find(acme.id()).orElseThrow().timeZone());
        assertEquals("Europe/Paris", new JdbcInstanceStore(database).find(acme.id()).orElseThrow().timeZone());
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

    @Test
    public void rolesRoundTripWithPermissionsScopeAndMemberCount() {
        JdbcRoleStore roles = new JdbcRoleStore(database);
        JdbcSkillGroupStore groups = new JdbcSkillGroupStore(database, caches);
        long sales = groups.insert(group("Sales", null)).id();
        io.parley.api.role.Role builtin = roles.insert(new io.parley.api.role.Role(0, instanceId, "Ordinary agent",
                io.parley.api.role.BuiltinRole.ORDINARY_AGENT, java.util.Set.of(io.parley.api.auth.Permission.WORKSTATION),
                java.util.Map.of(), 0));
        io.parley.api.role.Role custom = roles.insert(new io.parley.api.role.Role(0, instanceId, "Leads", null,
                java.util.Set.of(io.parley.api.auth.Permission.OVERVIEW, io.parley.api.auth.Permission.RECORDS_TELEPHONE),
                java.util.Map.of(io.parley.api.auth.Permission.OVERVIEW, java.util.Set.of(sales)), 0));
        io.parley.api.role.Role read = roles.find(instanceId, custom.id()).orElseThrow();
        assertEquals(custom.permissions(), read.permissions());
        assertEquals(java.util.Set.of(sales), read.skillGroupScope().get(io.parley.api.auth.Permission.OVERVIEW));
        assertEquals(builtin.id(), roles.findBuiltin(instanceId, io.parley.api.role.BuiltinRole.ORDINARY_AGENT)
                .orElseThrow().id());
        assertConflictOn("name", () -> roles.insert(read.with("LEADS", read.permissions(), java.util.Map.of())));
        assertConflictOn("builtin", () -> roles.insert(builtin.with("Other", builtin.permissions(), java.util.Map.of())));

        JdbcAgentStore agents = new JdbcAgentStore(database, caches);
        agents.insertAll(List.of(agent("100", "Ann@Example.com", custom.id(), List.of(sales))), List.of("h"));
        assertEquals(1, roles.find(custom.id()).orElseThrow().memberCount());
        assertTrue(roles.update(read.with("Team leads", java.util.Set.of(io.parley.api.auth.Permission.OVERVIEW),
                java.util.Map.of())));
        assertEquals("Team leads", roles.find(instanceId, custom.id()).orElseThrow().name());
        assertEquals(3, roles.list(instanceId, PageRequest.first()).total() + 1);
    }

    @Test
    public void agentsWithAccountsMembershipsConflictsAndDelete() {
        JdbcRoleStore roles = new JdbcRoleStore(database);
        JdbcSkillGroupStore groups = new JdbcSkillGroupStore(database, caches);
        JdbcAccountStore accounts = new JdbcAccountStore(database, caches);
        JdbcAgentStore agents = new JdbcAgentStore(database, caches);
        long role = roles.insert(new io.parley.api.role.Role(0, instanceId, "R", null,
                java.util.Set.of(io.parley.api.auth.Permission.WORKSTATION), java.util.Map.of(), 0)).id();
        long sales = groups.insert(group("Sales", null)).id();
        long support = groups.insert(group("Support", null)).id();
        agents.insertAll(List.of(agent("100", "Ann@Example.com", role, List.of(sales))), List.of("h1"));
        assertEquals("agent", accounts.find("ann@example.com").orElseThrow().roleName());
        assertEquals("100", agents.findByLogin("ANN@example.com").orElseThrow().agentId());
        assertEquals(List.of(new SkillGroup.Member("100", 3)), groups.find(instanceId, sales).orElseThrow().agents());

        assertConflictOn("agent_id", () -> agents.insertAll(List.of(agent("100", "x@example.com", role, List.of())),
                List.of("h")));
        assertConflictOn("email", () -> agents.insertAll(List.of(agent("101", "ANN@example.com", role, List.of())),
                List.of("h")));
        // all or none: the second row fails, the first is not kept
        assertConflictOn("agent_id", () -> agents.insertAll(List.of(agent("102", "b@example.com", role, List.of()),
                agent("102", "c@example.com", role, List.of())), List.of("h", "h")));
        assertFalse(agents.find(instanceId, "102").isPresent());
        assertFalse(accounts.find("b@example.com").isPresent());

        agents.addMembers(instanceId, sales, List.of(new SkillGroup.Member("100", 1)));
        io.parley.api.agent.Agent ann = agents.find(instanceId, "100").orElseThrow();
        assertTrue(agents.update(new io.parley.api.agent.Agent(instanceId, "100", "Ann L", "A", ann.email(), role,
                List.of(sales, support), null, io.parley.api.agent.MobileAnswering.OFF, ann.accountState(), null,
                ann.createdAt())));
        assertEquals("priority kept", 1, groups.find(instanceId, sales).orElseThrow().agents().get(0).priority());
        assertEquals(1, agents.list(instanceId, new io.parley.api.agent.AgentFilter(null, null, null, null, support,
                null, null, null), PageRequest.first()).total());
        assertEquals(1, agents.list(instanceId, io.parley.api.agent.AgentFilter.NONE.withName("n l"),
                PageRequest.first()).total());
        assertTrue(agents.updateState(instanceId, "100", io.parley.api.agent.AccountState.FORCED_OFFLINE));
        assertEquals(io.parley.api.agent.AccountState.FORCED_OFFLINE,
                agents.find(instanceId, "100").orElseThrow().accountState());

        accounts.insertToken("c".repeat(64), "ann@example.com", Instant.now().plusSeconds(60));
        assertTrue(agents.delete(instanceId, "100"));
        assertFalse(accounts.find("ann@example.com").isPresent());
        assertTrue(groups.find(instanceId, sales).orElseThrow().agents().isEmpty());
        assertTrue(groups.delete(instanceId, sales));
    }

    @Test
    public void breakReasonsAndSettingsRoundTrip() {
        JdbcAgentStatusStore store = new JdbcAgentStatusStore(database);
        io.parley.api.agent.BreakReason lunch = store.insertBreakReason(
                new io.parley.api.agent.BreakReason(0, instanceId, "Lunch", true));
        assertConflictOn("name", () -> store.insertBreakReason(
                new io.parley.api.agent.BreakReason(0, instanceId, "LUNCH", true)));
        assertTrue(store.updateBreakReason(new io.parley.api.agent.BreakReason(lunch.id(), instanceId, "Lunch break", false)));
        assertFalse(store.findBreakReason(instanceId, lunch.id()).orElseThrow().enabled());
        assertEquals(1, store.breakReasons(instanceId).size());
        assertTrue(store.deleteBreakReason(instanceId, lunch.id()));
        assertFalse(store.setting(instanceId, "basic.x").isPresent());
        store.putSetting(instanceId, "basic.x", "A");
        store.putSetting(instanceId, "basic.x", "B");
        assertEquals("B", store.setting(instanceId, "basic.x").orElseThrow());
    }

    @Test
    public void popupPagesKeepTheirOrderAndSwap() {
        JdbcPopupStore store = new JdbcPopupStore(database);
        io.parley.api.popup.PopupPage a = store.insert(new io.parley.api.popup.PopupPage(0, instanceId, "A",
                "https://a.example.com/", null, false, true, 0));
        io.parley.api.popup.PopupPage b = store.insert(new io.parley.api.popup.PopupPage(0, instanceId, "B",
                "https://b.example.com/", 800, true, false, 0));
        assertEquals(java.util.List.of(1, 2), store.list(instanceId).stream().map(io.parley.api.popup.PopupPage::order).toList());
        assertEquals(Integer.valueOf(800), store.find(instanceId, b.id()).orElseThrow().width());
        assertEquals(null, store.find(instanceId, a.id()).orElseThrow().width());
        store.swap(instanceId, a.id(), b.id());
        assertEquals(java.util.List.of(b.id(), a.id()), store.list(instanceId).stream().map(io.parley.api.popup.PopupPage::id).toList());
        assertTrue(store.delete(instanceId, b.id()));
        assertEquals(1, store.find(instanceId, a.id()).orElseThrow().order());
    }

    @Test
    public void aSettingsPageIsReplacedAsAWholeAndOnlyItsOwn() {
        JdbcAgentStatusStore store = new JdbcAgentStatusStore(database);
        store.putSetting(instanceId, "basic.x", "kept");
        store.putSetting(instanceId, "inbound_x.y", "kept too");
        store.replaceSettings(instanceId, "inbound.", java.util.Map.of("inbound.a", "1", "inbound.b.0", "x"));
        store.replaceSettings(instanceId, "inbound.", java.util.Map.of("inbound.b.0", "y"));
        assertEquals(java.util.Map.of("inbound.b.0", "y"), store.settings(instanceId, "inbound."));
        assertEquals("kept", store.setting(instanceId, "basic.x").orElseThrow());
        assertEquals("kept too", store.setting(instanceId, "inbound_x.y").orElseThrow());
    }

    @Test
    public void blocklistNumbersAreUniquePerInstanceAndSearchable() {
        JdbcBlocklistStore store = new JdbcBlocklistStore(database);
        io.parley.api.blocklist.BlocklistEntry e = store.insert(new io.parley.api.blocklist.BlocklistEntry(0, instanceId,
                "008613800000000", "admin", "admin", Instant.now(), null, null));
        assertConflictOn("number", () -> store.insert(new io.parley.api.blocklist.BlocklistEntry(0, instanceId,
                "008613800000000", "admin", "admin", Instant.now(), "again", Instant.now().plusSeconds(60))));
        assertEquals(e.id(), store.findByNumber(instanceId, "008613800000000").orElseThrow().id());
        assertEquals(1, store.list(instanceId, "1380", null, PageRequest.first()).total());
        assertEquals(1, store.list(instanceId, null, "admin", PageRequest.first()).total());
        assertEquals(0, store.list(instanceId, "1380", "agent", PageRequest.first()).total());
        assertTrue(store.delete(instanceId, e.id()));
        assertFalse(store.find(instanceId, e.id()).isPresent());
    }

    @Test
    public void deletingAnAgentLeavesItsPhoneBoundToNothing() {
        JdbcSipPhoneStore phones = new JdbcSipPhoneStore(database, caches);
        JdbcAgentStore agents = new JdbcAgentStore(database, caches);
        long role = new JdbcRoleStore(database).insert(new io.parley.api.role.Role(0, instanceId, "R", null,
                java.util.Set.of(io.parley.api.auth.Permission.WORKSTATION), java.util.Map.of(), 0)).id();
        agents.insertAll(List.of(agent("200", "bo@example.com", role, List.of())), List.of("h"));
        phones.insert(new io.parley.api.telephony.SipPhone(0, instanceId, "8200", "Desk", new io.parley.api.telephony.PhoneBinding(
                io.parley.api.telephony.PhoneBinding.Type.AGENT, "200", List.of()), "tls",
                new io.parley.api.telephony.SipDigest("8200", "parley.local", "a".repeat(32), "d".repeat(64)),
                io.parley.api.telephony.PhoneRegistration.NOT_REGISTERED, Instant.now()));
        assertEquals("200", phones.find(instanceId, "8200").orElseThrow().binding().agentId());
        assertConflictOn("binding.agent_id", () -> phones.insert(new io.parley.api.telephony.SipPhone(0, instanceId, "8201",
                "Second", new io.parley.api.telephony.PhoneBinding(io.parley.api.telephony.PhoneBinding.Type.AGENT, "200",
                List.of()), "tls", new io.parley.api.telephony.SipDigest("8201", "parley.local", "a".repeat(32),
                "d".repeat(64)), io.parley.api.telephony.PhoneRegistration.NOT_REGISTERED, Instant.now())));

        assertTrue(agents.delete(instanceId, "200"));
        io.parley.api.telephony.SipPhone after = phones.find(instanceId, "8200").orElseThrow();
        assertEquals("the cache must not keep the old binding", io.parley.api.telephony.PhoneBinding.Type.NONE,
                after.binding().type());
        assertEquals(null, after.binding().agentId());
    }

    @Test
    public void contactHistoryKeepsTheLatestAgentPerNumberAndKindAndNeverAnOlderOne() {
        JdbcContactHistoryStore history = new JdbcContactHistoryStore(database);
        String number = "008613988888352";
        Instant t0 = Instant.parse("2026-12-01T08:00:00Z");
        String out = io.parley.api.store.ContactHistoryStore.OUTBOUND;
        String served = io.parley.api.store.ContactHistoryStore.SERVED;
        assertTrue(history.last(instanceId, number, out).isEmpty());
        history.record(instanceId, number, out, "100010", t0);
        history.record(instanceId, number, served, "100020", t0.plusSeconds(5));
        history.record(instanceId, number, out, "100011", t0.plusSeconds(60));
        // an event delivered late must not replace the newer contact
        history.record(instanceId, number, out, "100012", t0.plusSeconds(30));
        assertEquals(new io.parley.api.acd.ContactHistory.AgentContact("100011", t0.plusSeconds(60)),
                history.last(instanceId, number, out).orElseThrow());
        assertEquals("100020", history.last(instanceId, number, served).orElseThrow().agentId());
        assertTrue(history.last(instanceId, "008613900000000", out).isEmpty());
        assertEquals(1, history.purgeBefore(t0.plusSeconds(10)));
        assertTrue(history.last(instanceId, number, served).isEmpty());
        assertTrue(history.last(instanceId, number, out).isPresent());
    }

    private io.parley.api.agent.Agent agent(String agentId, String email, long roleId, List<Long> groups) {
        return new io.parley.api.agent.Agent(instanceId, agentId, "Agent " + agentId, "A", email, roleId, groups, null,
                io.parley.api.agent.MobileAnswering.OFF, io.parley.api.agent.AccountState.ACTIVE, null, Instant.now());
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
