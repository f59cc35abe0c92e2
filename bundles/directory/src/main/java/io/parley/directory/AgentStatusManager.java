package io.parley.directory;

import io.parley.api.error.TextRules;
import io.parley.api.agent.AgentStatusService;
import io.parley.api.agent.BasicSettings;
import io.parley.api.agent.BreakReason;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.store.AgentStatusStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Presence configuration with the rules of SPEC §14.1 and §14.2. */
@Component(service = AgentStatusService.class)
public class AgentStatusManager implements AgentStatusService {

    static final int NAME_MAX = 20;
    static final String DEFAULT_STATUS = "basic.default_status_after_login";

    private final AgentStatusStore store;
    private final InstanceService instances;

    @Activate
    public AgentStatusManager(@Reference AgentStatusStore store, @Reference InstanceService instances) {
        this.store = store;
        this.instances = instances;
    }

    @Override
    public BasicSettings basicSettings(long instanceId) {
        instances.get(instanceId);
        return store.setting(instanceId, DEFAULT_STATUS)
                .map(v -> new BasicSettings(BasicSettings.LoginStatus.valueOf(v)))
                .orElse(BasicSettings.DEFAULTS);
    }

    @Override
    public BasicSettings updateBasicSettings(long instanceId, String defaultStatusAfterLogin) {
        instances.get(instanceId);
        if (defaultStatusAfterLogin != null) {
            BasicSettings.LoginStatus status = Arrays.stream(BasicSettings.LoginStatus.values())
                    .filter(s -> s.wire().equals(defaultStatusAfterLogin.toLowerCase(Locale.ROOT))).findFirst()
                    .orElseThrow(() -> new InvalidException("default_status_after_login", "must be one of "
                            + Arrays.stream(BasicSettings.LoginStatus.values()).map(BasicSettings.LoginStatus::wire)
                            .collect(Collectors.joining(", "))));
            store.putSetting(instanceId, DEFAULT_STATUS, status.name());
        }
        return basicSettings(instanceId);
    }

    @Override
    public List<BreakReason> breakReasons(long instanceId) {
        instances.get(instanceId);
        return store.breakReasons(instanceId);
    }

    @Override
    public BreakReason breakReason(long instanceId, long id) {
        instances.get(instanceId);
        return store.findBreakReason(instanceId, id).orElseThrow(() -> new NotFoundException("break reason", id));
    }

    @Override
    public BreakReason createBreakReason(long instanceId, String name, Boolean enabled) {
        instances.get(instanceId);
        String n = TextRules.required("name", name, NAME_MAX);
        List<BreakReason> existing = store.breakReasons(instanceId);
        requireFreeName(existing, n, -1);
        if (existing.size() >= MAX_BREAK_REASONS) {
            throw new ConflictException(null, "the instance has " + MAX_BREAK_REASONS
                    + " break reasons already; delete one first");
        }
        return store.insertBreakReason(new BreakReason(0, instanceId, n, enabled == null || enabled));
    }

    @Override
    public BreakReason editBreakReason(long instanceId, long id, String name, Boolean enabled) {
        BreakReason current = breakReason(instanceId, id);
        String n = name == null ? current.name() : TextRules.required("name", name, NAME_MAX);
        requireFreeName(store.breakReasons(instanceId), n, id);
        BreakReason updated = new BreakReason(id, instanceId, n, enabled == null ? current.enabled() : enabled);
        if (!store.updateBreakReason(updated)) {
            throw new NotFoundException("break reason", id);
        }
        return updated;
    }

    @Override
    public void deleteBreakReason(long instanceId, long id) {
        breakReason(instanceId, id);
        if (!store.deleteBreakReason(instanceId, id)) {
            throw new NotFoundException("break reason", id);
        }
    }

    private static void requireFreeName(List<BreakReason> existing, String name, long self) {
        existing.stream().filter(r -> r.id() != self && r.name().equalsIgnoreCase(name)).findFirst().ifPresent(r -> {
            throw new ConflictException("name", "name: break reason '" + name + "' already exists (id " + r.id() + ")");
        });
    }
}
