package io.parley.api.store;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.SkillGroup;
import java.util.Optional;

/**
 * Persistence of skill groups. Validation is the service's job; the store enforces the
 * uniqueness constraints (name and extension per instance) and reports a clash as
 * {@link io.parley.api.error.ConflictException} naming the field.
 */
public interface SkillGroupStore {

    /** Inserts the group, ignoring {@code group.id()}; returns it with the assigned id. */
    SkillGroup insert(SkillGroup group);

    Optional<SkillGroup> find(long instanceId, long id);

    Optional<SkillGroup> findByName(long instanceId, String name);

    Optional<SkillGroup> findByExtension(long instanceId, String extension);

    /** Groups whose name contains {@code nameContains} ignoring case (null: all), ordered by id. */
    Page<SkillGroup> list(long instanceId, String nameContains, PageRequest page);

    /**
     * Like {@link #list(long, String, PageRequest)}, only groups whose id is in {@code only} (a
     * role's scope). The default walks every page; a database store answers in one query.
     */
    default Page<SkillGroup> list(long instanceId, String nameContains, java.util.Set<Long> only, PageRequest page) {
        java.util.List<SkillGroup> all = new java.util.ArrayList<>();
        java.util.List<SkillGroup> items;
        int n = 1;
        do {
            items = list(instanceId, nameContains, new PageRequest(n++, PageRequest.MAX_PAGE_SIZE)).items();
            items.stream().filter(g -> only.contains(g.id())).forEach(all::add);
        } while (items.size() == PageRequest.MAX_PAGE_SIZE);
        return new Page<>(all.stream().skip(page.offset()).limit(page.pageSize()).toList(), all.size());
    }

    /** Replaces the stored fields of {@code group}; returns false when it no longer exists. */
    boolean update(SkillGroup group);

    /** Returns false when there was nothing to delete. */
    boolean delete(long instanceId, long id);
}
