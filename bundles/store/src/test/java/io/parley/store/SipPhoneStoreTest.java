package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.error.ConflictException;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class SipPhoneStoreTest {

    private StoreCaches caches;
    private JdbcSipPhoneStore phones;
    private JdbcSkillGroupStore groups;
    private long instanceId;
    private Database database;

    @Before
    public void openDatabase() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        database = new Database(dataSource);
        caches = new StoreCaches();
        instanceId = new JdbcInstanceStore(database).insert("default", "UTC", Instant.now()).id();
        phones = new JdbcSipPhoneStore(database, caches);
        groups = new JdbcSkillGroupStore(database, caches);
    }

    @After
    public void close() {
        caches.close();
    }

    @Test
    public void phoneRoundTripsWithItsGroupBindingAndDigest() {
        long sales = groups.insert(group("Sales")).id();
        phones.insert(phone("8001", PhoneBinding.skillGroups(List.of(sales))));
        SipPhone found = phones.find(instanceId, "8001").orElseThrow();
        assertEquals(List.of(sales), found.binding().skillGroupIds());
        assertEquals("a".repeat(32), found.digest().ha1Md5());
        assertEquals("8001", found.digest().username());
        assertTrue(phones.updateDigest(instanceId, "8001", new SipDigest("8001", "r2", "b".repeat(32), "c".repeat(64)),
                Instant.now()));
        assertEquals("r2", phones.find(instanceId, "8001").orElseThrow().digest().realm());
        assertTrue(phones.delete(instanceId, "8001"));
        assertFalse(phones.find(instanceId, "8001").isPresent());
    }

    @Test
    public void deletingASkillGroupRemovesItFromBoundPhones() {
        long sales = groups.insert(group("Sales")).id();
        phones.insert(phone("8001", PhoneBinding.skillGroups(List.of(sales))));
        groups.delete(instanceId, sales);
        assertEquals(List.of(), phones.find(instanceId, "8001").orElseThrow().binding().skillGroupIds());
    }

    @Test
    public void extensionsAreUniquePerInstance() {
        phones.insert(phone("8001", PhoneBinding.NONE));
        try {
            phones.insert(phone("8001", PhoneBinding.NONE));
            fail("expected a conflict");
        } catch (ConflictException e) {
            assertEquals("extension", e.field());
        }
    }

    @Test
    public void listSearchesExtensionNameAndBoundGroupName() {
        long sales = groups.insert(group("Sales")).id();
        phones.insert(phone("8001", PhoneBinding.NONE));
        phones.insert(phone("8002", PhoneBinding.skillGroups(List.of(sales))));
        phones.insert(phone("7003", PhoneBinding.NONE));
        assertEquals(3, phones.list(instanceId, null, PageRequest.first()).total());
        assertEquals(2, phones.list(instanceId, "800", PageRequest.first()).total());
        assertEquals("8002", phones.list(instanceId, "sal", PageRequest.first()).items().get(0).extension());
        assertEquals(1, phones.list(instanceId, "phone 7003", PageRequest.first()).total());
    }

    @Test
    public void listFindsAPhoneByItsAgentsIdOrName() {
        long role = new JdbcRoleStore(database).insert(new io.parley.api.role.Role(0, instanceId, "R", null,
                java.util.Set.of(io.parley.api.auth.Permission.WORKSTATION), java.util.Map.of(), 0)).id();
        new JdbcAgentStore(database, caches).insertAll(List.of(new io.parley.api.agent.Agent(instanceId, "4711",
                "Zhang Wei", "Wei", "wei@example.com", role, List.of(), null, io.parley.api.agent.MobileAnswering.OFF,
                io.parley.api.agent.AccountState.ACTIVE, null, Instant.now())), List.of("h"));
        phones.insert(phone("8001", new PhoneBinding(PhoneBinding.Type.AGENT, "4711", List.of())));
        phones.insert(phone("8002", PhoneBinding.NONE));
        assertEquals("8001", phones.list(instanceId, "zhang", PageRequest.first()).items().get(0).extension());
        assertEquals(1, phones.list(instanceId, "zhang", PageRequest.first()).total());
        assertEquals(1, phones.list(instanceId, "4711", PageRequest.first()).total());
    }

    private SipPhone phone(String extension, PhoneBinding binding) {
        return new SipPhone(0, instanceId, extension, "Phone " + extension, binding, "tls",
                new SipDigest(extension, "parley.local", "a".repeat(32), "d".repeat(64)),
                PhoneRegistration.NOT_REGISTERED, Instant.now());
    }

    private SkillGroup group(String name) {
        return new SkillGroup(0, instanceId, name, "phone", RingingMode.SEQUENTIAL, 1, null, List.of(), List.of());
    }
}
