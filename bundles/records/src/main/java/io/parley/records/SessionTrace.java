package io.parley.records;

import io.parley.api.call.CallStatus;
import io.parley.api.event.CallEvents;
import io.parley.api.event.RecordEvents;
import io.parley.api.record.ServiceRecord;
import io.parley.api.record.ServiceRecord.IvrStep;
import io.parley.api.record.ServiceRecord.Recording;
import io.parley.api.record.ServiceRecord.Satisfaction;
import io.parley.api.record.ServiceRecord.Transfer;
import io.parley.api.record.ServiceRecord.Voicemail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happened in one session so far, fed the call events one by one, and the SPEC §27.1
 * record it makes at any moment. Not thread-safe: {@link ServiceRecordManager} holds its lock.
 *
 * <p>Durations: ring is the time agents rang (inbound) or until the callee was bridged
 * (outbound); queue from QUEUED to DEQUEUED; hold while HELD was on; talk is the bridged time
 * without the hold time. A phase still running at the end (or at the last sign of life, after a
 * crash) ends there.
 */
final class SessionTrace {

    /** The statuses the call layer gives when it knows nothing finer: what this trace saw wins over them. */
    static final Set<String> COARSE = Set.of(CallStatus.NORMAL_END, CallStatus.ABANDONED_IN_IVR, CallStatus.IVR_ENDED,
            CallStatus.NOT_ANSWERED, CallStatus.CALLING);

    final long instanceId;
    final String sessionId;
    Instant time;
    String category = "telephone";
    String direction = "inbound";
    String caller;
    String callee;
    String agentTerminal;
    String agentId;
    String agentName;
    String skillGroup;
    Long skillGroupId;
    Long campaignId;
    Satisfaction satisfaction;
    Voicemail voicemail;
    Recording recording;
    final List<IvrStep> ivrPath = new ArrayList<>();
    final List<Transfer> transfers = new ArrayList<>();
    final Map<String, String> variables = new LinkedHashMap<>();

    // phases: when the running one began (null: not running) and what the finished ones added up to
    Instant queuedSince;
    Instant ringingSince;
    Instant bridgedSince;
    Instant heldSince;
    long queueMs;
    long ringMs;
    long talkMs;
    long holdMs;
    boolean everQueued;
    boolean everOffered;
    boolean everBridged;
    boolean ivrSeen;
    boolean ivrEnded;
    String dequeueOutcome;
    String ivrStatus;

    String givenStatus;
    String hangupParty;
    Instant endedAt;
    Instant lastSeen;
    /** True once the record is final (CLOSED posted). */
    boolean closed;
    /** True while the latest state is not in the store yet. */
    boolean dirty = true;

    SessionTrace(long instanceId, String sessionId, Instant time) {
        this.instanceId = instanceId;
        this.sessionId = sessionId;
        this.time = time;
        this.lastSeen = time;
    }

    boolean ended() {
        return endedAt != null;
    }

