package io.parley.directory;

import io.parley.api.error.TextRules;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.Instance;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.InstanceStore;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances, with a default one created at first start so a fresh appliance is usable at
 * once.
 */
@Component(service = InstanceService.class)
public class InstanceManager implements InstanceService {

    static final String DEFAULT_NAME = "default";
    static final String DEFAULT_TIME_ZONE = "UTC";
    static final int NAME_MAX = 64;

    private static final Logger LOG = LoggerFactory.getLogger(InstanceManager.class);

    private final InstanceStore store;
    private final Instance defaultInstance;

    @Activate
    public InstanceManager(@Reference InstanceStore store) {
        this.store = store;
        this.defaultInstance = store.first().orElseGet(() -> {
            Instance created = store.insert(DEFAULT_NAME, DEFAULT_TIME_ZONE, Instant.now());
            LOG.info("Created the default instance {}", created.id());
            return created;
        });
    }

    @Override
    public Instance defaultInstance() {
        return defaultInstance;
    }

    @Override
    public Instance get(long instanceId) {
        return store.find(instanceId).orElseThrow(() -> new NotFoundException("instance", instanceId));
    }

    @Override
    public Page<Instance> list(PageRequest page) {
        return store.list(page);
    }

    @Override
    public Instance create(String name, String timeZone) {
        String n = TextRules.required("name", name, NAME_MAX);
        String zone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidException("time_zone", "must be an IANA time zone such as Europe/Paris");
        }
        return store.insert(n, zone, Instant.now());
    }
}
