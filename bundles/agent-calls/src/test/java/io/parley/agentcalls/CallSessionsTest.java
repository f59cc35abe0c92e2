package io.parley.agentcalls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.acd.ContactHistory;
import io.parley.api.agent.AccountState;
import io.parley.api.agent.Agent;
import io.parley.api.agent.MobileAnswering;
import io.parley.api.event.CallEvents;
import io.parley.api.popup.PopupPage;
import io.parley.api.store.ContactHistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.osgi.service.event.Event;

public class CallSessionsTest {

    private static final long INSTANCE = 1000001;

    private static Event event(String topic, String sid, Object... kv) {
        Map<String, Object> p = new HashMap<>();
        p.put(CallEvents.SESSION_ID, sid);
        p.put(CallEvents.INSTANCE_ID, INSTANCE);
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return new Event(topic, p);
    }

    @Test
    public void anInboundCallKnowsItsCallerQueueAgentAndAfterATransferToAnotherAgentTheNewOne() {
        CallSessions sessions = new CallSessions();
        List<String> types = new ArrayList<>();
        sessions.listen((e, before, after) -> types.add(AgentEventStreamManager.typeOf(e, after)));
        sessions.handleEvent(event(CallEvents.CREATED, "s1", CallEvents.DIRECTION, "inbound",
                CallEvents.CALLER, "008613988888352"));
        sessions.handleEvent(event(CallEvents.QUEUED, "s1", CallEvents.SKILL_GROUP_ID, 2001L));
        sessions.handleEvent(event(CallEvents.DEQUEUED, "s1", CallEvents.OUTCOME, "offered"));
        sessions.handleEvent(event(CallEvents.AGENT_RINGING, "s1", CallEvents.AGENT_ID, "100010", CallEvents.LEG_ID, "b"));
        sessions.handleEvent(event(CallEvents.AGENT_RING_ENDED, "s1", CallEvents.AGENT_ID, "100010",
                CallEvents.OUTCOME, "answered"));
        Session.View s = sessions.live("s1").orElseThrow().view();
        assertEquals("008613988888352", s.customerNumber());
        assertEquals("a", s.customerLegId());
        assertEquals("100010", s.agentId());
        assertEquals("b", s.agentLegId());
        assertEquals(Long.valueOf(2001), s.skillGroupId());
        assertEquals("100010", sessions.callOf(INSTANCE, "100010").orElseThrow().agentId());

        sessions.handleEvent(event(CallEvents.HELD, "s1", CallEvents.ON_HOLD, true));
        sessions.handleEvent(event(CallEvents.HELD, "s1", CallEvents.ON_HOLD, false));
        sessions.handleEvent(event(CallEvents.TRANSFERRED, "s1", CallEvents.LEG_ID, "c",
                CallEvents.TRANSFER_TYPE, "agent", CallEvents.TRANSFER_TO, "100011"));
        s = sessions.live("s1").orElseThrow().view();
        assertEquals("100011", s.agentId());
        assertEquals("c", s.agentLegId());
        assertTrue(sessions.callOf(INSTANCE, "100010").isEmpty());

        sessions.handleEvent(event(CallEvents.ENDED, "s1", CallEvents.STATUS, "normal_end"));
        assertTrue(sessions.live("s1").isEmpty());
        assertEquals("normal_end", sessions.ended("s1").orElseThrow().view().status());
        assertEquals(java.util.Arrays.asList(null, null, null, "call.offered", "call.answered", "call.held",
                "call.resumed", "call.transferred", "call.ended"), types);
    }

    @Test
    public void anOriginatedCallStartsWhenTheAgentsPhoneRingsAndIsAnsweredWhenTheCustomersLegAnswers() {
        CallSessions sessions = new CallSessions();
        List<String> types = new ArrayList<>();
        sessions.listen((e, before, after) -> types.add(AgentEventStreamManager.typeOf(e, after)));
        sessions.handleEvent(event(CallEvents.CREATED, "s2", CallEvents.DIRECTION, "outbound"));
        Session s = sessions.open("s2", INSTANCE, "outbound");
        s.agentId = "100010";
        s.agentLegId = "a";
        sessions.handleEvent(event(CallEvents.AGENT_RINGING, "s2", CallEvents.AGENT_ID, "100010", CallEvents.LEG_ID, "a",
                CallEvents.DIRECTION, "outbound"));
        sessions.handleEvent(event(CallEvents.ANSWERED, "s2", CallEvents.LEG_ID, "a"));
        sessions.handleEvent(event(CallEvents.AGENT_RING_ENDED, "s2", CallEvents.AGENT_ID, "100010", CallEvents.LEG_ID,
                "a", CallEvents.OUTCOME, "answered"));
        s.customerLegId = "b";
        sessions.handleEvent(event(CallEvents.ANSWERED, "s2", CallEvents.LEG_ID, "b"));
        sessions.handleEvent(event(CallEvents.ENDED, "s2", CallEvents.STATUS, "answered"));
        assertEquals(java.util.Arrays.asList(null, "call.outbound_started", null, null, "call.outbound_answered",
                "call.ended"), types);
    }