    /** Applies one event that happened {@code at}; events after the end only add the files and the IVR's last word. */
    void apply(String topic, Map<String, Object> p, Instant at) {
        if (at.isAfter(lastSeen)) {
            lastSeen = at;
        }
        dirty = true;
        if (topic.equals(RecordEvents.RECORDING_READY)) {
            String id = str(p, RecordEvents.RECORDING_ID);
            int seconds = integer(p, RecordEvents.DURATION_S, 0);
            if ("voicemail".equals(str(p, RecordEvents.KIND))) {
                voicemail = new Voicemail(id, seconds);
            } else {
                recording = new Recording(id, seconds, integer(p, RecordEvents.CHANNELS, 2));
            }
            return;
        }
        common(p);
        if (ended() && !topic.equals(CallEvents.IVR_NODE) && !topic.equals(CallEvents.IVR_ENDED)) {
            return;
        }
        switch (topic.substring(CallEvents.PREFIX.length())) {
            case "CREATED" -> {
                if (at.isBefore(time)) {
                    time = at;
                }
            }
            case "IVR_NODE" -> {
                ivrSeen = true;
                String keys = str(p, CallEvents.IVR_KEYS);
                ivrPath.add(new IvrStep(str(p, CallEvents.IVR_NODE_ID), str(p, CallEvents.IVR_NODE_LABEL),
                        keys == null || keys.isEmpty() ? null : keys));
            }
            case "IVR_ENDED" -> {
                ivrSeen = true;
                ivrEnded = true;
                ivrStatus = str(p, CallEvents.STATUS);
                String rated = str(p, CallEvents.IVR_SATISFACTION);
                if (rated != null && !rated.isBlank()) {
                    int space = rated.indexOf(' ');
                    satisfaction = space < 0 ? new Satisfaction(rated, null)
                            : new Satisfaction(rated.substring(0, space), rated.substring(space + 1));
                }
            }
            case "QUEUED" -> {
                everQueued = true;
                dequeueOutcome = null;
                if (queuedSince == null) {
                    queuedSince = at;
                }
                group(p);
            }
            case "DEQUEUED" -> {
                queueMs += since(queuedSince, at);
                queuedSince = null;
                dequeueOutcome = str(p, CallEvents.OUTCOME);
                group(p);
            }
            case "AGENT_RINGING" -> {
                everOffered = true;
                if (ringingSince == null) {
                    ringingSince = at;
                }
                agent(p);
            }
            case "AGENT_RING_ENDED" -> {
                ringMs += since(ringingSince, at);
                ringingSince = null;
            }
            case "BRIDGED" -> {
                everBridged = true;
                if ("outbound".equals(direction) && !everOffered && ringMs == 0) {
                    ringMs = since(time, at);
                }
                if (ringingSince != null) {
                    ringMs += since(ringingSince, at);
                    ringingSince = null;
                }
                if (bridgedSince == null) {
                    bridgedSince = at;
                }
                agent(p);
                group(p);
            }
            case "HELD" -> {
                boolean on = !Boolean.FALSE.equals(p.get(CallEvents.ON_HOLD))
                        && !"false".equals(String.valueOf(p.get(CallEvents.ON_HOLD)));
                if (on && heldSince == null) {
                    heldSince = at;
                } else if (!on && heldSince != null) {
                    holdMs += since(heldSince, at);
                    heldSince = null;
                }
            }
            case "TRANSFERRED" -> {
                String to = str(p, CallEvents.TRANSFER_TO);
                String target = to != null ? to : str(p, CallEvents.AGENT_ID);
                transfers.add(new Transfer(at, agentId, target, str(p, CallEvents.TRANSFER_TYPE)));
                String type = str(p, CallEvents.TRANSFER_TYPE);
                if (("agent".equals(type) || "skill_group".equals(type)) && p.get(CallEvents.AGENT_ID) != null) {
                    agent(p);
                }
            }
            case "ENDED" -> end(at, str(p, CallEvents.STATUS), str(p, CallEvents.HANGUP_PARTY));
            default -> {
                // ANSWERED and topics added later: the common keys above are all they give
            }
        }
    }

    /** Ends every running phase at {@code at} and remembers how the call layer saw the end. */
    void end(Instant at, String status, String party) {
        if (ended()) {
            return;
        }
        endedAt = at.isBefore(time) ? time : at;
        givenStatus = status;
        hangupParty = party;
        if ("outbound".equals(direction) && !everBridged && ringMs == 0) {
            ringMs = since(time, endedAt);
        }
        queueMs += since(queuedSince, endedAt);
        ringMs += since(ringingSince, endedAt);
        holdMs += since(heldSince, endedAt);
        talkMs += since(bridgedSince, endedAt);
        if (ringingSince != null) {
            lastRingOpen = true;
        }
        if (queuedSince != null) {
            lastQueueOpen = true;
        }
        queuedSince = null;
        ringingSince = null;
        heldSince = null;
        bridgedSince = null;
    }

    /** Whether an agent was still ringing / the call still queued when it ended. */
    boolean lastRingOpen;
    boolean lastQueueOpen;

    /** The SPEC §27.2 status: {@code calling} while open, then the finest of what the call layer said and what this trace saw. */
    String status() {
        if (!ended()) {
            return CallStatus.CALLING;
        }
        if (!"inbound".equals(direction)) {
            if (givenStatus != null) {
                return givenStatus;
            }
            return everBridged ? CallStatus.ANSWERED : CallStatus.UNKNOWN;
        }
        if (givenStatus != null && !COARSE.contains(givenStatus)) {
            return givenStatus;
        }
        if (ivrStatus != null && !COARSE.contains(ivrStatus)) {
            return ivrStatus;
        }
        String seen = seenInbound();
        if (seen != null) {
            return seen;
        }
        if (givenStatus != null) {
            return givenStatus;
        }
        return ivrStatus != null ? ivrStatus : CallStatus.NOT_ANSWERED;
    }

