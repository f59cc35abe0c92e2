package io.parley.records;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.error.InvalidException;
import io.parley.api.event.CallEvents;
import io.parley.api.event.RecordEvents;
import io.parley.api.paging.PageRequest;
import io.parley.api.record.RecordFilter;
import io.parley.api.record.ServiceRecord;
import io.parley.api.store.ServiceRecordStore.StoredServiceRecord;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

public class ServiceRecordManagerTest {

    private static final long INSTANCE = 1000001;
    private final MemoryRecordStore store = new MemoryRecordStore();
    private final List<Event> posted = new ArrayList<>();
    private final EventAdmin events = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }
    };
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private ServiceRecordManager records;

    @Before
    public void newManager() {
        records = new ServiceRecordManager(store, events, () -> now, 1000, 3000);
    }

    private void event(String session, String topic, int atSecond, Object... keyValues) {
        Map<String, Object> p = new HashMap<>();
        p.put(CallEvents.SESSION_ID, session);
        p.put(CallEvents.INSTANCE_ID, INSTANCE);
        p.put(CallEvents.TIMESTAMP, start().plusSeconds(atSecond).toEpochMilli());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        records.handleEvent(new Event(topic, p));
    }

    private Instant start() {
        return Instant.parse("2026-12-07T10:00:00Z");
    }

    private void created(String session, String direction) {
        event(session, CallEvents.CREATED, 0, CallEvents.DIRECTION, direction, CallEvents.CATEGORY, "telephone",
                CallEvents.CALLER, "008613912345678", CallEvents.CALLEE, "00862187654321");
    }

    /** Lets the settle time pass and writes. */
    private void settle(int atSecond) {
        now = start().plusSeconds(atSecond).plusSeconds(4);
        records.flush();
    }

    private JsonNode closed(String session) throws Exception {
        List<Event> mine = posted.stream().filter(e -> e.getTopic().equals(RecordEvents.CLOSED))
                .filter(e -> session.equals(e.getProperty(RecordEvents.SESSION_ID))).toList();
        assertEquals("CLOSED posted once for " + session, 1, mine.size());
        return new ObjectMapper().readTree((String) mine.get(0).getProperty(RecordEvents.RECORD_JSON));
    }

    @Test
    public void aCallerWhoHangsUpInTheIvrLeavesAbandonedInIvrWithItsPathAndParty() throws Exception {
        created("s1", "inbound");
        event("s1", CallEvents.ANSWERED, 1);
        event("s1", CallEvents.IVR_NODE, 3, CallEvents.IVR_NODE_ID, "main_menu", CallEvents.IVR_NODE_LABEL, "Start",
                CallEvents.IVR_KEYS, "");
        event("s1", CallEvents.IVR_NODE, 8, CallEvents.IVR_NODE_ID, "01G37ZXAE1Z1KQH5W0CY28G16J",
                CallEvents.IVR_NODE_LABEL, "Menu", CallEvents.IVR_KEYS, "2");
        now = start().plusSeconds(12);
        event("s1", CallEvents.ENDED, 12, CallEvents.STATUS, "abandoned_in_ivr", CallEvents.HANGUP_PARTY, "customer");
        now = start().plusSeconds(14);
        records.flush();
        assertTrue("not final before the IVR said it ended", posted.isEmpty());
        event("s1", CallEvents.IVR_NODE, 12, CallEvents.IVR_NODE_ID, "01G37ZXAE1Z1KQH5W0CY28G16K",
                CallEvents.IVR_NODE_LABEL, "Sales info", CallEvents.IVR_KEYS, "");
        event("s1", CallEvents.IVR_ENDED, 12, CallEvents.STATUS, "abandoned_in_ivr",
                CallEvents.IVR_END_REASON, "caller_hung_up");
        settle(12);
        JsonNode r = closed("s1");
        assertEquals("abandoned_in_ivr", r.get("status").asText());
        assertEquals("customer", r.get("hangup_party").asText());
        assertEquals(12, r.get("duration_s").asInt());
        assertEquals(3, r.get("ivr_path").size());
        assertEquals("Menu", r.get("ivr_path").get(1).get("label").asText());
        assertEquals("2", r.get("ivr_path").get(1).get("key").asText());
        assertFalse(r.get("ivr_path").get(0).has("key"));
        assertEquals(start().getEpochSecond(), r.get("time").asLong());
        assertEquals("008613912345678", r.get("caller_number").asText());
        assertFalse(store.rows.get("s1").open());
    }

    @Test
    public void aCallerWhoHangsUpWhileQueuedIsAbandonedInQueueThoughTheCallLayerSaysIvr() throws Exception {
        created("q", "inbound");
        event("q", CallEvents.QUEUED, 5, CallEvents.SKILL_GROUP_ID, 2001L);
        event("q", CallEvents.ENDED, 35, CallEvents.STATUS, "abandoned_in_ivr", CallEvents.HANGUP_PARTY, "customer");
        settle(35);
        JsonNode r = closed("q");
        assertEquals("abandoned_in_queue", r.get("status").asText());
        assertEquals(30, r.get("queue_duration_s").asInt());
        assertEquals(2001, r.get("skill_group_id").asLong());
    }

    @Test
    public void aCallerWhoHangsUpWhileAnAgentRingsIsAbandonedWhileRinging() throws Exception {
        created("r", "inbound");
        event("r", CallEvents.QUEUED, 2, CallEvents.SKILL_GROUP_ID, 2001L);
        event("r", CallEvents.DEQUEUED, 4, CallEvents.OUTCOME, "offered");
        event("r", CallEvents.AGENT_RINGING, 4, CallEvents.AGENT_ID, "1001");
        event("r", CallEvents.ENDED, 10, CallEvents.STATUS, "abandoned_in_ivr", CallEvents.HANGUP_PARTY, "customer");
        settle(10);
        JsonNode r = closed("r");
        assertEquals("abandoned_while_ringing", r.get("status").asText());
        assertEquals(6, r.get("ring_duration_s").asInt());
        assertEquals(2, r.get("queue_duration_s").asInt());
        assertEquals("1001", r.get("agent_id").asText());
    }

    @Test
    public void offersNobodyTookEndAsAgentNotAnsweredWhenTheQueueGivesUp() throws Exception {
        created("n", "inbound");
        event("n", CallEvents.QUEUED, 1, CallEvents.SKILL_GROUP_ID, 2001L);
        event("n", CallEvents.AGENT_RINGING, 2, CallEvents.AGENT_ID, "1001");
        event("n", CallEvents.AGENT_RING_ENDED, 22, CallEvents.AGENT_ID, "1001", CallEvents.OUTCOME, "timeout");
        event("n", CallEvents.DEQUEUED, 60, CallEvents.OUTCOME, "queue_timeout");
        event("n", CallEvents.ENDED, 61, CallEvents.STATUS, "ivr_ended", CallEvents.HANGUP_PARTY, "system");
        settle(61);
        assertEquals("agent_not_answered", closed("n").get("status").asText());
        assertEquals(20, closed("n").get("ring_duration_s").asInt());
    }

    @Test
    public void aBridgedCallWithHoldIsNormalEndWithTalkAndHoldApart() throws Exception {
        created("b", "inbound");
        event("b", CallEvents.AGENT_RINGING, 2, CallEvents.AGENT_ID, "1001", CallEvents.AGENT_TERMINAL, "sip_phone");
        event("b", CallEvents.AGENT_RING_ENDED, 5, CallEvents.AGENT_ID, "1001", CallEvents.OUTCOME, "answered");
        event("b", CallEvents.BRIDGED, 5, CallEvents.AGENT_ID, "1001", CallEvents.SKILL_GROUP_ID, 2001L);
        event("b", CallEvents.HELD, 20, CallEvents.ON_HOLD, true);
        event("b", CallEvents.HELD, 30, CallEvents.ON_HOLD, false);
        event("b", CallEvents.ENDED, 65, CallEvents.STATUS, "normal_end", CallEvents.HANGUP_PARTY, "agent");
        settle(65);
        JsonNode r = closed("b");
        assertEquals("normal_end", r.get("status").asText());
        assertEquals(3, r.get("ring_duration_s").asInt());
        assertEquals(50, r.get("talk_duration_s").asInt());
        assertEquals(10, r.get("hold_duration_s").asInt());
        assertEquals(65, r.get("duration_s").asInt());
        assertEquals("agent", r.get("hangup_party").asText());
        assertEquals("sip_phone", r.get("agent_terminal").asText());
    }

    @Test
    public void transfersMakeAgentTransferOrExternalTransfer() throws Exception {
        created("t1", "inbound");
        event("t1", CallEvents.BRIDGED, 2, CallEvents.AGENT_ID, "1001");
        event("t1", CallEvents.TRANSFERRED, 10, CallEvents.TRANSFER_TYPE, "agent", CallEvents.TRANSFER_TO, "1002",
                CallEvents.AGENT_ID, "1002");
        event("t1", CallEvents.ENDED, 20, CallEvents.STATUS, "normal_end", CallEvents.HANGUP_PARTY, "customer");
        created("t2", "inbound");
        event("t2", CallEvents.BRIDGED, 2, CallEvents.AGENT_ID, "1001");
        event("t2", CallEvents.TRANSFERRED, 10, CallEvents.TRANSFER_TYPE, "external", CallEvents.TRANSFER_TO,
                "00862100000000");
        event("t2", CallEvents.ENDED, 20, CallEvents.STATUS, "normal_end", CallEvents.HANGUP_PARTY, "customer");
        settle(20);
        JsonNode one = closed("t1");
        assertEquals("agent_transfer", one.get("status").asText());
        assertEquals("1002", one.get("agent_id").asText());
        assertEquals("1001", one.get("transfers").get(0).get("from_agent").asText());
        assertEquals("agent", one.get("transfers").get(0).get("type").asText());
        assertEquals("external_transfer", closed("t2").get("status").asText());
    }

    @Test
    public void aStatusTheCallLayerOrTheFlowDecidedIsKept() throws Exception {
        created("w", "inbound");
        event("w", CallEvents.IVR_NODE, 1, CallEvents.IVR_NODE_ID, "main_menu", CallEvents.IVR_NODE_LABEL, "Start");
        event("w", CallEvents.IVR_ENDED, 3, CallEvents.STATUS, "non_working_hours");
        event("w", CallEvents.ENDED, 3, CallEvents.STATUS, "ivr_ended", CallEvents.HANGUP_PARTY, "system");
        created("x", "inbound");
        event("x", CallEvents.QUEUED, 1, CallEvents.SKILL_GROUP_ID, 2001L);
        event("x", CallEvents.ENDED, 3, CallEvents.STATUS, "no_agent_online", CallEvents.HANGUP_PARTY, "system");
        created("o", "outbound");
        event("o", CallEvents.ENDED, 9, CallEvents.STATUS, "callee_busy", CallEvents.HANGUP_PARTY, "system");
        settle(9);
        assertEquals("non_working_hours", closed("w").get("status").asText());
        assertEquals("no_agent_online", closed("x").get("status").asText());
        JsonNode out = closed("o");
        assertEquals("callee_busy", out.get("status").asText());
        assertEquals("own_number", out.get("number_source").asText());
        assertEquals(9, out.get("ring_duration_s").asInt());
    }

    @Test
    public void theRecordIsInTheStoreWhileTheCallGoesNotOnlyAtItsEnd() {
        created("live", "inbound");
        event("live", CallEvents.QUEUED, 2, CallEvents.SKILL_GROUP_ID, 2001L);
        now = start().plusSeconds(7);
        records.flush();
        StoredServiceRecord r = store.rows.get("live");
        assertTrue(r.open());
        assertEquals("calling", r.status());
        assertEquals(5, r.queueDurationS());
        records.heartbeat();
        assertEquals(now, store.rows.get("live").lastSeenAt());
        assertTrue(posted.isEmpty());
        ServiceRecord running = records.get(INSTANCE, "live", null);
        assertTrue(running.open());
    }

    @Test
    public void aRecordLeftOpenByACrashIsClosedAsSystemErrorAtTheTimeItWasLastSeen() throws Exception {
        created("crash", "inbound");
        event("crash", CallEvents.BRIDGED, 4, CallEvents.AGENT_ID, "1001");
        now = start().plusSeconds(30);
        records.flush();
        records.heartbeat();
        // the appliance is killed; a new run starts 10 minutes later
        now = start().plusSeconds(600);
        ServiceRecordManager next = new ServiceRecordManager(store, events, () -> now, 1000, 3000);
        next.recover();
        JsonNode r = closed("crash");
        assertEquals("system_error", r.get("status").asText());
        assertEquals("system", r.get("hangup_party").asText());
        assertEquals(30, r.get("duration_s").asInt());
        assertEquals(26, r.get("talk_duration_s").asInt());
        StoredServiceRecord stored = store.rows.get("crash");
        assertFalse(stored.open());
        assertEquals(start().plusSeconds(30), stored.endedAt());
        next.recover();
        closed("crash");
    }

    @Test
    public void aRecordOfACallStillUpIsTakenUpAfterABundleRestart() throws Exception {
        created("up", "inbound");
        event("up", CallEvents.BRIDGED, 4, CallEvents.AGENT_ID, "1001");
        now = start().plusSeconds(10);
        records.flush();
        ServiceRecordManager next = new ServiceRecordManager(store, events, () -> now, 1000, 3000);
        next.callsUp(() -> Set.of("up"));
        next.recover();
        assertTrue(store.rows.get("up").open());
        records = next;
        event("up", CallEvents.ENDED, 40, CallEvents.STATUS, "normal_end", CallEvents.HANGUP_PARTY, "customer");
        settle(40);
        JsonNode r = closed("up");
        assertEquals("normal_end", r.get("status").asText());
        assertEquals(36, r.get("talk_duration_s").asInt());
    }

    @Test
    public void aRepeatedEventDoesNotCloseARecordTwice() throws Exception {
        created("d", "inbound");
        event("d", CallEvents.ENDED, 5, CallEvents.STATUS, "not_answered", CallEvents.HANGUP_PARTY, "customer");
        settle(5);
        event("d", CallEvents.ENDED, 5, CallEvents.STATUS, "not_answered", CallEvents.HANGUP_PARTY, "customer");
        event("d", CallEvents.CREATED, 0);
        settle(6);
        assertEquals("not_answered", closed("d").get("status").asText());
        // and a fresh run that never saw it does not open it again
        ServiceRecordManager next = new ServiceRecordManager(store, events, () -> now, 1000, 3000);
        records = next;
        event("d", CallEvents.ENDED, 5, CallEvents.STATUS, "not_answered", CallEvents.HANGUP_PARTY, "customer");
        settle(7);
        closed("d");
    }

    @Test
    public void aRecordingReadyAfterTheEndIsAddedToTheFinalRecord() {
        created("rec", "inbound");
        event("rec", CallEvents.BRIDGED, 2, CallEvents.AGENT_ID, "1001");
        event("rec", CallEvents.ENDED, 20, CallEvents.STATUS, "normal_end", CallEvents.HANGUP_PARTY, "customer");
        settle(20);
        Map<String, Object> p = new HashMap<>();
        p.put(RecordEvents.SESSION_ID, "rec");
        p.put(RecordEvents.INSTANCE_ID, INSTANCE);
        p.put(RecordEvents.RECORDING_ID, "rec-1");
        p.put(RecordEvents.KIND, "recording");
        p.put(RecordEvents.DURATION_S, 18);
        p.put(RecordEvents.CHANNELS, 2);
        records.handleEvent(new Event(RecordEvents.RECORDING_READY, p));
        settle(21);
        ServiceRecord r = records.get(INSTANCE, "rec", null);
        assertEquals("rec-1", r.recording().id());
        assertEquals(18, r.recording().durationS());
        assertFalse(r.open());
    }

    @Test
    public void aDatabaseOutageLosesNothingTheNextWriteSavesIt() throws Exception {
        created("db", "inbound");
        event("db", CallEvents.ENDED, 5, CallEvents.STATUS, "not_answered", CallEvents.HANGUP_PARTY, "customer");
        store.failing = true;
        now = start().plusSeconds(9);
        try {
            records.flush();
            fail("the store failed");
        } catch (IllegalStateException expected) {
            // the writer logs and tries again
        }
        assertTrue(posted.isEmpty());
        store.failing = false;
        records.flush();
        assertEquals("not_answered", closed("db").get("status").asText());
    }

    @Test
    public void theRangeIsTodayByDefaultAndAtMost31DaysNamingTheField() {
        RecordFilter today = records.checked(INSTANCE, RecordFilter.all());
        assertEquals(Duration.ofDays(1), Duration.between(today.from(), today.to()));
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        assertEquals(Duration.ofDays(31), Duration.between(from,
                records.checked(INSTANCE, RecordFilter.all().withRange(from, from.plus(Duration.ofDays(31)))).to()));
        assertInvalid("to", RecordFilter.all().withRange(from, from.plus(Duration.ofDays(31)).plusSeconds(1)));
        assertInvalid("to", RecordFilter.all().withRange(from, from.minusSeconds(1)));
        assertInvalid("status", RecordFilter.all().withStatus("hung_up"));
        RecordFilter badParty = new RecordFilter(null, null, null, null, null, null, null, null, null, null, null,
                "nobody", null, null);
        assertInvalid("hangup_party", badParty);
    }

    private void assertInvalid(String field, RecordFilter f) {
        try {
            records.checked(INSTANCE, f);
            fail("accepted " + f);
        } catch (InvalidException e) {
            assertEquals(field, e.field());
        }
    }

    @Test
    public void remarksAreAtMost200CharactersAndSurviveLaterWrites() {
        created("m", "inbound");
        now = start().plusSeconds(1);
        records.setRemark(INSTANCE, "m", "x".repeat(200), null);
        try {
            records.setRemark(INSTANCE, "m", "x".repeat(201), null);
            fail("201 characters accepted");
        } catch (InvalidException e) {
            assertEquals("remark", e.field());
        }
        event("m", CallEvents.ENDED, 5, CallEvents.STATUS, "not_answered", CallEvents.HANGUP_PARTY, "customer");
        settle(5);
        assertEquals("x".repeat(200), records.get(INSTANCE, "m", null).remark());
    }

    @Test
    public void theCsvExportHasAHeaderAndDurationsAsHoursMinutesSeconds() throws Exception {
        created("c", "inbound");
        event("c", CallEvents.BRIDGED, 5, CallEvents.AGENT_ID, "1001");
        event("c", CallEvents.ENDED, 3725, CallEvents.STATUS, "normal_end", CallEvents.HANGUP_PARTY, "customer");
        settle(3725);
        records.setRemark(INSTANCE, "c", "said \"call me\", later", null);
        StringWriter out = new StringWriter();
        records.export(INSTANCE, RecordFilter.all().withRange(start().minusSeconds(60), start().plusSeconds(60)), out);
        String[] lines = out.toString().split("\r\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("session_id,time,category"));
        assertTrue(lines[1], lines[1].contains(",01:02:05,"));
        assertTrue(lines[1], lines[1].endsWith("\"said \"\"call me\"\", later\""));
        assertNull(records.list(INSTANCE, RecordFilter.all().withRange(start().minusSeconds(60),
                start().plusSeconds(60)), PageRequest.of(1, 15)).items().get(0).satisfaction());
    }
}
