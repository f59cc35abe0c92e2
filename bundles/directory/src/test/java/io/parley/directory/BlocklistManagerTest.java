package io.parley.directory;

import static io.parley.directory.Expect.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.blocklist.BlocklistEntry;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.BlocklistStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Test;

public class BlocklistManagerTest {

    private BlocklistManager blocklist;
    private long instance;

    static final class Store implements BlocklistStore {
        final List<BlocklistEntry> rows = new ArrayList<>();

        public BlocklistEntry insert(BlocklistEntry e) {
            BlocklistEntry s = new BlocklistEntry(rows.size() + 1, e.instanceId(), e.number(), e.source(), e.addedBy(),
                    e.addedAt(), e.remark(), e.expiresAt());
            rows.add(s);
            return s;
        }

        public Optional<BlocklistEntry> find(long instanceId, long id) {
            return rows.stream().filter(e -> e.id() == id).findFirst();
        }

        public Optional<BlocklistEntry> findByNumber(long instanceId, String number) {
            return rows.stream().filter(e -> e.number().equals(number)).findFirst();
        }

        public Page<BlocklistEntry> list(long instanceId, String q, String source, PageRequest page) {
            List<BlocklistEntry> all = rows.stream().filter(e -> q == null || e.number().contains(q))
                    .filter(e -> source == null || e.source().equals(source)).toList();
            return new Page<>(all, all.size());
        }

        public boolean delete(long instanceId, long id) {
            return rows.removeIf(e -> e.id() == id);
        }
    }

    @Before
    public void setUp() {
        InstanceManager instances = new InstanceManager(new InMemoryStores.Instances());
        instance = instances.defaultInstance().id();
        settings = new InstanceSettingsManager(new AgentStatusManagerTest.Store(), instances, null);
        blocklist = new BlocklistManager(new Store(), instances, settings);
    }

    private InstanceSettingsManager settings;

    @Test
    public void agentsAddNumbersOnlyWhileTheSettingAllowsIt() {
        failure(io.parley.api.error.ForbiddenException.class, "allow_agent_blocklist",
                () -> blocklist.addByAgent(instance, "+8613800000000", "ann@example.com", null));
        settings.update(instance, io.parley.api.settings.SettingsSection.GENERAL, java.util.Map.of("allow_agent_blocklist", true));
        BlocklistEntry e = blocklist.addByAgent(instance, "+8613800000000", "ann@example.com", "rude");
        assertEquals("agent", e.source());
        assertEquals("ann@example.com", e.addedBy());
        assertEquals(1, blocklist.list(instance, null, "agent", PageRequest.first()).total());
        assertEquals(0, blocklist.list(instance, null, "admin", PageRequest.first()).total());
        failure(InvalidException.class, "source", () -> blocklist.list(instance, null, "robot", PageRequest.first()));
    }

    @Test
    public void bulkAddAndRemoveReportEachItem() {
        blocklist.add(instance, "008613800000000", "admin", null, null);
        io.parley.api.blocklist.BulkAddResult r = blocklist.bulkAdd(instance, List.of(
                new io.parley.api.blocklist.BlocklistDraft("+8613900000000", null, null),
                new io.parley.api.blocklist.BlocklistDraft("12345", null, null),
                new io.parley.api.blocklist.BlocklistDraft("+8613800000000", null, null)), "admin");
        assertEquals(1, r.added());
        assertTrue(r.items().get(0).ok());
        assertEquals("INVALID", r.items().get(1).code());
        assertEquals("number", r.items().get(1).field());
        assertEquals("CONFLICT", r.items().get(2).code());
        assertEquals("import", blocklist.get(instance, r.items().get(0).id()).source());
        io.parley.api.bulk.BulkOutcome removed = blocklist.bulkRemove(instance, List.of(r.items().get(0).id(), 999L));
        assertEquals(1, removed.succeeded());
        assertEquals("NOT_FOUND", removed.items().get(1).code());
        failure(InvalidException.class, "ids", () -> blocklist.bulkRemove(instance, List.of()));
    }

    @Test
    public void numbersAreStoredCanonicallyAndBlockedAtOnce() {
        BlocklistEntry e = blocklist.add(instance, "+86 138-0000-0000", "admin", " spam ", null);
        assertEquals("008613800000000", e.number());
        assertEquals("admin", e.source());
        assertEquals("spam", e.remark());
        assertTrue(blocklist.isBlocked(instance, "008613800000000"));
        assertFalse(blocklist.isBlocked(instance, "008613800000001"));
        assertEquals(1, blocklist.list(instance, "+86138", PageRequest.first()).total());
    }

    @Test
    public void rejectsNationalOrMalformedNumbersAndDuplicates() {
        failure(InvalidException.class, "number", () -> blocklist.add(instance, null, "admin", null, null));
        failure(InvalidException.class, "number", () -> blocklist.add(instance, "13800000000", "admin", null, null));
        failure(InvalidException.class, "number", () -> blocklist.add(instance, "+86abc", "admin", null, null));
        blocklist.add(instance, "008613800000000", "admin", null, null);
        failure(ConflictException.class, "number", () -> blocklist.add(instance, "+8613800000000", "admin", null, null));
    }

    @Test
    public void remarkIsAtMost100CharactersAndExpiryInTheFuture() {
        failure(InvalidException.class, "remark", () -> blocklist.add(instance, "0044207000000", "admin", "r".repeat(101), null));
        failure(InvalidException.class, "expires_at",
                () -> blocklist.add(instance, "0044207000000", "admin", null, Instant.now().minusSeconds(1)));
        blocklist.add(instance, "0044207000000", "admin", "r".repeat(100), Instant.now().plusSeconds(60));
    }

    @Test
    public void removedNumbersAreNoLongerBlocked() {
        BlocklistEntry e = blocklist.add(instance, "0044207000000", "admin", null, null);
        blocklist.remove(instance, e.id());
        assertFalse(blocklist.isBlocked(instance, "0044207000000"));
        failure(NotFoundException.class, null, () -> blocklist.remove(instance, e.id()));
    }
}