    private String seenInbound() {
        for (int i = transfers.size() - 1; i >= 0; i--) {
            Transfer t = transfers.get(i);
            if ("external".equals(t.type())) {
                return "external_transfer";
            }
            if ("agent".equals(t.type()) || "skill_group".equals(t.type()) || t.fromAgent() != null) {
                return "agent_transfer";
            }
        }
        if (everBridged) {
            return CallStatus.NORMAL_END;
        }
        boolean customer = "customer".equals(hangupParty);
        if (lastRingOpen && customer) {
            return "abandoned_while_ringing";
        }
        if ((lastQueueOpen && customer) || "caller_hung_up".equals(dequeueOutcome)) {
            return "abandoned_in_queue";
        }
        if ("no_agent_online".equals(dequeueOutcome)) {
            return "no_agent_online";
        }
        if (everOffered) {
            return "agent_not_answered";
        }
        if (everQueued) {
            return customer ? "abandoned_in_queue" : "agent_not_answered";
        }
        if (ivrSeen) {
            return customer ? CallStatus.ABANDONED_IN_IVR : CallStatus.IVR_ENDED;
        }
        return null;
    }

    /** The record as of {@code now} (durations of running phases counted up to it). */
    ServiceRecord record(Instant now, String remark) {
        Instant until = ended() ? endedAt : now;
        long queue = queueMs + since(queuedSince, until);
        long ring = ringMs + since(ringingSince, until);
        long hold = holdMs + since(heldSince, until);
        long bridged = talkMs + since(bridgedSince, until);
        if ("outbound".equals(direction) && !everBridged && !ended()) {
            ring = since(time, until);
        }
        return new ServiceRecord(instanceId, sessionId, time, category, direction, agentTerminal, caller,
                "outbound".equals(direction) && "telephone".equals(category) ? "own_number" : null, callee, remark,
                status(), seconds(since(time, until)), seconds(ring), seconds(Math.max(0, bridged - hold)),
                seconds(queue), seconds(hold), agentName, agentId, skillGroup, skillGroupId, satisfaction,
                ended() ? hangupParty : null, ivrPath, voicemail, recording, campaignId, transfers, variables,
                !closed, ended() ? endedAt : null);
    }

    private void common(Map<String, Object> p) {
        String v;
        if ((v = str(p, CallEvents.CATEGORY)) != null) {
            category = v;
        }
        if ((v = str(p, CallEvents.DIRECTION)) != null) {
            direction = v;
        }
        if ((v = str(p, CallEvents.CALLER)) != null && caller == null) {
            caller = v;
        }
        if ((v = str(p, CallEvents.CALLEE)) != null && callee == null) {
            callee = v;
        }
        if ((v = str(p, CallEvents.AGENT_TERMINAL)) != null) {
            agentTerminal = v;
        }
        if ((v = str(p, CallEvents.USER_DATA)) != null) {
            variables.put("user_data", v);
        }
        Long campaign = number(p, CallEvents.CAMPAIGN_ID);
        if (campaign != null) {
            campaignId = campaign;
        }
    }

    private void agent(Map<String, Object> p) {
        String id = str(p, CallEvents.AGENT_ID);
        if (id != null && !id.equals(agentId)) {
            agentId = id;
            agentName = null;
        }
    }

    private void group(Map<String, Object> p) {
        Long g = number(p, CallEvents.SKILL_GROUP_ID);
        if (g != null && !g.equals(skillGroupId)) {
            skillGroupId = g;
            skillGroup = null;
        }
    }

    static long since(Instant from, Instant to) {
        return from == null || to.isBefore(from) ? 0 : Duration.between(from, to).toMillis();
    }

    /** Whole seconds, rounded half up: a 700 ms ring is 1 s, not 0. */
    static int seconds(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, (millis + 500) / 1000);
    }

    static String str(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v == null ? null : v.toString();
    }

    /** A Long key, also when a poster put it as a numeric string; null when absent or not a number. */
    static Long number(Map<String, Object> p, String key) {
        Object v = p.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? null : Long.valueOf(v.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int integer(Map<String, Object> p, String key, int fallback) {
        Object v = p.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? fallback : Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
