package io.parley.api.blocklist;

import java.time.Instant;

/**
 * A blocked caller number (SPEC §24.1).
 *
 * <pre>{@code
 * BlocklistEntry e = blocklist.add(instanceId, "+8613800000000", "admin", "spam calls", null);
 * boolean blocked = blocklist.isBlocked(instanceId, "008613800000000");  // true
 * }</pre>
 *
 * @param id         server-generated id
 * @param instanceId the owning instance
 * @param number     canonical form (00 + country code + number), unique in the instance
 * @param source     who added it: agent, admin or import
 * @param addedBy    the login that added it
 * @param addedAt    when
 * @param remark     up to 100 characters, or null
 * @param expiresAt  when the entry stops applying, or null for never
 */
public record BlocklistEntry(long id, long instanceId, String number, String source, String addedBy, Instant addedAt,
                             String remark, Instant expiresAt) {

    public boolean activeAt(Instant t) {
        return expiresAt == null || t.isBefore(expiresAt);
    }
}
