package io.parley.sip.call;

import io.parley.api.event.CallEvents;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Message;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The calls in progress: by session id, their legs by SIP Call-ID (every fork's Call-ID leads to
 * its leg until another fork wins), new session ids, and the {@code parley/call/*} events posted
 * about them.
 */
final class LiveCalls {

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Leg> legsBySipCallId = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile EventAdmin events;

    void eventAdmin(EventAdmin eventAdmin) {
        this.events = eventAdmin;
    }

    void add(Call call) {
        calls.put(call.id, call);
    }

    void remove(Call call) {
        calls.remove(call.id);
    }

    Call get(String callId) {
        return calls.get(callId);
    }

    Collection<Call> all() {
        return calls.values();
    }

    List<Call> snapshot() {
        return List.copyOf(calls.values());
    }

    /** Live calls counting toward a trunk number's limits (SPEC §2.2). */
    long countOnNumber(long numberId) {
        return calls.values().stream().filter(c -> c.numberId != null && c.numberId == numberId).count();
    }

    void mapSipCallId(String sipCallId, Leg leg) {
        legsBySipCallId.put(sipCallId, leg);
    }

    void unmapSipCallId(String sipCallId, Leg leg) {
        if (sipCallId != null) {
            legsBySipCallId.remove(sipCallId, leg);
        }
    }

    /** The leg a request or response belongs to by its Call-ID, or null. */
    Leg legOf(Message message) {
        CallIdHeader id = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return id == null ? null : legsBySipCallId.get(id.getCallId());
    }

    /** Session ids sortable by creation: time, then a counter. */
    String newCallId() {
        return Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(sequence.incrementAndGet(), 36);
    }

    void post(Call call, String topic, Map<String, Object> extra) {
        EventAdmin ea = events;
        if (ea == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>(extra);
        p.put(CallEvents.SESSION_ID, call.id);
        p.put(CallEvents.INSTANCE_ID, call.instanceId);
        p.put(CallEvents.DIRECTION, call.direction);
        p.put(CallEvents.CATEGORY, call.category);
        p.put(CallEvents.CALLER, call.caller);
        p.put(CallEvents.CALLEE, call.callee);
        p.put(CallEvents.TIMESTAMP, System.currentTimeMillis());
        ea.postEvent(new Event(topic, p));
    }
}
