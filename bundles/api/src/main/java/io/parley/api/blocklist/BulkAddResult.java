package io.parley.api.blocklist;

import java.util.List;

/**
 * What a bulk import of blocklist numbers did to each one, in the order given (SPEC §0.2: the
 * response reports per-item success or failure). Failing items do not stop the others.
 *
 * <pre>{@code
 * BulkAddResult r = blocklist.bulkAdd(instanceId, List.of(new BlocklistDraft("+8613800000000", null, null)), "admin");
 * r.items().get(0).ok();   // true, r.items().get(0).id() is the new entry
 * }</pre>
 */
public record BulkAddResult(List<Item> items) {

    public BulkAddResult {
        items = List.copyOf(items);
    }

    public long added() {
        return items.stream().filter(Item::ok).count();
    }

    /**
     * @param index   position in the request, from 0
     * @param number  the number as given
     * @param ok      whether it was added
     * @param id      the new entry's id when ok
     * @param code    the error code a single add would have answered (INVALID, CONFLICT), else null
     * @param field   the field at fault, else null
     * @param message the rule broken, else null
     */
    public record Item(int index, String number, boolean ok, Long id, String code, String field, String message) {
    }
}
