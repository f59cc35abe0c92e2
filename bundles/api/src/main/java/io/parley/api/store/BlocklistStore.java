package io.parley.api.store;

import io.parley.api.blocklist.BlocklistEntry;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.util.Optional;

/**
 * Persistence of blocklist entries; the number is unique per instance (conflict on {@code number}).
 *
 * <pre>{@code
 * Optional<BlocklistEntry> e = store.findByNumber(instanceId, "008613800000000");
 * }</pre>
 */
public interface BlocklistStore {

    BlocklistEntry insert(BlocklistEntry entry);

    Optional<BlocklistEntry> find(long instanceId, long id);

    Optional<BlocklistEntry> findByNumber(long instanceId, String number);

    /** Entries whose number contains {@code numberContains} and whose source is {@code source} (nulls: any), by id. */
    Page<BlocklistEntry> list(long instanceId, String numberContains, String source, PageRequest page);

    boolean delete(long instanceId, long id);
}
