package io.parley.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.agent.AccountState;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.AgentStatusService;
import io.parley.api.agent.BasicSettings;
import io.parley.api.agent.BreakReason;
import io.parley.api.agent.MobileAnswering;
import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.event.AgentEvents;
import io.parley.api.event.CallEvents;
import io.parley.api.store.PresenceStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

public class PresenceManagerTest {

    static final long I = 1000001;

    final List<PresenceState> stored = new CopyOnWriteArrayList<>();
    final List<Event> posted = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
    ScheduledExecutorService timer;
    PresenceManager presence;
    AccountState account = AccountState.ACTIVE;
    BasicSettings.LoginStatus loginStatus = BasicSettings.LoginStatus.AVAILABLE;

    @Before
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor();
        presence = new PresenceManager(store(), agents(), status(), events(), clock, timer);
    }

    @After
    public void stop() {
        timer.shutdownNow();
    }

    @Test
    public void loginGivesTheDefaultStatusAndPostsLoggedIn() {
        loginStatus = BasicSettings.LoginStatus.BUSY;
        assertEquals(Presence.BUSY, presence.login(I, "100010").state());
        assertTrue(posted.stream().anyMatch(e -> e.getTopic().equals(AgentEvents.LOGGED_IN)));
        assertEquals("busy", posted.get(posted.size() - 1).getProperty(AgentEvents.PRESENCE));
        assertEquals(Presence.BUSY, stored.get(0).state());
    }

    @Test
    public void aForcedOfflineAccountCannotLogIn() {
        account = AccountState.FORCED_OFFLINE;
        try {
            presence.login(I, "100010");
            fail();
        } catch (ConflictException e) {
            assertEquals("account_state", e.field());
        }
    }

    @Test
    public void onBreakNeedsAnEnabledReasonAndKeepsItsName() {
        presence.login(I, "100010");
        expectInvalid("break_reason_id", () -> presence.set(I, "100010", Presence.ON_BREAK, null));
        expectInvalid("break_reason_id", () -> presence.set(I, "100010", Presence.ON_BREAK, 9L));
        expectInvalid("break_reason_id", () -> presence.set(I, "100010", Presence.ON_BREAK, 2L));
        expectInvalid("state", () -> presence.set(I, "100010", Presence.IN_CALL, null));
        PresenceState s = presence.set(I, "100010", Presence.ON_BREAK, 1L);
        assertEquals("Lunch", s.breakReason());
        assertEquals(Long.valueOf(1), s.breakReasonId());
    }

    @Test
    public void anOfferReservesAnAvailableAgentOnce() {
        presence.login(I, "100010");
        assertTrue(presence.offer(I, "100010", "s-1"));
        assertFalse("a ringing agent cannot be offered a second call", presence.offer(I, "100010", "s-2"));
        assertEquals(Presence.RINGING, presence.current(I, "100010").state());
        try {
            presence.set(I, "100010", Presence.BUSY, null);
            fail("a ringing agent cannot change its state");
        } catch (ConflictException e) {
            assertEquals("state", e.field());
        }
    }

    @Test
    public void aRingTimeoutWithBreakAfterRingTimeoutPutsTheAgentOnBreak() {
        presence.login(I, "100010");
        presence.offer(I, "100010", "s-1");
        PresenceState s = presence.ringEnded(I, "100010", "s-1", false, true);
        assertEquals(Presence.ON_BREAK, s.state());
        assertEquals(PresenceState.RING_TIMEOUT_REASON, s.breakReason());
        presence.set(I, "100010", Presence.AVAILABLE, null);
        presence.offer(I, "100010", "s-2");
        assertEquals(Presence.AVAILABLE, presence.ringEnded(I, "100010", "s-2", false, false).state());
    }

    @Test
    public void afterCallWorkRestoresThePreCallStateAfterTheSetSeconds() throws Exception {
        presence.login(I, "100010");
        presence.offer(I, "100010", "s-1");
        assertEquals(Presence.IN_CALL, presence.ringEnded(I, "100010", "s-1", true, false).state());
        assertEquals(1, presence.callsAnsweredToday(I, "100010"));
        assertEquals(Presence.AFTER_CALL_WORK, presence.callEnded(I, "100010", "s-1").state());
        // InboundSettings.DEFAULTS: restore after 3 s
        Thread.sleep(1500);
        assertEquals(Presence.AFTER_CALL_WORK, presence.current(I, "100010").state());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (presence.current(I, "100010").state() != Presence.AVAILABLE && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(Presence.AVAILABLE, presence.current(I, "100010").state());
    }

    @Test
    public void outboundCallEventsNamingTheAgentDriveInCallAndAfterCall() {
        presence.login(I, "100010");
        presence.set(I, "100010", Presence.BUSY, null);
        presence.handleEvent(new Event(CallEvents.ANSWERED, Map.of(CallEvents.AGENT_ID, "100010",
                CallEvents.SESSION_ID, "s-9", CallEvents.INSTANCE_ID, I)));
        assertEquals(Presence.IN_CALL, presence.current(I, "100010").state());
        presence.handleEvent(new Event(CallEvents.ENDED, Map.of(CallEvents.AGENT_ID, "100010",
                CallEvents.SESSION_ID, "s-9", CallEvents.INSTANCE_ID, I)));
        assertEquals(Presence.AFTER_CALL_WORK, presence.current(I, "100010").state());
    }

    @Test
    public void theDaysDurationsAddUpFromTheStoredChanges() {
        presence.login(I, "100010");
        clock.advance(Duration.ofMinutes(10));
        presence.set(I, "100010", Presence.BUSY, null);
        clock.advance(Duration.ofMinutes(5));
        Map<Presence, Duration> d = presence.durationsToday(I, "100010");
        assertEquals(Duration.ofMinutes(10), d.get(Presence.AVAILABLE));
        assertEquals(Duration.ofMinutes(5), d.get(Presence.BUSY));
    }

    @Test
    public void logoutAndForceOfflinePostTheirTopics() {
        presence.login(I, "100010");
        assertEquals(Presence.OFFLINE, presence.logout(I, "100010").state());
        presence.login(I, "100010");
        presence.forceOffline(I, "100010");
        assertTrue(posted.stream().anyMatch(e -> e.getTopic().equals(AgentEvents.LOGGED_OUT)));
        assertTrue(posted.stream().anyMatch(e -> e.getTopic().equals(AgentEvents.FORCED_OFFLINE)));
        assertTrue(presence.online(I).isEmpty());
    }

    private static void expectInvalid(String field, Runnable r) {
        try {
            r.run();
            fail("expected 422 on " + field);
        } catch (InvalidException e) {
            assertEquals(field, e.field());
        }
    }

    private PresenceStore store() {
        return new PresenceStore() {
            public void append(PresenceState change) {
                stored.add(change);
            }

            public List<PresenceState> changes(long instanceId, String agentId, Instant from) {
                List<PresenceState> out = new ArrayList<>();
                stored.stream().filter(c -> c.agentId().equals(agentId) && !c.since().isBefore(from)).forEach(out::add);
                return out;
            }

            public Optional<PresenceState> lastBefore(long instanceId, String agentId, Instant before) {
                return stored.stream().filter(c -> c.agentId().equals(agentId) && c.since().isBefore(before))
                        .reduce((a, b) -> b);
            }
        };
    }

    private AgentService agents() {
        return (AgentService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AgentService.class},
                (p, m, args) -> {
                    if (m.getName().equals("get")) {
                        if (!"100010".equals(args[1])) {
                            throw new NotFoundException("agent", args[1]);
                        }
                        return new Agent(I, "100010", "Alice", "Alice", "alice@example.com", 1, List.of(2001L), null,
                                MobileAnswering.OFF, account, null, Instant.EPOCH);
                    }
                    if (m.getName().equals("forceOffline")) {
                        account = AccountState.FORCED_OFFLINE;
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private AgentStatusService status() {
        return (AgentStatusService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AgentStatusService.class}, (p, m, args) -> {
                    if (m.getName().equals("basicSettings")) {
                        return new BasicSettings(loginStatus);
                    }
                    if (m.getName().equals("breakReason")) {
                        long id = (Long) args[1];
                        if (id == 1) {
                            return new BreakReason(1, I, "Lunch", true);
                        }
                        if (id == 2) {
                            return new BreakReason(2, I, "Old", false);
                        }
                        throw new NotFoundException("break_reason", id);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private EventAdmin events() {
        return new EventAdmin() {
            public void postEvent(Event event) {
                posted.add(event);
            }

            public void sendEvent(Event event) {
                posted.add(event);
            }
        };
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }
}
