package io.parley.ivr.selfservice;

import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.ivr.SelfService;
import io.parley.api.ivr.SelfServiceService;
import io.parley.api.store.IvrFlowStore;
import io.parley.api.store.SelfServiceStore;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Self-service processes (SPEC §22.1): a name, and a published version of a self_service flow. */
@Component(service = SelfServiceService.class)
public class SelfServiceManager implements SelfServiceService {

    static final int MAX_NAME = 32;

    private final SelfServiceStore store;
    private final IvrFlowStore flows;
    private final InstanceService instances;

    @Activate
    public SelfServiceManager(@Reference SelfServiceStore store, @Reference IvrFlowStore flows,
                              @Reference InstanceService instances) {
        this.store = store;
        this.flows = flows;
        this.instances = instances;
    }

    @Override
    public List<SelfService> list(long instanceId) {
        instances.get(instanceId);
        return store.list(instanceId);
    }

    @Override
    public List<SelfService> enabled(long instanceId) {
        return list(instanceId).stream().filter(SelfService::enabled).toList();
    }

    @Override
    public SelfService get(long instanceId, long id) {
        instances.get(instanceId);
        return store.find(instanceId, id).orElseThrow(() -> new NotFoundException("self-service", id));
    }

    @Override
    public SelfService create(long instanceId, SelfService draft) {
        instances.get(instanceId);
        return store.insert(checked(instanceId, 0, draft));
    }

    @Override
    public SelfService update(long instanceId, long id, SelfService changes) {
        get(instanceId, id);
        store.update(checked(instanceId, id, changes));
        return get(instanceId, id);
    }

    @Override
    public void delete(long instanceId, long id) {
        get(instanceId, id);
        store.delete(instanceId, id);
    }

    private SelfService checked(long instanceId, long id, SelfService s) {
        String name = s.name() == null ? "" : s.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new InvalidException("name", "must be 1.." + MAX_NAME + " characters");
        }
        IvrFlowStore.FlowRow flow = flows.findFlow(instanceId, s.ivrId())
                .orElseThrow(() -> new InvalidException("ivr_id", "IVR flow " + s.ivrId() + " does not exist"));
        if (!IvrFlow.SELF_SERVICE.equals(flow.kind())) {
            throw new InvalidException("ivr_id", "IVR flow " + s.ivrId() + " is of kind " + flow.kind()
                    + "; a self-service runs a flow of kind self_service");
        }
        String version = s.ivrVersion() == null || s.ivrVersion().isBlank() ? IvrVersion.MAIN : s.ivrVersion();
        IvrFlowStore.VersionRow v = flows.findVersion(s.ivrId(), version)
                .orElseThrow(() -> new InvalidException("ivr_version", "flow " + s.ivrId() + " has no version " + version));
        if (!IvrVersion.PUBLISHED.equals(v.status())) {
            throw new InvalidException("ivr_version", "version " + version + " is a draft; only a published version can run");
        }
        return new SelfService(id, instanceId, name, s.ivrId(), version, s.enabled());
    }
}
