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

        public Page<BlocklistEntry> list(long instanceId, String q, PageRequest page) {
            List<BlocklistEntry> all = rows.stream().filter(e -> q == null || e.number().contains(q)).toList();
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
        blocklist = new BlocklistManager(new Store(), instances);
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
