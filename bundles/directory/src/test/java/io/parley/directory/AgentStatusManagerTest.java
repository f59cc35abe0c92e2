package io.parley.directory;

import static io.parley.directory.Expect.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.agent.AgentStatusService;
import io.parley.api.agent.BasicSettings;
import io.parley.api.agent.BreakReason;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.store.AgentStatusStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Before;
import org.junit.Test;

public class AgentStatusManagerTest {

    private AgentStatusManager status;
    private long instance;

    /** Map-backed store; names are checked by the manager. */
    static final class Store implements AgentStatusStore {
        final List<BreakReason> reasons = new ArrayList<>();
        final Map<String, String> settings = new HashMap<>();
        long next = 1;

        public BreakReason insertBreakReason(BreakReason r) {
            BreakReason s = new BreakReason(next++, r.instanceId(), r.name(), r.enabled());
            reasons.add(s);
            return s;
        }

        public Optional<BreakReason> findBreakReason(long instanceId, long id) {
            return reasons.stream().filter(r -> r.id() == id).findFirst();
        }

        public List<BreakReason> breakReasons(long instanceId) {
            return List.copyOf(reasons);
        }

        public boolean updateBreakReason(BreakReason r) {
            return reasons.removeIf(x -> x.id() == r.id()) && reasons.add(r);
        }

        public boolean deleteBreakReason(long instanceId, long id) {
            return reasons.removeIf(x -> x.id() == id);
        }

        public Optional<String> setting(long instanceId, String name) {
            return Optional.ofNullable(settings.get(instanceId + "/" + name));
        }

        public void putSetting(long instanceId, String name, String value) {
            settings.put(instanceId + "/" + name, value);
        }

        public Map<String, String> settings(long instanceId, String prefix) {
            Map<String, String> out = new java.util.TreeMap<>();
            settings.forEach((k, v) -> {
                if (k.startsWith(instanceId + "/" + prefix)) {
                    out.put(k.substring(k.indexOf('/') + 1), v);
                }
            });
            return out;
        }

        public void replaceSettings(long instanceId, String prefix, Map<String, String> values) {
            settings.keySet().removeIf(k -> k.startsWith(instanceId + "/" + prefix));
            values.forEach((k, v) -> settings.put(instanceId + "/" + k, v));
        }
    }

    @Before
    public void setUp() {
        InstanceManager instances = new InstanceManager(new InMemoryStores.Instances());
        instance = instances.defaultInstance().id();
        status = new AgentStatusManager(new Store(), instances);
    }

    @Test
    public void defaultStatusAfterLoginIsAvailableAndMayBeBusy() {
        assertEquals(BasicSettings.LoginStatus.AVAILABLE, status.basicSettings(instance).defaultStatusAfterLogin());
        assertEquals(BasicSettings.LoginStatus.BUSY, status.updateBasicSettings(instance, "busy").defaultStatusAfterLogin());
        failure(InvalidException.class, "default_status_after_login", () -> status.updateBasicSettings(instance, "on_break"));
        assertEquals(BasicSettings.LoginStatus.BUSY, status.basicSettings(instance).defaultStatusAfterLogin());
    }

    @Test
    public void breakReasonNameIs1To20CharactersAndUniqueIgnoringCase() {
        failure(InvalidException.class, "name", () -> status.createBreakReason(instance, " ", null));
        failure(InvalidException.class, "name", () -> status.createBreakReason(instance, "x".repeat(21), null));
        BreakReason lunch = status.createBreakReason(instance, "x".repeat(20), null);
        assertTrue("enabled by default", lunch.enabled());
        failure(ConflictException.class, "name", () -> status.createBreakReason(instance, "X".repeat(20), true));
    }

    @Test
    public void breakReasonCanBeRenamedDisabledAndDeleted() {
        BreakReason r = status.createBreakReason(instance, "Meeting", false);
        assertFalse(r.enabled());
        BreakReason edited = status.editBreakReason(instance, r.id(), "Team meeting", true);
        assertEquals("Team meeting", edited.name());
        assertTrue(edited.enabled());
        status.deleteBreakReason(instance, r.id());
        failure(NotFoundException.class, null, () -> status.breakReason(instance, r.id()));
    }

    @Test
    public void anInstanceHoldsAtMost100BreakReasons() {
        for (int i = 0; i < AgentStatusService.MAX_BREAK_REASONS; i++) {
            status.createBreakReason(instance, "Reason " + i, null);
        }
        failure(ConflictException.class, null, () -> status.createBreakReason(instance, "One more", null));
    }
}
