package io.parley.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.error.DomainException;
import io.parley.api.ivr.GraphProblem;
import io.parley.api.ivr.IvrEdge;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.ws.rs.core.Response;
import org.junit.Test;

/** The REST mapping of IVR flows onto {@link IvrFlowService}, with a fake service recording calls. */
public class IvrFlowResourceTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final IvrGraph GRAPH = new IvrGraph(
            List.of(new IvrNode("main_menu", "start", "Start", Map.of("x", 0), Map.of()),
                    new IvrNode("01HEND00000000000000000000", "end", "Bye", Map.of(), Map.of("note", "x"))),
            List.of(new IvrEdge("main_menu", "next", "01HEND00000000000000000000")));
    private static final IvrFlow FLOW = new IvrFlow(7, 1, IvrFlow.INBOUND, "Hotline", null, IvrVersion.PUBLISHED, T,
            List.of(new IvrFlow.VersionSummary("MAIN", null, null, IvrVersion.PUBLISHED, T),
                    new IvrFlow.VersionSummary("v2", "MAIN", "menu", IvrVersion.DRAFT, T)),
            List.of("0086201234567"));

    private final List<String> calls = new ArrayList<>();
    private final IvrFlowResource resource = new IvrFlowResource(fake());

    private IvrFlowService fake() {
        return (IvrFlowService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {IvrFlowService.class},
                (self, m, args) -> {
                    calls.add(m.getName() + java.util.Arrays.toString(args));
                    return switch (m.getName()) {
                        case "list" -> new Page<>(List.of(FLOW), 1);
                        case "get", "create", "rename", "copyVersion", "importFlow" -> FLOW;
                        case "version", "addVersion", "saveVersion" -> new IvrVersion(7, "v2", "MAIN", "menu",
                                IvrVersion.DRAFT, T, GRAPH, List.of(new GraphProblem(GraphProblem.ERROR,
                                "01HEND00000000000000000000", "params.note", "unknown parameter")));
                        case "parseGraph" -> GRAPH;
                        case "export" -> "{\"format\":\"parley-ivr-flow\"}";
                        default -> null;
                    };
                });
    }

    private static JsonNode wire(Object entity) {
        return Json.MAPPER.valueToTree(entity);
    }

    private static DomainException refused(Runnable r) {
        try {
            r.run();
        } catch (DomainException e) {
            return e;
        }
        fail("not refused");
        return null;
    }

    @Test
    public void createAnswers201WithTheFlowInSnakeCase() {
        Response r = resource.create("1", "{\"kind\":\"inbound\",\"name\":\"Hotline\"}");
        assertEquals(201, r.getStatus());
        JsonNode flow = wire(r.getEntity());
        assertEquals(7, flow.path("id").asLong());
        assertEquals("", flow.path("template").asText());
        assertEquals("0086201234567", flow.at("/associated_numbers/0").asText());
        assertTrue(flow.at("/versions/0/based_on").isNull());
        assertEquals("v2", flow.at("/versions/1/version").asText());
        assertEquals("2026-12-07T10:00:00Z", flow.path("updated_at").asText());
        assertEquals("create[1, inbound, Hotline, null]", calls.get(0));
    }

    @Test
    public void createWithoutAKindNamesTheField() {
        DomainException e = refused(() -> resource.create("1", "{\"name\":\"Hotline\"}"));
        assertEquals("kind", e.field());
        assertEquals("INVALID", e.code());
        assertTrue(calls.isEmpty());
        assertEquals("flavour", refused(() -> resource.create("1", "{\"kind\":\"inbound\",\"flavour\":1}")).field());
    }

    @Test
    public void listPassesKindQueryAndThePageRules() {
        resource.list("1", "inbound", "Hot", "2", "20");
        assertEquals("list[1, inbound, Hot, " + PageRequest.of(2, 20) + "]", calls.get(0));
        assertEquals("page_size", refused(() -> resource.list("1", null, null, null, "x")).field());
    }

    @Test
    public void theKindOfAFlowIsImmutable() {
        DomainException e = refused(() -> resource.edit("1", "7", "{\"kind\":\"outbound\",\"name\":\"X\"}"));
        assertEquals("kind", e.field());
        assertFalse(calls.stream().anyMatch(c -> c.startsWith("rename")));
        resource.edit("1", "7", "{\"kind\":\"inbound\",\"name\":\"X\"}");
        assertTrue(calls.contains("rename[1, 7, X]"));
    }

    @Test
    public void savingAVersionNeedsAGraphAndAnswersItsProblems() {
        assertEquals("graph", refused(() -> resource.saveVersion("1", "7", "v2", "{\"notes\":\"n\"}")).field());
        JsonNode v = wire(resource.saveVersion("1", "7", "v2",
                "{\"graph\":{\"nodes\":[],\"edges\":[]},\"notes\":\"n\"}"));
        assertEquals("parseGraph[{\"nodes\":[],\"edges\":[]}]", calls.get(0));
        assertTrue(calls.get(1).startsWith("saveVersion[1, 7, v2, "));
        assertTrue(calls.get(1).endsWith(", n]"));
        assertEquals("draft", v.path("status").asText());
        assertEquals("from_node", v.at("/graph/edges/0").fieldNames().next());
        assertEquals("x", v.at("/graph/nodes/1/params/note").asText());
        assertEquals("params.note", v.at("/problems/0/field").asText());
        assertEquals("01HEND00000000000000000000", v.at("/problems/0/node_id").asText());
        assertEquals("error", v.at("/problems/0/severity").asText());
    }

    @Test
    public void aNewVersionIsCreatedFromItsBaseAndAnswers201() {
        Response r = resource.addVersion("1", "7", "{\"version\":\"v2\",\"based_on\":\"MAIN\",\"notes\":\"menu\"}");
        assertEquals(201, r.getStatus());
        assertEquals("addVersion[1, 7, v2, MAIN, menu]", calls.get(0));
        assertEquals("version", refused(() -> resource.addVersion("1", "7", "{\"notes\":\"x\"}")).field());
    }

    @Test
    public void versionsAreListedAsAPageOfSummaries() {
        JsonNode page = wire(resource.versions("1", "7"));
        assertEquals(2, page.path("total").asInt());
        assertEquals("MAIN", page.at("/items/1/based_on").asText());
        assertTrue(page.at("/items/0/based_on").isNull());
    }

    @Test
    public void exportIsTheServicesDocumentAndImportTakesItBack() {
        Response r = resource.export("1", "7", "v2");
        assertEquals("{\"format\":\"parley-ivr-flow\"}", new String((byte[]) r.getEntity(), StandardCharsets.UTF_8));
        assertTrue(r.getHeaderString("Content-Disposition").contains("ivr-flow-7-v2.json"));
        Response created = new IvrFlowResource.Import(fake()).importRaw("1", " ", "{\"format\":\"parley-ivr-flow\"}");
        assertEquals(201, created.getStatus());
        assertEquals("importFlow[1, {\"format\":\"parley-ivr-flow\"}, null]", calls.get(calls.size() - 1));
    }

    @Test
    public void copyNeedsTheTargetFlowName() {
        assertEquals("target_flow_name", refused(() -> resource.copyVersion("1", "7", "MAIN", "{}")).field());
        assertEquals(201, resource.copyVersion("1", "7", "MAIN", "{\"target_flow_name\":\"Copy\"}").getStatus());
        assertEquals("copyVersion[1, 7, MAIN, Copy]", calls.get(0));
    }

    @Test
    public void deletesAnswer204() {
        assertEquals(204, resource.delete("1", "7").getStatus());
        assertEquals(204, resource.deleteVersion("1", "7", "v2").getStatus());
        assertEquals(List.of("delete[1, 7]", "deleteVersion[1, 7, v2]"), calls);
        assertEquals("id", refused(() -> resource.delete("1", "x")).field());
    }
}
