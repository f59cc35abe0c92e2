package io.parley.agentcalls;

import io.parley.api.event.CallEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The agent side of every call session, kept from the {@code parley/call/*} events (who is
 * offered or bridged, the queue, hold, transfers, the end) and from this bundle's own actions
 * (an originated call's agent, customer and user data). The one event handler of the bundle: it
 * updates a session first and then tells the {@link Listener}s (the event stream, the contact
 * history), so they never see an event before the session knows it. Ended sessions are kept a
 * day for redial (SPEC §21), at most {@link #MAX_ENDED}.
 */
@Component(service = {CallSessions.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=" + CallEvents.PREFIX + "*")
public class CallSessions implements EventHandler {

    static final int MAX_ENDED = 20_000;
    static final Duration KEEP_ENDED = Duration.ofDays(1);

    /** Told of every call event once the session reflects it. */
    interface Listener {
        /**
         * @param before the session as it was before the event (who the agent was), or null for a new one
         * @param after  the session now
         */
        void changed(Event event, Session.View before, Session.View after);
    }

    private final Map<String, Session> live = new ConcurrentHashMap<>();
    private final Map<String, Session> ended = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    void listen(Listener l) {
        listeners.add(l);
    }

    void unlisten(Listener l) {
        listeners.remove(l);
    }

    /** The live session, created on first sight. */
    Session open(String sessionId, long instanceId, String direction) {
        Session done = ended.get(sessionId);
        if (done != null) {
            return done;   // ended already (its events came first): changes reach nobody any more
        }
        return live.computeIfAbsent(sessionId, id -> new Session(id, instanceId, direction, Instant.now()));
    }

    Optional<Session> live(String sessionId) {
        Session s = live.get(sessionId);
        return s == null || s.ended() ? Optional.empty() : Optional.of(s);
    }

    Optional<Session> ended(String sessionId) {
        return Optional.ofNullable(ended.get(sessionId));
    }

    /** The live session of an agent's call, if the agent is on one. */
    Optional<Session.View> callOf(long instanceId, String agentId) {
        return live.values().stream().map(Session::view)
                .filter(v -> v.instanceId() == instanceId && v.endedAt() == null && agentId.equals(v.agentId()))
                .findFirst();
    }

    @Override
    public void handleEvent(Event e) {
        String sessionId = (String) e.getProperty(CallEvents.SESSION_ID);
        Object instance = e.getProperty(CallEvents.INSTANCE_ID);
        if (sessionId == null || !(instance instanceof Number)) {
            return;
        }
        Session s = live.get(sessionId);
        if (s == null) {
            s = ended.get(sessionId);
        }
        if (s == null) {
            s = open(sessionId, ((Number) instance).longValue(), (String) e.getProperty(CallEvents.DIRECTION));
        }
        Session.View before;
        Session.View after;
        synchronized (s) {
            before = s.view();
            apply(s, e);
            after = s.view();
        }
        if (s.ended()) {
            live.remove(sessionId);
            ended.put(sessionId, s);
            sweep();
        }
        for (Listener l : listeners) {
            l.changed(e, before, after);
        }
    }

    private static void apply(Session s, Event e) {
        String agent = (String) e.getProperty(CallEvents.AGENT_ID);
        switch (e.getTopic()) {
            case CallEvents.CREATED -> {
                if (s.customerNumber == null && "inbound".equals(e.getProperty(CallEvents.DIRECTION))) {
                    s.customerNumber = (String) e.getProperty(CallEvents.CALLER);
                    s.customerLegId = "a";
                }
            }
            case CallEvents.QUEUED -> {
                s.skillGroupId = asLong(e.getProperty(CallEvents.SKILL_GROUP_ID), s.skillGroupId);
                s.queued = true;
            }
            case CallEvents.DEQUEUED -> s.queued = false;
            case CallEvents.AGENT_RINGING -> {
                if (agent != null) {
                    s.agentId = agent;
                }
                if (e.getProperty(CallEvents.LEG_ID) != null) {
                    s.agentLegId = (String) e.getProperty(CallEvents.LEG_ID);
                }
                if (e.getProperty(CallEvents.AGENT_TERMINAL) != null) {
                    s.terminal = (String) e.getProperty(CallEvents.AGENT_TERMINAL);
                }
                s.skillGroupId = asLong(e.getProperty(CallEvents.SKILL_GROUP_ID), s.skillGroupId);
            }
            case CallEvents.AGENT_RING_ENDED -> {
                // an offer that was not taken leaves the call without an agent (inbound: the ACD offers the next one)
                if (!"answered".equals(e.getProperty(CallEvents.OUTCOME)) && agent != null && agent.equals(s.agentId)
                        && "inbound".equals(s.direction)) {
                    s.agentId = null;
                    s.agentLegId = null;
                }
            }
            case CallEvents.BRIDGED -> {
                if (agent != null) {
                    s.agentId = agent;
                }
            }
            case CallEvents.HELD -> {
                if (e.getProperty(CallEvents.ON_HOLD) instanceof Boolean held) {
                    s.onHold = held;
                }
            }
            case CallEvents.TRANSFERRED -> {
                String type = e.getProperty(CallEvents.TRANSFER_TYPE) instanceof String t ? t : s.transferType;
                String to = e.getProperty(CallEvents.TRANSFER_TO) instanceof String t ? t : s.transferTo;
                s.transferType = type;
                s.transferTo = to;
                s.muted = false;
                s.onHold = false;
                if ("agent".equals(type)) {
                    s.agentId = to;
                    s.agentLegId = (String) e.getProperty(CallEvents.LEG_ID);
                } else {
                    s.agentId = null;
                    s.agentLegId = null;
                    if ("skill_group".equals(type) && to != null) {
                        s.skillGroupId = Long.valueOf(to);
                    }
                }
            }
            case CallEvents.ENDED -> {
                s.endedAt = Instant.now();
                s.status = (String) e.getProperty(CallEvents.STATUS);
            }
            default -> {
            }
        }
    }

    private static Long asLong(Object v, Long otherwise) {
        return v instanceof Number n ? Long.valueOf(n.longValue()) : otherwise;
    }

    /** Forgets ended sessions older than a day, and the oldest beyond {@link #MAX_ENDED}. */
    private void sweep() {
        if (ended.size() <= MAX_ENDED) {
            return;
        }
        Instant limit = Instant.now().minus(KEEP_ENDED);
        ended.values().removeIf(s -> s.endedAt.isBefore(limit));
        if (ended.size() > MAX_ENDED) {
            ended.values().stream().sorted(java.util.Comparator.comparing((Session s) -> s.endedAt))
                    .limit(ended.size() - MAX_ENDED).toList().forEach(s -> ended.remove(s.sessionId));
        }
    }
}
