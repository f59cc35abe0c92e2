package io.parley.ivr.flow;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.ivr.GraphProblem;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.paging.PageRequest;
import java.util.List;
import org.junit.Test;

public class IvrFlowManagerTest {

    static final long INSTANCE = 1000001;
    /** start -> prompt -> menu(1: end, 2: prompt again; max_errors optional) ; end */
    static final String MENU = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"01HPROMPT00000000000000000","type":"prompt","label":"Hello","params":{"text":"Hello ${SystemCallerNumber}"}},
              {"id":"01HMENU0000000000000000000","type":"menu","label":"Menu","params":{"keys":["1","2"]}},
              {"id":"01HEND00000000000000000000","type":"end","label":"Bye"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"01HPROMPT00000000000000000"},
              {"from_node":"01HPROMPT00000000000000000","from_port":"next","to_node":"01HMENU0000000000000000000"},
              {"from_node":"01HMENU0000000000000000000","from_port":"key:1","to_node":"01HEND00000000000000000000"},
              {"from_node":"01HMENU0000000000000000000","from_port":"key:2","to_node":"01HPROMPT00000000000000000"}]}""";

    private final FakeNodeTypes types = FakeNodeTypes.standard();
    private final MemoryFlowStore store = new MemoryFlowStore();
    private final IvrFlowManager flows = new IvrFlowManager(store, types);

    @Test
    public void aNewFlowHasAPublishedMainFromStartToEnd() {
        IvrFlow f = flows.create(INSTANCE, "inbound", " Hotline ", null);
        assertEquals("Hotline", f.name());
        assertEquals("published", f.status());
        assertEquals(List.of("MAIN"), f.versions().stream().map(IvrFlow.VersionSummary::version).toList());
        IvrVersion main = flows.version(INSTANCE, f.id(), "MAIN");
        assertEquals(List.of("start", "end"), main.graph().nodes().stream().map(n -> n.type()).toList());
        assertEquals(26, main.graph().nodes().get(1).id().length());
        assertTrue(main.problems().isEmpty());
    }

    @Test
    public void kindAndNameAreCheckedAndNamesAreUniquePerKind() {
        expect(InvalidException.class, "kind", () -> flows.create(INSTANCE, "sideways", "X", null));
        expect(InvalidException.class, "name", () -> flows.create(INSTANCE, "inbound", "x".repeat(65), null));
        flows.create(INSTANCE, "inbound", "Hotline", null);
        flows.create(INSTANCE, "outbound", "Hotline", null);
        expect(ConflictException.class, "name", () -> flows.create(INSTANCE, "inbound", "HOTLINE", null));
        assertEquals(1, flows.list(INSTANCE, "outbound", null, PageRequest.first()).total());
    }

    @Test
    public void aNewVersionCopiesItsBaseWhichStaysUntouched() {
        IvrFlow f = flows.create(INSTANCE, "inbound", "Hotline", null);
        flows.saveVersion(INSTANCE, f.id(), "MAIN", flows.parseGraph(MENU), "menu");
        IvrVersion v2 = flows.addVersion(INSTANCE, f.id(), "v2", "MAIN", "try");
        assertEquals("MAIN", v2.basedOn());
        assertEquals(4, v2.graph().nodes().size());
        flows.saveVersion(INSTANCE, f.id(), "v2", flows.parseGraph(MENU.replace("Hello ", "Hi ")), null);
        assertTrue(flows.version(INSTANCE, f.id(), "MAIN").graph().node("01HPROMPT00000000000000000").orElseThrow()
                .params().get("text").toString().startsWith("Hello"));
        assertEquals("try", flows.version(INSTANCE, f.id(), "v2").notes());
        expect(InvalidException.class, "version", () -> flows.addVersion(INSTANCE, f.id(), "no spaces", null, null));
        expect(InvalidException.class, "version", () -> flows.addVersion(INSTANCE, f.id(), "x".repeat(21), null, null));
        expect(InvalidException.class, "notes", () -> flows.addVersion(INSTANCE, f.id(), "v3", null, "n".repeat(201)));
        expect(InvalidException.class, "based_on", () -> flows.addVersion(INSTANCE, f.id(), "v3", "nope", null));
        expect(ConflictException.class, "version", () -> flows.addVersion(INSTANCE, f.id(), "v2", null, null));
    }

    @Test
    public void aGraphWithAnErrorIsStoredAsADraftWithTheNodeTheParamAndTheRule() {
        IvrFlow f = flows.create(INSTANCE, "inbound", "Hotline", null);
        IvrVersion v = flows.saveVersion(INSTANCE, f.id(), "MAIN",
                flows.parseGraph(MENU.replace("\"params\":{\"text\":\"Hello ${SystemCallerNumber}\"}", "\"params\":{}")), null);
        assertEquals("draft", v.status());
        assertEquals(List.of(new GraphProblem("error", "01HPROMPT00000000000000000", "params.text", "is required")),
                v.problems());
        assertEquals("draft", flows.get(INSTANCE, f.id()).status());
        expect(ConflictException.class, "inbound_ivr_id",
                () -> flows.checkBindable(INSTANCE, f.id(), "MAIN", "inbound", "inbound_ivr_id", "008602100000001"));
    }

    @Test
    public void bindingNeedsAnExistingPublishedVersionOfTheRightKindAndTheErrorNamesTheNumber() {
        IvrFlow f = flows.create(INSTANCE, "inbound", "Hotline", null);
        flows.checkBindable(INSTANCE, f.id(), "MAIN", "inbound", "inbound_ivr_id", "008602100000001");
        try {
            flows.checkBindable(INSTANCE, f.id(), "v9", "inbound", "inbound_ivr_version", "008602100000001");
            fail();
        } catch (ConflictException e) {
            assertEquals("inbound_ivr_version", e.field());
            assertTrue(e.getMessage(), e.getMessage().contains("008602100000001"));
        }
        expect(ConflictException.class, "outbound_ivr_id",
                () -> flows.checkBindable(INSTANCE, f.id(), "MAIN", "outbound", "outbound_ivr_id", "008602100000001"));
        expect(ConflictException.class, "inbound_ivr_id",
                () -> flows.checkBindable(INSTANCE, 42, "MAIN", "inbound", "inbound_ivr_id", "008602100000001"));
    }

    @Test
    public void deleteRulesMainNeverABoundVersionOrFlowNot() {
        IvrFlow f = flows.create(INSTANCE, "inbound", "Hotline", null);
        flows.addVersion(INSTANCE, f.id(), "v2", null, null);
        flows.addVersion(INSTANCE, f.id(), "v3", null, null);
        expect(ConflictException.class, "version", () -> flows.deleteVersion(INSTANCE, f.id(), "MAIN"));
        store.bind(f.id(), "008602100000001", "v2");
        expect(ConflictException.class, "version", () -> flows.deleteVersion(INSTANCE, f.id(), "v2"));
        flows.deleteVersion(INSTANCE, f.id(), "v3");
        try {
            flows.delete(INSTANCE, f.id());
            fail();
        } catch (ConflictException e) {
            assertTrue(e.getMessage().contains("008602100000001"));
        }
        assertEquals(List.of("008602100000001"), flows.get(INSTANCE, f.id()).associatedNumbers());
        // a bound version may not be saved into a draft
        expect(ConflictException.class, "graph", () -> flows.saveVersion(INSTANCE, f.id(), "v2",
                flows.parseGraph(MENU.replace("\"keys\":[\"1\",\"2\"]", "\"keys\":[\"1\",\"2\",\"3\"]")), null));
        store.bindings.clear();
        flows.delete(INSTANCE, f.id());
        assertEquals(0, flows.list(INSTANCE, null, null, PageRequest.first()).total());
    }

    @Test
    public void exportThenImportGivesTheSameGraphInANewFlowAndCopyMakesANewFlowOfTheSameKind() {
        IvrFlow f = flows.create(INSTANCE, "self_service", "Survey", null);
        flows.saveVersion(INSTANCE, f.id(), "MAIN", flows.parseGraph(MENU), "n");
        String doc = flows.export(INSTANCE, f.id(), "MAIN");
        IvrFlow imported = flows.importFlow(INSTANCE, doc, "Survey 2");
        assertEquals("self_service", imported.kind());
        assertEquals(flows.version(INSTANCE, f.id(), "MAIN").graph(), flows.version(INSTANCE, imported.id(), "MAIN").graph());
        expect(ConflictException.class, "name", () -> flows.importFlow(INSTANCE, doc, null));
        expect(MalformedException.class, "document", () -> flows.importFlow(INSTANCE, "{nope", null));
        expect(MalformedException.class, "format", () -> flows.importFlow(INSTANCE, "{\"graph\":{}}", null));
        IvrFlow copy = flows.copyVersion(INSTANCE, f.id(), "MAIN", "Survey copy");
        assertEquals("self_service", copy.kind());
        assertEquals(4, flows.version(INSTANCE, copy.id(), "MAIN").graph().nodes().size());
    }

    @Test
    public void aVersionReadBeforeAnEditKeepsItsGraph() {
        IvrFlow f = flows.create(INSTANCE, "inbound", "Hotline", null);
        IvrGraph before = flows.version(INSTANCE, f.id(), "MAIN").graph();
        flows.saveVersion(INSTANCE, f.id(), "MAIN", flows.parseGraph(MENU), null);
        assertEquals(2, before.nodes().size());
        assertEquals(4, flows.version(INSTANCE, f.id(), "MAIN").graph().nodes().size());
    }

    @Test
    public void aMalformedGraphNamesTheField() {
        expect(MalformedException.class, "graph.nodes", () -> flows.parseGraph("{\"nodes\":3}"));
        expect(InvalidException.class, "graph.edges[0].to_node",
                () -> flows.parseGraph("{\"nodes\":[],\"edges\":[{\"from_node\":\"a\",\"from_port\":\"next\"}]}"));
        assertFalse(flows.parseGraph(MENU).nodes().isEmpty());
    }

    static void expect(Class<? extends DomainException> type, String field, Runnable r) {
        try {
            r.run();
            fail("expected " + type.getSimpleName() + " on " + field);
        } catch (DomainException e) {
            assertEquals(e.getMessage(), type, e.getClass());
            assertEquals(e.getMessage(), field, e.field());
        }
    }
}
