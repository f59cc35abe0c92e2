package io.parley.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.api.record.ServiceRecord;
import io.parley.api.record.ServiceRecord.IvrStep;
import io.parley.api.record.ServiceRecord.Recording;
import io.parley.api.record.ServiceRecord.Satisfaction;
import io.parley.api.record.ServiceRecord.Transfer;
import io.parley.api.record.ServiceRecord.Voicemail;
import io.parley.api.store.ServiceRecordStore.StoredServiceRecord;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of service records: the stored {@code detail} (the parts of the record that are not
 * columns, plus the trace's progress marks so a record can be resumed or closed after a restart)
 * and the SPEC §27.1 record as posted with {@code parley/record/CLOSED}.
 */
final class RecordJson {

    /** Under Derby's VARCHAR(32000) of V15. */
    static final int MAX_DETAIL = 32000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    /** The stored row of a trace as of {@code now}. */
    static StoredServiceRecord stored(SessionTrace t, Instant now) {
        ServiceRecord r = t.record(now, null);
        return new StoredServiceRecord(r.instanceId(), r.sessionId(), r.time(), r.category(), r.direction(),
                r.agentTerminal(), r.callerNumber(), r.calleeNumber(), null, r.status(), r.durationS(),
                r.ringDurationS(), r.talkDurationS(), r.queueDurationS(), r.holdDurationS(), r.agentId(),
                r.agentName(), r.skillGroupId(), r.skillGroup(), r.hangupParty(), r.campaignId(), r.open(),
                t.lastSeen, r.endedAt(), detail(t, r));
    }

    static String detail(SessionTrace t, ServiceRecord r) {
        List<IvrStep> path = new ArrayList<>(r.ivrPath());
        while (true) {
            ObjectNode d = MAPPER.createObjectNode();
            d.put("number_source", r.numberSource());
            d.set("satisfaction", satisfaction(r.satisfaction()));
            d.set("ivr_path", path(path));
            d.set("voicemail", voicemail(r.voicemail()));
            d.set("recording", recording(r.recording()));
            d.set("transfers", transfers(r.transfers()));
            d.set("variables", MAPPER.valueToTree(r.variables()));
            d.set("progress", progress(t));
            String json = write(d);
            if (json.length() <= MAX_DETAIL || path.isEmpty()) {
                return json;
            }
            // a path of 200 long-keyed visits could pass the column: keep its beginning and end
            path.remove(path.size() / 2);
        }
    }

    private static ObjectNode progress(SessionTrace t) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("queued_since", millis(t.queuedSince));
        p.put("ringing_since", millis(t.ringingSince));
        p.put("bridged_since", millis(t.bridgedSince));
        p.put("held_since", millis(t.heldSince));
        p.put("queue_ms", t.queueMs);
        p.put("ring_ms", t.ringMs);
        p.put("talk_ms", t.talkMs);
        p.put("hold_ms", t.holdMs);
        p.put("ever_queued", t.everQueued);
        p.put("ever_offered", t.everOffered);
        p.put("ever_bridged", t.everBridged);
        p.put("ivr_seen", t.ivrSeen);
        p.put("ivr_ended", t.ivrEnded);
        p.put("dequeue_outcome", t.dequeueOutcome);
        p.put("ivr_status", t.ivrStatus);
        p.put("given_status", t.givenStatus);
        p.put("last_ring_open", t.lastRingOpen);
        p.put("last_queue_open", t.lastQueueOpen);
        return p;
    }

    /** A trace back from its stored row, to go on with a live call or to close it after a crash. */
    static SessionTrace trace(StoredServiceRecord s) {
        SessionTrace t = new SessionTrace(s.instanceId(), s.sessionId(), s.time());
        t.category = s.category();
        t.direction = s.direction();
        t.caller = s.callerNumber();
        t.callee = s.calleeNumber();
        t.agentTerminal = s.agentTerminal();
        t.agentId = s.agentId();
        t.agentName = s.agentName();
        t.skillGroup = s.skillGroup();
        t.skillGroupId = s.skillGroupId();
        t.campaignId = s.campaignId();
        t.lastSeen = s.lastSeenAt();
        t.endedAt = s.endedAt();
        t.hangupParty = s.hangupParty();
        t.closed = !s.open();
        JsonNode d = read(s.detailJson());
        t.satisfaction = satisfaction(d.get("satisfaction"));
        t.voicemail = voicemail(d.get("voicemail"));
        t.recording = recording(d.get("recording"));
        t.ivrPath.addAll(path(d.get("ivr_path")));
        t.transfers.addAll(transfers(d.get("transfers")));
        t.variables.putAll(variables(d.get("variables")));
        JsonNode p = d.path("progress");
        t.queuedSince = instant(p.get("queued_since"));
        t.ringingSince = instant(p.get("ringing_since"));
        t.bridgedSince = instant(p.get("bridged_since"));
        t.heldSince = instant(p.get("held_since"));
        t.queueMs = p.path("queue_ms").asLong();
        t.ringMs = p.path("ring_ms").asLong();
        t.talkMs = p.path("talk_ms").asLong();
        t.holdMs = p.path("hold_ms").asLong();
        t.everQueued = p.path("ever_queued").asBoolean();
        t.everOffered = p.path("ever_offered").asBoolean();
        t.everBridged = p.path("ever_bridged").asBoolean();
        t.ivrSeen = p.path("ivr_seen").asBoolean();
        t.ivrEnded = p.path("ivr_ended").asBoolean();
        t.dequeueOutcome = text(p.get("dequeue_outcome"));
        t.ivrStatus = text(p.get("ivr_status"));
        t.givenStatus = text(p.get("given_status"));
        t.lastRingOpen = p.path("last_ring_open").asBoolean();
        t.lastQueueOpen = p.path("last_queue_open").asBoolean();
        t.dirty = false;
        return t;
    }

    /** The record of a stored row, as queries answer it. */
    static ServiceRecord record(StoredServiceRecord s) {
        JsonNode d = read(s.detailJson());
        return new ServiceRecord(s.instanceId(), s.sessionId(), s.time(), s.category(), s.direction(),
                s.agentTerminal(), s.callerNumber(), text(d.get("number_source")), s.calleeNumber(), s.remark(),
                s.status(), s.durationS(), s.ringDurationS(), s.talkDurationS(), s.queueDurationS(),
                s.holdDurationS(), s.agentName(), s.agentId(), s.skillGroup(), s.skillGroupId(),
                satisfaction(d.get("satisfaction")), s.hangupParty(), path(d.get("ivr_path")),
                voicemail(d.get("voicemail")), recording(d.get("recording")), s.campaignId(),
                transfers(d.get("transfers")), variables(d.get("variables")), s.open(), s.endedAt());
    }

    /** SPEC §27.1 as snake_case JSON ({@code record.json} of {@code parley/record/CLOSED}); {@code time} in UNIX seconds. */
    static String spec(ServiceRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("session_id", r.sessionId());
        o.put("instance_id", r.instanceId());
        o.put("time", r.time().getEpochSecond());
        o.put("category", r.category());
        o.put("direction", r.direction());
        o.put("agent_terminal", r.agentTerminal());
        o.put("caller_number", r.callerNumber());
        o.put("number_source", r.numberSource());
        o.put("callee_number", r.calleeNumber());
        o.put("remark", r.remark());
        o.put("status", r.status());
        o.put("duration_s", r.durationS());
        o.put("ring_duration_s", r.ringDurationS());
        o.put("talk_duration_s", r.talkDurationS());
        o.put("queue_duration_s", r.queueDurationS());
        o.put("hold_duration_s", r.holdDurationS());
        o.put("agent_name", r.agentName());
        o.put("agent_id", r.agentId());
        o.put("skill_group", r.skillGroup());
        if (r.skillGroupId() == null) {
            o.putNull("skill_group_id");
        } else {
            o.put("skill_group_id", r.skillGroupId());
        }
        o.set("satisfaction", satisfaction(r.satisfaction()));
        o.put("hangup_party", r.hangupParty());
        o.set("ivr_path", path(r.ivrPath()));
        o.set("voicemail", voicemail(r.voicemail()));
        o.set("recording", recording(r.recording()));
        if (r.campaignId() == null) {
            o.putNull("campaign_id");
        } else {
            o.put("campaign_id", r.campaignId());
        }
        o.set("transfers", transfers(r.transfers()));
        o.set("variables", MAPPER.valueToTree(r.variables()));
        o.put("ended_at", r.endedAt() == null ? null : r.endedAt().getEpochSecond());
        return write(o);
    }

    private static JsonNode satisfaction(Satisfaction s) {
        if (s == null) {
            return MAPPER.nullNode();
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("digit", s.digit());
        o.put("label", s.label());
        return o;
    }

    private static Satisfaction satisfaction(JsonNode n) {
        return n == null || n.isNull() ? null : new Satisfaction(text(n.get("digit")), text(n.get("label")));
    }

    private static ArrayNode path(List<IvrStep> steps) {
        ArrayNode a = MAPPER.createArrayNode();
        for (IvrStep s : steps) {
            ObjectNode o = a.addObject();
            o.put("node_id", s.nodeId());
            o.put("label", s.label());
            if (s.key() != null) {
                o.put("key", s.key());
            }
        }
        return a;
    }

    private static List<IvrStep> path(JsonNode n) {
        List<IvrStep> out = new ArrayList<>();
        if (n != null) {
            n.forEach(s -> out.add(new IvrStep(text(s.get("node_id")), text(s.get("label")), text(s.get("key")))));
        }
        return out;
    }

    private static JsonNode voicemail(Voicemail v) {
        if (v == null) {
            return MAPPER.nullNode();
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", v.id());
        o.put("duration_s", v.durationS());
        return o;
    }

    private static Voicemail voicemail(JsonNode n) {
        return n == null || n.isNull() ? null : new Voicemail(text(n.get("id")), n.path("duration_s").asInt());
    }

    private static JsonNode recording(Recording r) {
        if (r == null) {
            return MAPPER.nullNode();
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("duration_s", r.durationS());
        o.put("channels", r.channels());
        return o;
    }

    private static Recording recording(JsonNode n) {
        return n == null || n.isNull() ? null
                : new Recording(text(n.get("id")), n.path("duration_s").asInt(), n.path("channels").asInt(2));
    }

    private static ArrayNode transfers(List<Transfer> transfers) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Transfer t : transfers) {
            ObjectNode o = a.addObject();
            o.put("time", t.time().getEpochSecond());
            o.put("from_agent", t.fromAgent());
            o.put("to", t.to());
            o.put("type", t.type());
        }
        return a;
    }

    private static List<Transfer> transfers(JsonNode n) {
        List<Transfer> out = new ArrayList<>();
        if (n != null) {
            n.forEach(t -> out.add(new Transfer(Instant.ofEpochSecond(t.path("time").asLong()),
                    text(t.get("from_agent")), text(t.get("to")), text(t.get("type")))));
        }
        return out;
    }

    private static Map<String, String> variables(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.ofEpochMilli(n.asLong());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static JsonNode read(String json) {
        try {
            return json == null || json.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
