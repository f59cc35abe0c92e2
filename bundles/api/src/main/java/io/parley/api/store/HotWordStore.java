package io.parley.api.store;

import io.parley.api.hotword.HotWord;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of hot words. The store enforces name uniqueness per instance ignoring case
 * (a clash is a {@link io.parley.api.error.ConflictException} on {@code name});
 * {@link #replaceAll} is one transaction.
 *
 * <pre>{@code
 * store.replaceAll(instanceId, List.of(new HotWord(0, instanceId, "mysql", 6)));
 * }</pre>
 */
public interface HotWordStore {

    /** Inserts, ignoring {@code word.id()}; returns it with the assigned id. */
    HotWord insert(HotWord word);

    Optional<HotWord> find(long instanceId, long id);

    /** Finds by name ignoring case. */
    Optional<HotWord> findByName(long instanceId, String name);

    /** Names containing {@code nameContains} ignoring case (null: all), ordered by id. */
    Page<HotWord> list(long instanceId, String nameContains, PageRequest page);

    /** Every hot word of the instance ordered by id. */
    List<HotWord> all(long instanceId);

    long count(long instanceId);

    /** Returns false when it no longer exists. */
    boolean update(HotWord word);

    /** Returns false when there was nothing to delete. */
    boolean delete(long instanceId, long id);

    /** Deletes every hot word of the instance and inserts {@code words}, all or nothing. */
    void replaceAll(long instanceId, List<HotWord> words);
}