    @Test
    public void popUpUrlsCarryTheSpecParametersUrlEncodedOnEnabledPagesOnly() {
        Agent agent = new Agent(INSTANCE, "100010", "Ann", "Annie", "a@x.com", 7, List.of(), "13800000000",
                MobileAnswering.OFF, AccountState.ACTIVE, null, Instant.now());
        List<String> urls = PopupUrls.of(List.of(
                new PopupPage(1, INSTANCE, "CRM", "https://crm.example.com/ticket", null, false, true, 1),
                new PopupPage(2, INSTANCE, "Off", "https://off.example.com/", null, false, false, 2)),
                "139****8352", PopupUrls.RINGING, agent, INSTANCE);
        assertEquals(List.of("https://crm.example.com/ticket#?mobile=139****8352&userId=139****8352&nickName=&avatar="
                + "&status=100&type=phone&agentEmail=a%40x.com&agentMobile=13800000000&agentNickName=Annie"
                + "&agentRoleId=7&sdkAppId=1000001"), urls);
    }

    @Test
    public void theContactHistoryKeepsTheOriginatingAgentAsLastOutboundAndTheAnsweringAgentAsLastServed()
            throws Exception {
        Map<String, ContactHistory.AgentContact> rows = new HashMap<>();
        ContactHistoryStore store = new ContactHistoryStore() {
            public synchronized void record(long i, String n, String k, String a, Instant at) {
                rows.put(n + "/" + k, new ContactHistory.AgentContact(a, at));
            }

            public synchronized Optional<ContactHistory.AgentContact> last(long i, String n, String k) {
                return Optional.ofNullable(rows.get(n + "/" + k));
            }

            public int purgeBefore(Instant before) {
                return 0;
            }
        };
        CallSessions sessions = new CallSessions();
        ContactHistoryManager history = new ContactHistoryManager(store, sessions);
        try {
            Session out = sessions.open("o1", INSTANCE, "outbound");
            out.customerNumber = "008613900000001";
            sessions.handleEvent(event(CallEvents.AGENT_RINGING, "o1", CallEvents.AGENT_ID, "100010",
                    CallEvents.LEG_ID, "a", CallEvents.TIMESTAMP, System.currentTimeMillis()));
            sessions.handleEvent(event(CallEvents.CREATED, "i1", CallEvents.DIRECTION, "inbound",
                    CallEvents.CALLER, "008613900000002"));
            sessions.handleEvent(event(CallEvents.AGENT_RING_ENDED, "i1", CallEvents.AGENT_ID, "100020",
                    CallEvents.OUTCOME, "timeout"));
            sessions.handleEvent(event(CallEvents.AGENT_RING_ENDED, "i1", CallEvents.AGENT_ID, "100021",
                    CallEvents.OUTCOME, "answered"));
            long until = System.nanoTime() + 5_000_000_000L;
            while (rows.size() < 2 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals("100010", history.lastOutbound(INSTANCE, "008613900000001", Duration.ofDays(3))
                    .orElseThrow().agentId());
            assertEquals("100021", history.lastServed(INSTANCE, "008613900000002", Duration.ofDays(30))
                    .orElseThrow().agentId());
            assertTrue(history.lastServed(INSTANCE, "008613900000001", Duration.ofDays(30)).isEmpty());
            rows.put("008613900000009/outbound", new ContactHistory.AgentContact("100030",
                    Instant.now().minus(Duration.ofDays(4))));
            assertTrue("older than the window", history.lastOutbound(INSTANCE, "008613900000009",
                    Duration.ofDays(3)).isEmpty());
        } finally {
            history.stop();
        }
    }

    @Test
    public void maskingFallbackHidesTheMiddleFourDigits() {
        assertEquals("139****8352", AgentCallManager.mask("13912348352"));
        assertEquals("123456", AgentCallManager.mask("123456"));
    }
}
