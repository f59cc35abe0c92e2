package io.parley.api.instance;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;

/**
 * The appliance's tenants. A default instance exists from the first start on, so a fresh
 * appliance can be configured without creating one.
 *
 * <pre>{@code
 * long id = instances.defaultInstance().id();
 * Instance acme = instances.create("acme", "Europe/Paris");
 * }</pre>
 */
public interface InstanceService {

    /** The instance created at first start. */
    Instance defaultInstance();

    /** @throws io.parley.api.error.NotFoundException when there is no such instance */
    Instance get(long instanceId);

    Page<Instance> list(PageRequest page);

    /**
     * Creates an instance.
     *
     * @throws io.parley.api.error.InvalidException  when the name or zone breaks a rule
     * @throws io.parley.api.error.ConflictException when the name is taken
     */
    Instance create(String name, String timeZone);
}
