package io.parley.agentcalls;

import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentService;
import io.parley.api.agentcall.AgentEvent;
import io.parley.api.agentcall.AgentEventStream;
import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.error.ForbiddenException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.event.AgentEvents;
import io.parley.api.event.CallEvents;
import io.parley.api.popup.PopupPage;
import io.parley.api.popup.PopupService;
import io.parley.api.privacy.NumberPrivacy;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentEventStream} (SPEC §16.3): turns the call events, as {@link CallSessions} has
 * applied them, and the {@code parley/agent/*} presence events into the stream's events and
 * hands each to the subscriptions that may see it: the agent it is about (before and after a
 * transfer, both), and the instance's supervisor streams. An agent sees the customer number
 * protected by {@link NumberPrivacy} when that service runs; a supervisor sees it whole
 * (SPEC §34 p40). Call events carry the §13.2 pop-up URLs of the instance's enabled pages.
 */
@Component(service = {AgentEventStream.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=" + AgentEvents.PREFIX + "*")
public class AgentEventStreamManager implements AgentEventStream, EventHandler, CallSessions.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(AgentEventStreamManager.class);

    private record Subscription(long instanceId, String agentId, Consumer<AgentEvent> sink) {
    }

    private final CallSessions sessions;
    private final AgentService agents;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PopupService popups;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NumberPrivacy privacy;

    @Activate
    public AgentEventStreamManager(@Reference CallSessions sessions, @Reference AgentService agents) {
        this.sessions = sessions;
        this.agents = agents;
        sessions.listen(this);
    }

    @Deactivate
    void stop() {
        sessions.unlisten(this);
        for (Subscription s : subscriptions) {
            try {
                s.sink().accept(null);   // the stream ends: the client reconnects to the next one
            } catch (RuntimeException e) {
                // the client is gone already
            }
        }
        subscriptions.clear();
    }

    @Override
    public AutoCloseable subscribe(Caller caller, long instanceId, String agentId, Consumer<AgentEvent> sink) {
        boolean supervisor = caller.applianceAdmin() || caller.has(Permission.MONITORING_CALLS)
                || caller.has(Permission.MONITORING_AGENTS);
        if (agentId == null) {
            if (!supervisor) {
                throw ForbiddenException.because("agent_id",
                        "agent_id is required: the instance's stream is for monitoring permissions");
            }
        } else {
            if (!agentId.matches("[0-9]{1,20}")) {
                throw new InvalidException("agent_id", "must be 1..20 digits");
            }
            Agent agent = agents.get(instanceId, agentId);
            if (!supervisor && !agent.login().equals(caller.login())) {
                throw ForbiddenException.because("agent_id", "an agent receives its own events only");
            }
        }
        Subscription s = new Subscription(instanceId, agentId, sink);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }

    // ---- call events ----

    @Override
    public void changed(Event e, Session.View before, Session.View after) {
        String type = typeOf(e, after);
        if (type == null || subscriptions.isEmpty()) {
            return;
        }
        Set<String> told = new LinkedHashSet<>();
        if (before != null && before.agentId() != null) {
            told.add(before.agentId());
        }
        if (after.agentId() != null) {
            told.add(after.agentId());
        }
        String handling = after.agentId() != null ? after.agentId() : before == null ? null : before.agentId();
        Instant at = timestamp(e);
        Map<String, Object> details = details(e, after);
        for (Subscription sub : subscriptions) {
            if (sub.instanceId() != after.instanceId()) {
                continue;
            }
            if (sub.agentId() == null) {
                deliver(sub, callEvent(type, after, handling, false, at, details));
            } else if (told.contains(sub.agentId())) {
                deliver(sub, callEvent(type, after, sub.agentId(), true, at, details));
            }
        }
    }

    /** The §16.3 event type of a call event, or null when the stream does not tell it. */
    static String typeOf(Event e, Session.View s) {
        boolean outbound = "outbound".equals(s.direction());
        // an originated call's first leg is the agent's own device: ringing it starts the outbound call
        boolean originator = outbound && "a".equals(e.getProperty(CallEvents.LEG_ID));
        return switch (e.getTopic()) {
            case CallEvents.AGENT_RINGING -> originator ? "call.outbound_started" : "call.offered";
            case CallEvents.AGENT_RING_ENDED -> "answered".equals(e.getProperty(CallEvents.OUTCOME)) && !originator
                    ? "call.answered" : null;
            case CallEvents.ANSWERED -> outbound && s.customerLegId() != null
                    && s.customerLegId().equals(e.getProperty(CallEvents.LEG_ID)) ? "call.outbound_answered" : null;
            case CallEvents.HELD -> Boolean.TRUE.equals(e.getProperty(CallEvents.ON_HOLD)) ? "call.held" : "call.resumed";
            case CallEvents.TRANSFERRED -> "call.transferred";
            case CallEvents.ENDED -> s.agentId() != null || s.transferType() != null || outbound ? "call.ended" : null;
            default -> null;
        };
    }

    private AgentEvent callEvent(String type, Session.View s, String agentId, boolean forAgent, Instant at,
                                 Map<String, Object> details) {
        String customer = forAgent ? protect(s.instanceId(), s.customerNumber(), s.direction()) : s.customerNumber();
        Agent agent = agentId == null ? null : agent(s.instanceId(), agentId);
        int status = "call.ended".equals(type) ? PopupUrls.ENDED
                : "call.offered".equals(type) || "call.outbound_started".equals(type) ? PopupUrls.RINGING
                : PopupUrls.CONNECTED;
        return new AgentEvent(type, s.instanceId(), s.sessionId(), s.direction(), customer, agentId, s.skillGroupId(), at,
                PopupUrls.of(pages(s.instanceId()), customer, status, agent, s.instanceId()), details);
    }

    private static Map<String, Object> details(Event e, Session.View s) {
        Map<String, Object> d = new HashMap<>();
        if (s.userData() != null) {
            d.put("user_data", s.userData());
        }
        if (s.description() != null) {
            d.put("description", s.description());
        }
        if (CallEvents.TRANSFERRED.equals(e.getTopic())) {
            if (s.transferType() != null) {
                d.put("transfer_type", s.transferType());
            }
            if (s.transferTo() != null) {
                d.put("transfer_to", s.transferTo());
            }
        }
        if (CallEvents.ENDED.equals(e.getTopic()) && s.status() != null) {
            d.put("status", s.status());
        }
        if (e.getProperty(CallEvents.AGENT_TERMINAL) instanceof String terminal) {
            d.put("terminal", terminal);
        }
        return d;
    }

    // ---- presence ----

    @Override
    public void handleEvent(Event e) {
        if (!AgentEvents.PRESENCE_CHANGED.equals(e.getTopic()) || subscriptions.isEmpty()) {
            return;
        }
        String agentId = (String) e.getProperty(AgentEvents.AGENT_ID);
        if (!(e.getProperty(AgentEvents.INSTANCE_ID) instanceof Number instance) || agentId == null) {
            return;
        }
        Map<String, Object> details = new HashMap<>();
        if (e.getProperty(AgentEvents.PRESENCE) != null) {
            details.put("presence", String.valueOf(e.getProperty(AgentEvents.PRESENCE)));
        }
        if (e.getProperty(AgentEvents.REASON) != null) {
            details.put("reason", String.valueOf(e.getProperty(AgentEvents.REASON)));
        }
        Object ts = e.getProperty(AgentEvents.TIMESTAMP);
        AgentEvent event = new AgentEvent("agent.presence_changed", instance.longValue(), null, null, null, agentId, null,
                ts instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.now(), List.of(), details);
        for (Subscription sub : subscriptions) {
            if (sub.instanceId() == instance.longValue() && (sub.agentId() == null || sub.agentId().equals(agentId))) {
                deliver(sub, event);
            }
        }
    }

    // ---- helpers ----

    private void deliver(Subscription sub, AgentEvent event) {
        try {
            sub.sink().accept(event);
        } catch (RuntimeException ex) {
            LOG.info("event stream of {} dropped: {}", sub.agentId() == null ? "instance " + sub.instanceId()
                    : "agent " + sub.agentId(), ex.toString());
            subscriptions.remove(sub);
        }
    }

    private static Instant timestamp(Event e) {
        return e.getProperty(CallEvents.TIMESTAMP) instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.now();
    }

    private List<PopupPage> pages(long instanceId) {
        PopupService p = popups;
        if (p == null) {
            return List.of();
        }
        try {
            return p.list(instanceId);
        } catch (RuntimeException e) {
            LOG.info("instance {}: pop-up pages not read: {}", instanceId, e.toString());
            return List.of();
        }
    }

    private Agent agent(long instanceId, String agentId) {
        try {
            return agents.get(instanceId, agentId);
        } catch (NotFoundException | IllegalStateException e) {
            return null;
        }
    }

    private String protect(long instanceId, String number, String direction) {
        NumberPrivacy p = privacy;
        if (p == null || number == null) {
            return number;
        }
        try {
            return p.forAgent(instanceId, number, direction);
        } catch (RuntimeException e) {
            return AgentCallManager.mask(number);
        }
    }
}
