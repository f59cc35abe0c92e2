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

    /** Replaces the stored fields of {@code group}; returns false when it no longer exists. */
    boolean update(SkillGroup group);

    /** Returns false when there was nothing to delete. */
    boolean delete(long instanceId, long id);
}
