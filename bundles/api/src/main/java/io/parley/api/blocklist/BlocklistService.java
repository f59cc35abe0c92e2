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
     * @throws io.parley.api.error.InvalidException  number not a phone number (see {@link io.parley.api.telephony.CanonicalNumbers}), remark over 100, expiry in the past
     * @throws io.parley.api.error.ConflictException the number is listed already
     */
    BlocklistEntry add(long instanceId, String number, String addedBy, String remark, Instant expiresAt);

    /**
     * An agent adds a customer's number (SPEC §21, §24.2), source {@code agent}, recording the
     * agent's login. Only while the general setting {@code allow_agent_blocklist} is on.
     *
     * @throws io.parley.api.error.ForbiddenException the setting is off (field allow_agent_blocklist)
     */
    BlocklistEntry addByAgent(long instanceId, String number, String agentLogin, String remark);

    /** Adds each number with source {@code import}; a failing number does not stop the others. */
    BulkAddResult bulkAdd(long instanceId, java.util.List<BlocklistDraft> entries, String addedBy);

    /** Removes each entry; a missing one is reported NOT_FOUND and does not stop the others. */
    io.parley.api.bulk.BulkOutcome bulkRemove(long instanceId, java.util.List<Long> ids);

    /** At most this many items per bulk request (proposed). */
    int BULK_MAX = 1000;

    /** Entries whose number contains {@code q} (null: all), by id. */
    default Page<BlocklistEntry> list(long instanceId, String q, PageRequest page) {
        return list(instanceId, q, null, page);
    }

    /** Entries whose number contains {@code q} and whose source is {@code source} (agent, admin, import; null: any). */
    Page<BlocklistEntry> list(long instanceId, String q, String source, PageRequest page);

    BlocklistEntry get(long instanceId, long id);

    void remove(long instanceId, long id);

    /** Whether an inbound call from {@code number} must be refused now. */
    boolean isBlocked(long instanceId, String number);
}
