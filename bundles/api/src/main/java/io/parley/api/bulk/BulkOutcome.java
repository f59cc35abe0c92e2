package io.parley.api.bulk;

import java.util.List;

/**
 * What a bulk operation ({@code POST …:bulk-<verb> {"ids": [...]}}) did to each id, in the
 * order the ids were given (SPEC §0.2: "The response reports per-item success or failure").
 *
 * <pre>{@code
 * BulkOutcome out = hotWords.bulkDelete(instanceId, List.of(7L, 8L));
 * out.items().stream().filter(i -> !i.ok()).forEach(i -> log(i.id() + " " + i.code()));
 * }</pre>
 *
 * @param items one entry per requested id
 */
public record BulkOutcome(List<Item> items) {

    public BulkOutcome {
        items = List.copyOf(items);
    }

    /** Number of ids the operation succeeded on. */
    public long succeeded() {
        return items.stream().filter(Item::ok).count();
    }

    /** Number of ids it failed on. */
    public long failed() {
        return items.size() - succeeded();
    }

    /**
     * The outcome for one id: {@code ok}, or the error code and message a single call would
     * have answered with (e.g. {@code NOT_FOUND}).
     */
    public record Item(long id, boolean ok, String code, String message) {

        public static Item success(long id) {
            return new Item(id, true, null, null);
        }

        public static Item failure(long id, String code, String message) {
            return new Item(id, false, code, message);
        }
    }
}
