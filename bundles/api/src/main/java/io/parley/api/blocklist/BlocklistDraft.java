package io.parley.api.blocklist;

import java.time.Instant;

/**
 * One number to blocklist, as a caller gives it.
 *
 * <pre>{@code
 * new BlocklistDraft("+8613800000000", "spam calls", Instant.parse("2027-01-01T00:00:00Z"));
 * }</pre>
 *
 * @param number    + or 00, country code and number
 * @param remark    up to 100 characters, or null
 * @param expiresAt a future time, or null for never
 */
public record BlocklistDraft(String number, String remark, Instant expiresAt) {
}
