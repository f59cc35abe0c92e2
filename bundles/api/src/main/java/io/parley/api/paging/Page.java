package io.parley.api.paging;

import java.util.List;
import java.util.function.Function;

/**
 * A page of items and the total number of items matching the query (SPEC §0.2
 * {@code { "items": [...], "total": n }}).
 *
 * <pre>{@code
 * Page<SkillGroup> page = skillGroups.list(instanceId, "sales", PageRequest.first());
 * page.items().forEach(g -> System.out.println(g.name()));
 * }</pre>
 */
public record Page<T>(List<T> items, long total) {
    public Page {
        items = List.copyOf(items);
    }

    /** The same page with every item converted. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), total);
    }
}
