package io.parley.api.blocklist;

import java.time.Instant;

/**
 * One number to blocklist, as a caller gives it.
 *
 * <pre>{@code
 * new BlocklistDraft("+8613800000000", "spam calls", Instant.parse("2027-01-01T00:00:00Z"));
 * }</pre>
 *
 * @param number    a phone number: national (the default country code is applied), +CC… or 00CC…
 * @param remark    up to 100 characters, or null
 * @param expiresAt a future time, or null for never
 */
public record BlocklistDraft(String number, String remark, Instant expiresAt) {
}
