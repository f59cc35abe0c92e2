package io.parley.ivr.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.call.CallStatus;
import io.parley.api.event.CallEvents;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.SelfService;
import io.parley.api.ivr.SelfServiceRunner;
import io.parley.api.store.SelfServiceStore;
import java.util.Optional;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.TrunkNumber;
import io.parley.ivr.flow.FakeNodeTypes;
import io.parley.ivr.flow.IvrFlowManager;
import io.parley.ivr.flow.IvrFlowManagerTestGraphs;
import io.parley.ivr.flow.MemoryFlowStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.After;
import org.junit.Test;

public class IvrEngineTest {

    private final FakeCall call = new FakeCall();
    private final FakeNodeTypes types = FakeNodeTypes.standard();
    private final MemoryFlowStore store = new MemoryFlowStore();
    private final IvrFlowManager flows = new IvrFlowManager(store, types);
    private final List<Map<String, Object>> trace = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<Long, TrunkNumber> numbers = new HashMap<>();
    private final Map<Long, SelfService> selfServices = new HashMap<>();
    private final IvrEngine engine = new IvrEngine(new EngineServices(call, call, types, (topic, p) -> {
        Map<String, Object> e = new HashMap<>(p);
        e.put("topic", topic);
        synchronized (trace) {
            trace.add(e);
        }
    }, id -> java.time.ZoneOffset.UTC, (i, a) -> null, java.net.http.HttpClient.newHttpClient(), Path.of("target"), timer),
            store, numberService(), 4, selfServiceStore());

