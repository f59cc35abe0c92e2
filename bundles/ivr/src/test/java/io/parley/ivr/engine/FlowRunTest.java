package io.parley.ivr.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.call.CallStatus;
import io.parley.api.event.CallEvents;
import io.parley.api.ivr.IvrGraph;
import io.parley.ivr.flow.FakeNodeTypes;
import io.parley.ivr.flow.FlowJson;
import io.parley.ivr.flow.IvrFlowManagerTestGraphs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.After;
import org.junit.Test;

public class FlowRunTest {

    private final FakeCall call = new FakeCall();
    private final FakeNodeTypes types = FakeNodeTypes.standard();
    private final List<Map<String, Object>> trace = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final EngineServices services = new EngineServices(call, call, types, (topic, p) -> {
        Map<String, Object> e = new HashMap<>(p);
        e.put("topic", topic);
        synchronized (trace) {
            trace.add(e);
        }
    }, id -> java.time.ZoneOffset.UTC, (i, a) -> null, java.net.http.HttpClient.newHttpClient(), Path.of("target"), timer);

    @After
    public void stop() {
        timer.shutdownNow();
    }

    private FlowRun run(String graph) {
        IvrGraph g = new FlowJson().parseGraph(graph);
        return new FlowRun(services, call.info(), 1003301, "MAIN", g);
    }

    private List<String> path() {
        return trace.stream().filter(e -> CallEvents.IVR_NODE.equals(e.get("topic")))
                .map(e -> e.get(CallEvents.IVR_NODE_LABEL) + ">" + e.get(CallEvents.IVR_PORT)
                        + (((String) e.get(CallEvents.IVR_KEYS)).isEmpty() ? "" : "[" + e.get(CallEvents.IVR_KEYS) + "]"))
                .toList();
    }

    private Map<String, Object> ended() {
        return trace.stream().filter(e -> CallEvents.IVR_ENDED.equals(e.get("topic"))).findFirst().orElseThrow();
    }

    @Test
    public void keysDriveThePathWhichTheTracePostsNodeByNodeAndTheEndNodeEndsTheCall() {
        call.keys.add("2");    // back to the prompt
        call.keys.add("1");    // to the end
        run(IvrFlowManagerTestGraphs.MENU).run();
        assertEquals(List.of("Start>next", "Hello>next", "Menu>key:2[2]", "Hello>next", "Menu>key:1[1]", "Bye>"), path());
        assertEquals(CallStatus.IVR_ENDED, call.hangupStatus);
        assertEquals("end", ended().get(CallEvents.IVR_END_REASON));
        assertEquals(6, ended().get(CallEvents.IVR_VISITS));
        // ${SystemCallerNumber} was substituted in the prompt
        assertTrue(call.played.toString(), call.played.contains("tts:Hello 008613900000001"));
    }

    @Test
    public void aFlowLoopEndsAtTwoHundredVisitsAsSystemError() {
        // the caller keeps pressing 2: prompt and menu for ever
        for (int i = 0; i < 300; i++) {
            call.keys.add("2");
        }
        run(IvrFlowManagerTestGraphs.MENU).run();
        assertEquals(CallStatus.SYSTEM_ERROR, call.hangupStatus);
        assertEquals("visit_limit", ended().get(CallEvents.IVR_END_REASON));
        assertEquals(FlowRun.MAX_VISITS, ended().get(CallEvents.IVR_VISITS));
        assertEquals(FlowRun.MAX_VISITS, path().size());
    }

    @Test
    public void aNodeWhoseTypeIsNotInstalledGetsTheApologyAndEndsAsSystemError() {
        types.remove("menu");
        run(IvrFlowManagerTestGraphs.MENU).run();
        assertEquals(List.of("Start>next", "Hello>next", "Menu>"), path());
        assertTrue(call.played.toString(), call.played.contains("tts:" + FlowRun.APOLOGY));
        assertEquals(CallStatus.SYSTEM_ERROR, call.hangupStatus);
        assertEquals("node_type_missing", ended().get(CallEvents.IVR_END_REASON));
    }

    @Test
    public void aHangUpWhileANodeWaitsForKeysEndsTheRunWithoutHangingUpAgain() throws Exception {
        call.keys.add(FakeCall.SILENT);   // the caller listens to the menu and hangs up
        FlowRun r = run(IvrFlowManagerTestGraphs.MENU);
        Thread t = new Thread(r);
        t.start();
        while (call.pending.isEmpty()) {
            Thread.sleep(10);
        }
        call.callerHangsUp();
        r.callEnded();
        t.join(10_000);
        assertEquals(false, t.isAlive());
        assertEquals("caller_hung_up", ended().get(CallEvents.IVR_END_REASON));
        assertEquals(null, call.hangupStatus);
        assertEquals(List.of("Start>next", "Hello>next", "Menu>max_errors"), path());
    }

    @Test
    public void systemVariablesAreReadOnlyAndFlowVariablesReachLaterNodes() {
        FlowRun r = run(IvrFlowManagerTestGraphs.MENU);
        try {
            r.variables.put("SystemCallerNumber", "x");
            fail();
        } catch (UnsupportedOperationException expected) {
            // SPEC §7.4
        }
        r.variables.put("Account", "77");
        assertEquals("77 s-1 ", r.variables.substitute("${Account} ${SystemSessionId} ${Unknown}"));
    }

    @Test
    public void aMissingVersionGetsTheApologyAndEndsAsSystemError() {
        new FlowRun(services, call.info(), 1003301, "v9", null).run();
        assertEquals(CallStatus.SYSTEM_ERROR, call.hangupStatus);
        assertEquals("version_unavailable", ended().get(CallEvents.IVR_END_REASON));
    }
}
