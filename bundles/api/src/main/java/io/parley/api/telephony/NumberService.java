package io.parley.api.telephony;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;

/**
 * The numbers an instance uses (SPEC §3): list, settings, IVR and skill-group bindings.
 *
 * <pre>{@code
 * Page<TrunkNumber> mine = numbers.list(instanceId, "2187", PageRequest.first());
 * }</pre>
 */
public interface NumberService {

    /** Numbers of the instance whose canonical form contains {@code q} (null: all), by id. */
    Page<TrunkNumber> list(long instanceId, String q, PageRequest page);

    TrunkNumber get(long instanceId, long numberId);

    /** Applies the given §2.1/§3.1 fields; {@code number} and {@code instance_id} cannot change. */
    TrunkNumber edit(long instanceId, long numberId, TrunkNumberDraft changes);
}
