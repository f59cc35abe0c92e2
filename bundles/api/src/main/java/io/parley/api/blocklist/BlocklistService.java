package io.parley.api.blocklist;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.time.Instant;

/**
 * The instance blocklist (SPEC §24), shared by REST and the shell.
 *
 * <pre>{@code
 * blocklist.add(instanceId, "008613800000000", "admin", null, null);
 * Page<BlocklistEntry> page = blocklist.list(instanceId, "138", PageRequest.first());
 * }</pre>
 */
public interface BlocklistService {

    /**
     * Adds a number as an administrator's entry.
     *
     * @throws io.parley.api.error.InvalidException  number not international, remark over 100, expiry in the past
     * @throws io.parley.api.error.ConflictException the number is listed already
     */
    BlocklistEntry add(long instanceId, String number, String addedBy, String remark, Instant expiresAt);

    /** Entries whose number contains {@code q} (null: all), by id. */
    Page<BlocklistEntry> list(long instanceId, String q, PageRequest page);

    BlocklistEntry get(long instanceId, long id);

    void remove(long instanceId, long id);

    /** Whether an inbound call from {@code number} must be refused now. */
    boolean isBlocked(long instanceId, String number);
}
