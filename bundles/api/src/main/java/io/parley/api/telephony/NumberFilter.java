package io.parley.api.telephony;

/**
 * Filters of the instance's number list (SPEC §3.2), each null/false when not used.
 *
 * <pre>{@code
 * numbers.list(instanceId, new NumberFilter("2187", "Sales", false, null), PageRequest.first());
 * numbers.list(instanceId, new NumberFilter(null, null, true, "pending_approval"), PageRequest.first());
 * }</pre>
 *
 * @param q        substring of the canonical number
 * @param tag      name of a tag the numbers carry (ignoring case)
 * @param untagged only numbers without any tag (not together with {@code tag})
 * @param status   one §2.1 status
 */
public record NumberFilter(String q, String tag, boolean untagged, String status) {

    public static final NumberFilter ALL = new NumberFilter(null, null, false, null);
}
