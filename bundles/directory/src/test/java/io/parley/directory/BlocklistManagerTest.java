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
import io.parley.telephony.PhoneNumbers;
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
        instances = new InstanceManager(new InMemoryStores.Instances());
        instance = instances.defaultInstance().id();
        settings = new InstanceSettingsManager(new AgentStatusManagerTest.Store(), instances, null);
        blocklist = new BlocklistManager(new Store(), instances, settings, new PhoneNumbers("86"));
    }

    private BlocklistManager blocklistOf(String countryCode) {
        return new BlocklistManager(new Store(), instances, settings, new PhoneNumbers(countryCode));
    }

    private InstanceSettingsManager settings;
    private InstanceManager instances;

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
                new io.parley.api.blocklist.BlocklistDraft("+999 12345", null, null),
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
    public void rejectsMalformedNumbersAndDuplicatesWrittenAnyWay() {
        failure(InvalidException.class, "number", () -> blocklist.add(instance, null, "admin", null, null));
        failure(InvalidException.class, "number", () -> blocklist.add(instance, "+86abc", "admin", null, null));
        failure(InvalidException.class, "number", () -> blocklist.add(instance, "+999 12345678", "admin", null, null));
        failure(InvalidException.class, "number", () -> blocklist.add(instance, "12345", "admin", null, null));
        blocklist.add(instance, "008613800000000", "admin", null, null);
        failure(ConflictException.class, "number", () -> blocklist.add(instance, "+8613800000000", "admin", null, null));
        // a national number gets the default country code (SPEC §0.2): the same number again
        failure(ConflictException.class, "number", () -> blocklist.add(instance, "13800000000", "admin", null, null));
    }

    /**
     * SPEC §0.2 and §24.2 in the UK, Germany, the US and China: an entry written in any form is
     * stored as the one canonical number, and the caller of an INVITE, written however the
     * carrier writes it and canonicalised by the same function (as the sip bundle does), is blocked.
     */
    @Test
    public void anEntryWrittenAnyWayBlocksTheCallerHoweverTheCarrierWritesItInEveryCountry() {
        String[][] cases = {
                // default country, the entry as typed, its canonical form, From users of an INVITE
                {"44", "020 7946 0000", "004402079460000", "+442079460000", "02079460000", "00442079460000"},
                {"44", "+44 7700 900123", "004407700900123", "07700900123", "+447700900123"},
                {"49", "0049 30 1234567", "00490301234567", "0301234567", "+49301234567"},
                {"1", "+1 (212) 555-0100", "0012125550100", "2125550100", "12125550100", "+12125550100"},
                {"86", "021 8765 4321", "008602187654321", "+862187654321", "2187654321", "00862187654321"},
                {"86", "+86 138 0000 0000", "008613800000000", "13800000000", "008613800000000"},
        };
        for (String[] c : cases) {
            BlocklistManager list = blocklistOf(c[0]);
            PhoneNumbers sip = new PhoneNumbers(c[0]);
            long id = instance;
            assertEquals("country " + c[0], c[2], list.add(id, c[1], "admin", null, null).number());
            for (int i = 3; i < c.length; i++) {
                assertTrue("country " + c[0] + ", caller " + c[i], list.isBlocked(id, sip.canonical("number", c[i])));
                assertTrue("country " + c[0] + ", caller " + c[i] + " as given", list.isBlocked(id, c[i]));
            }
        }
        assertFalse("another number of the same area", blocklistOf("44").isBlocked(instance, "02079460001"));
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