    private SelfServiceStore selfServiceStore() {
        return (SelfServiceStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SelfServiceStore.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("find")) {
                        return Optional.ofNullable(selfServices.get((Long) args[1]));
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A self_service flow with the MENU graph, its End node the real one's: the flow is over, nothing hung up. */
    private SelfService selfService(boolean enabled) {
        types.add(FakeNodeTypes.simple("end", List.of(), c -> IvrNodeType.END_FLOW));
        IvrFlow f = flows.create(1000001, "self_service", "Survey", null);
        flows.saveVersion(1000001, f.id(), "MAIN", flows.parseGraph(IvrFlowManagerTestGraphs.MENU), null);
        SelfService s = new SelfService(7, 1000001, "Survey", f.id(), "MAIN", enabled);
        selfServices.put(s.id(), s);
        return s;
    }

    @Test
    public void aSelfServiceRunsOnTheCustomerLegAndAtEndHandsTheCustomerBackWithoutReleasingTheCall() throws Exception {
        SelfService s = selfService(true);
        call.keys.add("1");
        SelfServiceRunner.Run run = engine.start(1000001, call.id, "a", s.id(), "agent-1");
        assertEquals("end", run.finished().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of("Start", "Hello", "Menu", "Bye"), labels());
        assertEquals("the call goes on with the agent", null, call.hangupStatus);
        Map<String, Object> end;
        synchronized (trace) {
            end = trace.stream().filter(e -> CallEvents.IVR_ENDED.equals(e.get("topic"))).findFirst().orElseThrow();
        }
        assertEquals(7L, end.get(CallEvents.IVR_SELF_SERVICE_ID));
        assertFalse("no call status: the call is not over", end.containsKey(CallEvents.STATUS));
    }

    @Test
    public void returnToCallStopsTheSelfServiceWhereItIsAndTheCallGoesOn() throws Exception {
        SelfService s = selfService(true);
        call.keys.add(FakeCall.SILENT);     // the customer listens to the menu
        SelfServiceRunner.Run run = engine.start(1000001, call.id, "a", s.id(), "agent-1");
        while (labels().size() < 2 || call.pending.isEmpty()) {     // the menu waits for a key
            Thread.sleep(10);
        }
        try {
            engine.start(1000001, call.id, "a", s.id(), "agent-1");
            org.junit.Assert.fail("one flow on a leg at a time per call");
        } catch (io.parley.api.error.ConflictException expected) {
            assertEquals("call", expected.field());
        }
        run.returnToCall();
        assertEquals("returned_to_call", run.finished().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(null, call.hangupStatus);
    }

    @Test
    public void aNumbersOutboundFlowRunsTowardTheCalleeAndHandsTheCalleeBackANumberWithoutOneRunsNothing()
            throws Exception {
        types.add(FakeNodeTypes.simple("end", List.of(), c -> IvrNodeType.END_FLOW));
        IvrFlow f = flows.create(1000001, "outbound", "Announcement", null);
        flows.saveVersion(1000001, f.id(), "MAIN", flows.parseGraph(IvrFlowManagerTestGraphs.MENU), null);
        numbers.put(103L, new TrunkNumber(103, 1, 1000001, "008602100000003", false, null, 0, 0, "outbound", "active", null,
                null, null, f.id(), List.of(), false, null, false, Instant.now(), List.of(), null));
        number(104, null, null);
        assertTrue(engine.start(1000001, call.id, "a", 104).isEmpty());
        call.keys.add("1");
        io.parley.api.ivr.IvrLegRun run = engine.start(1000001, call.id, "a", 103).orElseThrow();
        assertEquals("end", run.finished().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of("Start", "Hello", "Menu", "Bye"), labels());
        assertEquals("the agent is bridged next, the call goes on", null, call.hangupStatus);
    }

    @Test
    public void aDisabledSelfServiceOrAnUnknownLegIsRefused() {
        SelfService off = selfService(false);
        try {
            engine.start(1000001, call.id, "a", off.id(), null);
            org.junit.Assert.fail();
        } catch (io.parley.api.error.ConflictException expected) {
            assertEquals("self_service_id", expected.field());
        }
        selfServices.put(off.id(), new SelfService(off.id(), 1000001, "Survey", off.ivrId(), "MAIN", true));
        try {
            engine.start(1000001, call.id, "b", off.id(), null);
            org.junit.Assert.fail();
        } catch (io.parley.api.error.NotFoundException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("b"));
        }
    }

    @After
    public void stop() {
        engine.deactivate();
    }

    private NumberService numberService() {
        return (NumberService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NumberService.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("get")) {
                        TrunkNumber n = numbers.get((Long) args[1]);
                        if (n == null) {
                            throw new io.parley.api.error.NotFoundException("number", args[1]);
                        }
                        return n;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private void number(long id, Long flowId, String version) {
        numbers.put(id, new TrunkNumber(id, 1, 1000001, "008602100000001", false, null, 0, 0, "inbound", "active", null,
                flowId, version, null, List.of(), false, null, false, Instant.now(), List.of(), null));
    }

    private List<String> labels() {
        synchronized (trace) {
            return trace.stream().filter(e -> CallEvents.IVR_NODE.equals(e.get("topic")))
                    .map(e -> (String) e.get(CallEvents.IVR_NODE_LABEL)).toList();
        }
    }

    private boolean ended() {
        synchronized (trace) {
            return trace.stream().anyMatch(e -> CallEvents.IVR_ENDED.equals(e.get("topic")));
        }
    }

    @Test
    public void onlyCallsToANumberBindingAFlowAreTakenTheOthersGetTheDefault() {
        number(101, null, null);
        IvrFlow f = flows.create(1000001, "inbound", "Hotline", null);
        number(102, f.id(), "MAIN");
        assertFalse(engine.accepts(call.info(), 101));
        assertFalse(engine.accepts(call.info(), 999));
        assertTrue(engine.accepts(call.info(), 102));
    }

    @Test
    public void theVersionIsReadWhenTheCallStartsSoAnEditReachesOnlyNewCalls() throws Exception {
        IvrFlow f = flows.create(1000001, "inbound", "Hotline", null);
        flows.saveVersion(1000001, f.id(), "MAIN", flows.parseGraph(IvrFlowManagerTestGraphs.MENU), null);
        number(102, f.id(), "MAIN");
        call.keys.add(FakeCall.SILENT);     // the caller waits in the menu
        engine.answered(call.info(), 102);
        while (labels().size() < 2) {
            Thread.sleep(10);
        }
        // meanwhile the version is edited: the welcome prompt renamed
        flows.saveVersion(1000001, f.id(), "MAIN", flows.parseGraph(IvrFlowManagerTestGraphs.MENU
                .replace("\"label\":\"Hello\"", "\"label\":\"Edited\"")), null);
        call.keys.clear();
        call.callerHangsUp();
        engine.handleEvent(new org.osgi.service.event.Event(CallEvents.ENDED, Map.of(CallEvents.SESSION_ID, call.id)));
        while (!ended()) {
            Thread.sleep(10);
        }
        assertEquals(List.of("Start", "Hello", "Menu"), labels());
        assertEquals(0, engine.running());
    }

    @Test
    public void aBoundVersionThatCannotRunGetsTheApology() throws Exception {
        IvrFlow f = flows.create(1000001, "inbound", "Hotline", null);
        number(102, f.id(), "v404");
        engine.answered(call.info(), 102);
        while (!ended()) {
            Thread.sleep(10);
        }
        assertEquals(CallStatus.SYSTEM_ERROR, call.hangupStatus);
        assertTrue(call.played.toString(), call.played.contains("tts:" + FlowRun.APOLOGY));
    }
}
