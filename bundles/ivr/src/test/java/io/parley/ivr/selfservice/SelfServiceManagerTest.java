package io.parley.ivr.selfservice;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.SelfService;
import io.parley.api.store.SelfServiceStore;
import io.parley.ivr.flow.FakeNodeTypes;
import io.parley.ivr.flow.IvrFlowManager;
import io.parley.ivr.flow.MemoryFlowStore;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class SelfServiceManagerTest {

    private static final long INSTANCE = 1000001;

    private final MemoryFlowStore flowStore = new MemoryFlowStore();
    private final IvrFlowManager flows = new IvrFlowManager(flowStore, FakeNodeTypes.standard());
    private final List<SelfService> rows = new ArrayList<>();
    private final SelfServiceStore store = (SelfServiceStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {SelfServiceStore.class}, (p, m, a) -> switch (m.getName()) {
                case "insert" -> {
                    SelfService s = (SelfService) a[0];
                    if (rows.stream().anyMatch(r -> r.name().equalsIgnoreCase(s.name()))) {
                        throw new ConflictException("name", "name: is already taken");
                    }
                    SelfService saved = new SelfService(rows.size() + 1, s.instanceId(), s.name(), s.ivrId(), s.ivrVersion(),
                            s.enabled());
                    rows.add(saved);
                    yield saved;
                }
                case "list" -> List.copyOf(rows);
                case "find" -> rows.stream().filter(r -> r.id() == (Long) a[1]).findFirst();
                case "update" -> {
                    SelfService s = (SelfService) a[0];
                    rows.replaceAll(r -> r.id() == s.id() ? s : r);
                    yield true;
                }
                case "delete" -> rows.removeIf(r -> r.id() == (Long) a[1]);
                default -> throw new UnsupportedOperationException(m.getName());
            });
    private final InstanceService instances = (InstanceService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {InstanceService.class}, (p, m, a) -> null);
    private final SelfServiceManager selfServices = new SelfServiceManager(store, flowStore, instances);

    @Test
    public void aSelfServiceRunsAPublishedVersionOfASelfServiceFlowAndOnlyEnabledOnesAreOffered() {
        IvrFlow survey = flows.create(INSTANCE, IvrFlow.SELF_SERVICE, "Survey", null);
        SelfService s = selfServices.create(INSTANCE, new SelfService(0, INSTANCE, "  Survey ", survey.id(), null, true));
        assertEquals("Survey", s.name());
        assertEquals("MAIN", s.ivrVersion());
        selfServices.create(INSTANCE, new SelfService(0, INSTANCE, "Off", survey.id(), "MAIN", false));
        assertEquals(List.of("Survey"), selfServices.enabled(INSTANCE).stream().map(SelfService::name).toList());
        SelfService renamed = selfServices.update(INSTANCE, s.id(), new SelfService(s.id(), INSTANCE, "Rating", survey.id(),
                "MAIN", true));
        assertEquals("Rating", renamed.name());
        selfServices.delete(INSTANCE, s.id());
        assertEquals(1, selfServices.list(INSTANCE).size());
    }

    @Test
    public void badDefinitionsAreRefusedNamingTheFieldAndTheRule() {
        IvrFlow survey = flows.create(INSTANCE, IvrFlow.SELF_SERVICE, "Survey", null);
        IvrFlow inbound = flows.create(INSTANCE, IvrFlow.INBOUND, "Hotline", null);
        flows.addVersion(INSTANCE, survey.id(), "v2", null, null);
        flows.saveVersion(INSTANCE, survey.id(), "v2", flows.parseGraph("{\"nodes\":[{\"id\":\"main_menu\",\"type\":\"start\"}],"
                + "\"edges\":[]}"), null);
        assertField("name", new SelfService(0, INSTANCE, "", survey.id(), null, true));
        assertField("name", new SelfService(0, INSTANCE, "n".repeat(33), survey.id(), null, true));
        assertField("ivr_id", new SelfService(0, INSTANCE, "A", 42, null, true));
        assertField("ivr_id", new SelfService(0, INSTANCE, "A", inbound.id(), null, true));
        assertField("ivr_version", new SelfService(0, INSTANCE, "A", survey.id(), "v9", true));
        assertField("ivr_version", new SelfService(0, INSTANCE, "A", survey.id(), "v2", true));
        selfServices.create(INSTANCE, new SelfService(0, INSTANCE, "A", survey.id(), null, true));
        assertField("name", new SelfService(0, INSTANCE, "a", survey.id(), null, true));
        assertEquals(1, selfServices.list(INSTANCE).size());
    }

    private void assertField(String field, SelfService s) {
        try {
            selfServices.create(INSTANCE, s);
            fail(field);
        } catch (DomainException e) {
            assertEquals(e.getMessage(), field, e.field());
        }
    }
}
