package io.parley.agentcalls;

import io.parley.api.acd.ContactHistory;
import io.parley.api.event.CallEvents;
import io.parley.api.store.ContactHistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContactHistory} kept from the call events as {@link CallSessions} applied them: an
 * agent's originated call records the agent as the customer's last outbound agent when the
 * agent's device starts ringing (the call is placed), an inbound call answered by an agent
 * records the customer's last served agent. Durable in {@link ContactHistoryStore}; rows older
 * than {@link #KEEP} are purged every few hours. Writes run on one thread of their own, off the
 * event thread, in the order of the events.
 */
@Component(service = ContactHistory.class)
public class ContactHistoryManager implements ContactHistory, CallSessions.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ContactHistoryManager.class);
    /** The longest window anyone asks for (last served agent, SPEC §34 p46). */
    static final Duration KEEP = Duration.ofDays(30);

    private final ContactHistoryStore store;
    private final CallSessions sessions;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-contact-history");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ContactHistoryManager(@Reference ContactHistoryStore store, @Reference CallSessions sessions) {
        this.store = store;
        this.sessions = sessions;
        sessions.listen(this);
        writer.scheduleWithFixedDelay(this::purge, 1, 360, TimeUnit.MINUTES);
    }

    @Deactivate
    void stop() {
        sessions.unlisten(this);
        writer.shutdown();
    }

    @Override
    public Optional<AgentContact> lastOutbound(long instanceId, String customerNumber, Duration window) {
        return last(instanceId, customerNumber, ContactHistoryStore.OUTBOUND, window);
    }

    @Override
    public Optional<AgentContact> lastServed(long instanceId, String customerNumber, Duration window) {
        return last(instanceId, customerNumber, ContactHistoryStore.SERVED, window);
    }

    private Optional<AgentContact> last(long instanceId, String number, String kind, Duration window) {
        if (number == null) {
            return Optional.empty();
        }
        Instant since = Instant.now().minus(window);
        return store.last(instanceId, number, kind).filter(c -> !c.at().isBefore(since));
    }

    @Override
    public void changed(Event e, Session.View before, Session.View s) {
        String agent = (String) e.getProperty(CallEvents.AGENT_ID);
        if (agent == null || s.customerNumber() == null) {
            return;
        }
        Instant at = e.getProperty(CallEvents.TIMESTAMP) instanceof Number n ? Instant.ofEpochMilli(n.longValue())
                : Instant.now();
        String kind = null;
        if (CallEvents.AGENT_RINGING.equals(e.getTopic()) && "outbound".equals(s.direction())
                && "a".equals(e.getProperty(CallEvents.LEG_ID))) {
            kind = ContactHistoryStore.OUTBOUND;
        } else if (CallEvents.AGENT_RING_ENDED.equals(e.getTopic()) && "inbound".equals(s.direction())
                && "answered".equals(e.getProperty(CallEvents.OUTCOME))) {
            kind = ContactHistoryStore.SERVED;
        }
        if (kind == null) {
            return;
        }
        String k = kind;
        writer.execute(() -> {
            try {
                store.record(s.instanceId(), s.customerNumber(), k, agent, at);
            } catch (RuntimeException ex) {
                LOG.warn("call {}: {} contact of agent {} not kept: {}", s.sessionId(), k, agent, ex.toString());
            }
        });
    }

    private void purge() {
        try {
            int n = store.purgeBefore(Instant.now().minus(KEEP));
            if (n > 0) {
                LOG.info("contact history: {} contacts older than {} days purged", n, KEEP.toDays());
            }
        } catch (RuntimeException e) {
            LOG.info("contact history purge failed: {}", e.toString());
        }
    }
}
