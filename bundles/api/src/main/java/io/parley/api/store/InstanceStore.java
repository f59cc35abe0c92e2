package io.parley.api.store;

import io.parley.api.instance.Instance;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of instances. Implementations enforce name uniqueness with a database
 * constraint and report a clash as {@link io.parley.api.error.ConflictException}.
 */
public interface InstanceStore {

    /** Inserts an instance; the store assigns the id (1000001 upwards). */
    Instance insert(String name, String timeZone, Instant createdAt);

    Optional<Instance> find(long id);

    /** The instance with the lowest id, if any. */
    Optional<Instance> first();

    Page<Instance> list(PageRequest page);
}
