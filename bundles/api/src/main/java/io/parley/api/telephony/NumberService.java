package io.parley.api.telephony;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.util.List;

/**
 * The numbers an instance uses (SPEC §3): list, settings, tags, approval, IVR and
 * skill-group bindings; and the appliance's one number format ({@link CanonicalNumbers}), which
 * the SIP calls and the blocklist use too.
 *
 * <pre>{@code
 * Page<TrunkNumber> mine = numbers.list(instanceId, "2187", PageRequest.first());
 * numbers.createTag(instanceId, "Sales");
 * numbers.bulkEdit(instanceId, List.of(120L, 121L), TrunkNumberDraft.EMPTY.withTags(List.of("Sales")));
 * if (numbers.get(instanceId, 120L).isUsable()) { ... }
 * String stored = numbers.canonical("number", "+86 21 8765 4321");   // 008602187654321
 * }</pre>
 */
public interface NumberService extends CanonicalNumbers {

    /** Numbers of the instance whose canonical form contains {@code q} (null: all), by id. */
    Page<TrunkNumber> list(long instanceId, String q, PageRequest page);

    /**
     * Numbers of the instance matching the filter, by id.
     *
     * @throws io.parley.api.error.InvalidException an unknown tag or status, or tag together with untagged
     */
    Page<TrunkNumber> list(long instanceId, NumberFilter filter, PageRequest page);

    TrunkNumber get(long instanceId, long numberId);

    /**
     * The location the built-in area-code table gives any landline number, such as a callee
     * (SPEC §3.1 {@code location}, §11.2 same-area assignment): what a trunk number's derived
     * {@code location} would be. Empty when the table does not know the area; there is no
     * mobile-prefix table, so mobile numbers have no location.
     *
     * <pre>{@code
     * numbers.location("0086075512345678");   // Optional[Shenzhen]
     * numbers.location("008613912345678");    // Optional.empty (a mobile)
     * }</pre>
     *
     * @param canonicalNumber {@code 00}+country code+national number, as trunk numbers are stored
     */
    java.util.Optional<String> location(String canonicalNumber);

    /** Applies the given §2.1/§3.1 fields; {@code number} and {@code instance_id} cannot change. */
    TrunkNumber edit(long instanceId, long numberId, TrunkNumberDraft changes);

    /**
     * Sets the same field values on every listed number, all or nothing: every number is
     * checked first and nothing changes when one fails. Error fields are {@code ids[i].field}
     * and the message names the number.
     *
     * @throws io.parley.api.error.InvalidException no ids, more than 1000, an id twice, an id not of the
     *                                              instance ({@code ids[i]}), or a field rule
     */
    List<TrunkNumber> bulkEdit(long instanceId, List<Long> numberIds, TrunkNumberDraft changes);

    /** pending_approval → active. 409 unless the instance requires approval and the number is pending. */
    TrunkNumber approve(long instanceId, long numberId);

    /** pending_approval → rejected. 409 unless the instance requires approval and the number is pending. */
    TrunkNumber reject(long instanceId, long numberId);

    NumberApprovalSettings approvalSettings(long instanceId);

    /**
     * Turns approval on or off for numbers added from now on. Turning it off also activates
     * the numbers still pending, since nobody could approve them any more.
     */
    NumberApprovalSettings updateApprovalSettings(long instanceId, NumberApprovalSettings settings);

    /**
     * @throws io.parley.api.error.InvalidException  name empty or longer than 20 characters
     * @throws io.parley.api.error.ConflictException the name is taken (ignoring case)
     */
    NumberTag createTag(long instanceId, String name);

    /** Every tag with its count, plus "All" and "Untagged" (SPEC §3.1). */
    NumberTagSummary tags(long instanceId);

    /** Deletes the tag and removes it from every number. */
    void deleteTag(long instanceId, long tagId);
}
