package io.parley.ivr.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import io.parley.api.call.CallStatus;
import io.parley.api.error.MalformedException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.ivr.SimulationResult;
import io.parley.api.store.IvrFlowStore;
import io.parley.ivr.flow.FakeNodeTypes;
import io.parley.ivr.flow.IvrFlowManagerTestGraphs;
import io.parley.ivr.flow.MemoryFlowStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class FlowSimulatorTest {

    private static final long INSTANCE = 1000001;

    private final FakeNodeTypes types = FakeNodeTypes.standard();
    private final MemoryFlowStore store = new MemoryFlowStore();
    private final InstanceService noInstances = (InstanceService) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{InstanceService.class}, (p, m, a) -> {
                throw new IllegalStateException("no instance service in this test");
            });
    private final FlowSimulator simulator = new FlowSimulator(types, store, noInstances);

    private long flow(String graph, String status) {
        Instant now = Instant.now();
        return store.insertFlow(new IvrFlowStore.FlowRow(0, INSTANCE, "inbound", "f" + System.nanoTime(), null, now),
                new IvrFlowStore.VersionRow(0, IvrVersion.MAIN, null, null, status, now, graph));
    }

    private SimulationResult simulate(String graph, String script) {
        return simulator.simulate(INSTANCE, flow(graph, IvrVersion.PUBLISHED), IvrVersion.MAIN,
                simulator.parseScript(script));
    }

    private static List<String> path(SimulationResult r) {
        return r.path().stream().map(s -> s.label() + ">" + s.port() + (s.keys().isEmpty() ? "" : "[" + s.keys() + "]"))
                .toList();
    }

    @Test
    public void scriptedKeysDriveTheSamePathAsTheLiveEngineAndPromptsAreSubstituted() {
        SimulationResult r = simulate(IvrFlowManagerTestGraphs.MENU,
                "{\"caller_number\":\"008613911112222\",\"inputs\":[{\"keys\":\"2\"},{\"keys\":\"1\"}]}");
        // the same path FlowRunTest.keysDriveThePathWhichTheTracePostsNodeByNodeAndTheEndNodeEndsTheCall sees on a call
        assertEquals(List.of("Start>next", "Hello>next", "Menu>key:2[2]", "Hello>next", "Menu>key:1[1]", "Bye>"), path(r));
        assertEquals("end", r.endReason());
        assertEquals(CallStatus.IVR_ENDED, r.status());
        assertEquals(6, r.visits());
        assertEquals(List.of("Hello 008613911112222"), r.path().get(1).said());
        assertEquals("008613911112222", r.variables().get("SystemCallerNumber"));
        assertEquals(0, r.inputsLeft());
        assertEquals(false, r.draft());
    }

    @Test
    public void withoutInputEveryQuestionTimesOutAndAnUnconnectedOptionalExitEndsTheFlow() {
        SimulationResult r = simulate(IvrFlowManagerTestGraphs.MENU, "");
        assertEquals(List.of("Start>next", "Hello>next", "Menu>max_errors"), path(r));
        assertEquals("end", r.endReason());
    }

    @Test
    public void anInputNamingANodeIsTakenOnlyThereAndAPromptIsInterruptedOnlyByAnInputNamingIt() {
        // the first input names the menu: the interruptible prompt before it does not take it
        SimulationResult r = simulate(IvrFlowManagerTestGraphs.MENU,
                "{\"inputs\":[{\"node\":\"01HMENU0000000000000000000\",\"keys\":\"1\"}]}");
        assertEquals(List.of("Start>next", "Hello>next", "Menu>key:1[1]", "Bye>"), path(r));
        // an input naming another node is not taken by the menu: silence, and it is left over
        r = simulate(IvrFlowManagerTestGraphs.MENU, "{\"inputs\":[{\"node\":\"elsewhere\",\"keys\":\"1\"}]}");
        assertEquals(List.of("Start>next", "Hello>next", "Menu>max_errors"), path(r));
        assertEquals(1, r.inputsLeft());
    }

    @Test
    public void theCallerHangsUpDuringTheScriptedVisitOrNode() {
        SimulationResult r = simulate(IvrFlowManagerTestGraphs.MENU, "{\"inputs\":[{\"keys\":\"2\"}],\"hang_up_at_visit\":3}");
        assertEquals(List.of("Start>next", "Hello>next", "Menu>max_errors"), path(r));
        assertEquals("caller_hung_up", r.endReason());
        assertEquals(1, r.inputsLeft());
        r = simulate(IvrFlowManagerTestGraphs.MENU, "{\"hang_up_at_node\":\"01HPROMPT00000000000000000\"}");
        assertEquals("caller_hung_up", r.endReason());
        assertEquals(2, r.visits());
        assertEquals(List.of(), r.path().get(1).said());
    }

    @Test
    public void aFlowLoopEndsAtTwoHundredVisitsAsSystemErrorAsOnACall() {
        StringBuilder inputs = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < 150; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"keys\":\"2\"}");
        }
        SimulationResult r = simulate(IvrFlowManagerTestGraphs.MENU, inputs.append("]}").toString());
        assertEquals("visit_limit", r.endReason());
        assertEquals(CallStatus.SYSTEM_ERROR, r.status());
        assertEquals(FlowRun.MAX_VISITS, r.path().size());
    }

    @Test
    public void aNodeTypeNotInstalledGetsTheApologyAndEndsAsSystemError() {
        long id = flow(IvrFlowManagerTestGraphs.MENU, IvrVersion.PUBLISHED);
        types.remove("menu");
        SimulationResult r = simulator.simulate(INSTANCE, id, IvrVersion.MAIN, null);
        assertEquals(List.of("Start>next", "Hello>next", "Menu>"), path(r));
        assertEquals("node_type_missing", r.endReason());
        assertEquals(CallStatus.SYSTEM_ERROR, r.status());
        assertEquals(List.of(FlowRun.APOLOGY), r.path().get(2).said());
    }

    static final String API = """
            {"nodes":[
              {"id":"main_menu","type":"start","label":"Start"},
              {"id":"a","type":"api","label":"Api","params":{"url":"%s"}},
              {"id":"e","type":"end","label":"End"}],
             "edges":[
              {"from_node":"main_menu","from_port":"next","to_node":"a"},
              {"from_node":"a","from_port":"next","to_node":"e"}]}""";

    @Test
    public void aStubbedUrlAnswersFromTheScriptAndAnyOtherUrlIsReallyCalled() throws Exception {
        types.add(FakeNodeTypes.simple("api", List.of("next"), c -> {
            try {
                HttpResponse<String> res = c.http().sendAsync(HttpRequest.newBuilder(URI.create((String) c.params().get("url")))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).get();
                c.variables().put("Answer", res.statusCode() + " " + res.body());
            } catch (Exception e) {
                c.variables().put("Answer", "failed");
            }
            return "next";
        }));
        AtomicInteger served = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/score", x -> {
            served.incrementAndGet();
            byte[] b = "{\"Score\":\"7\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/score";
            SimulationResult real = simulate(API.formatted(url), "");
            assertEquals("200 {\"Score\":\"7\"}", real.variables().get("Answer"));
            assertEquals(1, served.get());
            SimulationResult stubbed = simulate(API.formatted(url),
                    "{\"api_answers\":{\"" + url + "\":{\"status\":201,\"body\":{\"Score\":\"95\"}}}}");
            assertEquals("201 {\"Score\":\"95\"}", stubbed.variables().get("Answer"));
            assertEquals("the stubbed URL is not called", 1, served.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    public void theScriptsClockIsTheOneNodesRead() {
        types.add(FakeNodeTypes.simple("api", List.of("next"), c -> {
            c.variables().put("Year", String.valueOf(c.clock().instant().atZone(java.time.ZoneOffset.UTC).getYear()));
            return "next";
        }));
        SimulationResult r = simulate(API.formatted("x"), "{\"now\":\"2031-12-25T10:00:00+08:00\"}");
        assertEquals("2031", r.variables().get("Year"));
    }

    @Test
    public void aDraftRunsAndSaysSoAndAnUnknownVersionIs404() {
        long id = flow(IvrFlowManagerTestGraphs.MENU, IvrVersion.DRAFT);
        assertTrue(simulator.simulate(INSTANCE, id, IvrVersion.MAIN, null).draft());
        try {
            simulator.simulate(INSTANCE, id, "v9", null);
            fail();
        } catch (NotFoundException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("v9"));
        }
    }

    @Test
    public void aBadScriptIsRefusedNamingTheField() {
        assertField("inputs[1].keys", "{\"inputs\":[{\"keys\":\"1\"},{\"keys\":\"x\"}]}");
        assertField("inputs[0].colour", "{\"inputs\":[{\"colour\":\"1\"}]}");
        assertField("now", "{\"now\":\"yesterday\"}");
        assertField("hang_up_at_visit", "{\"hang_up_at_visit\":0}");
        assertField("api_answers.http://x/.status", "{\"api_answers\":{\"http://x/\":{\"status\":9}}}");
        assertField("transfers.n1.connected", "{\"transfers\":{\"n1\":{\"connected\":\"yes\"}}}");
        assertField("steps", "{\"steps\":[]}");
    }

    private void assertField(String field, String script) {
        try {
            simulator.parseScript(script);
            fail(script);
        } catch (MalformedException e) {
            assertEquals(script, field, e.field());
        }
    }
}
