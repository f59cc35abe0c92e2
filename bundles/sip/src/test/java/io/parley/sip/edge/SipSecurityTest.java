package io.parley.sip.edge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.sip.SipSecurityStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.Test;

/** Throttling and blocking of sources that fail authentication, on a hand-driven clock. */
public class SipSecurityTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SipSecurity security = new SipSecurity(clock, new SipSecurity.Limits(3, 5, Duration.ofSeconds(60),
            Duration.ofMinutes(15), Duration.ofSeconds(1)));

    @Test
    public void anUnknownSourceIsAdmittedAndNotBlocked() {
        assertTrue(security.admits("192.0.2.1"));
        assertFalse(security.blocked("192.0.2.1"));
        assertTrue(security.status().sources().isEmpty());
    }

    @Test
    public void failuresThrottleThenBlockForTheConfiguredTime() {
        String ip = "192.0.2.7";
        for (int i = 0; i < 2; i++) {
            security.authenticationFailed(ip, "8001");
        }
        assertTrue(security.admits(ip));
        assertTrue(security.admits(ip));

        security.authenticationFailed(ip, "8002");
        // throttled: one request per second gets through
        assertTrue(security.admits(ip));
        assertFalse(security.admits(ip));
        assertEquals(1, security.counter("dropped_throttled"));
        now = now.plusMillis(1001);
        assertTrue(security.admits(ip));
        SipSecurityStatus.Source s = security.status().sources().get(0);
        assertEquals("throttled", s.state());
        assertEquals(3, s.failures());
        assertEquals("8002", s.lastUser());
        assertNull(s.blockedUntil());

        security.authenticationFailed(ip, "8003");
        security.authenticationFailed(ip, "8004");
        assertTrue(security.blocked(ip));
        assertFalse(security.admits(ip));
        s = security.status().sources().get(0);
        assertEquals("blocked", s.state());
        assertEquals(now.plus(Duration.ofMinutes(15)), s.blockedUntil());
        assertEquals(1, security.counter("blocked"));
        assertEquals(5, security.counter("auth_failed"));
        // another source is not affected
        assertTrue(security.admits("192.0.2.8"));

        now = now.plus(Duration.ofMinutes(15)).plusSeconds(1);
        assertFalse(security.blocked(ip));
        assertTrue(security.admits(ip));
        assertTrue(security.admits(ip));
    }

    @Test
    public void failuresOutsideTheWindowAreForgotten() {
        String ip = "192.0.2.9";
        for (int i = 0; i < 4; i++) {
            security.authenticationFailed(ip, "8001");
            now = now.plusSeconds(30);
        }
        // never more than 2 within any 60 s
        assertFalse(security.blocked(ip));
        security.sweep();
        now = now.plusSeconds(120);
        security.sweep();
        assertTrue(security.status().sources().isEmpty());
    }

    @Test
    public void aSuccessFromTheSameAddressClearsNeitherTheCountNorABlock() {
        // a guesser behind the address of a phone that authenticates between the guesses is throttled all the same
        for (int i = 0; i < 3; i++) {
            security.authenticationFailed("192.0.2.10", "8001");
            security.authenticated("192.0.2.10");
        }
        assertTrue(security.admits("192.0.2.10"));
        assertFalse(security.admits("192.0.2.10"));
        assertEquals("throttled", security.status().sources().get(0).state());

        for (int i = 0; i < 5; i++) {
            security.authenticationFailed("192.0.2.11", "8001");
        }
        security.authenticated("192.0.2.11");
        assertTrue(security.blocked("192.0.2.11"));
    }

    @Test
    public void failuresAgeOutOfTheWindow() {
        for (int i = 0; i < 3; i++) {
            security.authenticationFailed("192.0.2.13", "8001");
        }
        now = now.plusSeconds(61);
        security.authenticationFailed("192.0.2.13", "8001");
        assertTrue(security.admits("192.0.2.13"));
        assertTrue(security.admits("192.0.2.13"));
    }

    @Test
    public void theOperatorUnblocksASource() {
        for (int i = 0; i < 5; i++) {
            security.authenticationFailed("192.0.2.12", "8001");
        }
        assertTrue(security.unblock("192.0.2.12"));
        assertFalse(security.blocked("192.0.2.12"));
        assertTrue(security.admits("192.0.2.12"));
        assertFalse(security.unblock("192.0.2.13"));
    }

    @Test
    public void refusalsAndMalformedMessagesAreCountedByKind() {
        security.refused("192.0.2.20", "INVITE", "not a trunk peer");
        security.refused("192.0.2.20", "INVITE", "not a trunk peer");
        security.malformed("192.0.2.20", "too_large", "REGISTER of 20000 bytes");
        assertEquals(2, security.counter("refused"));
        assertEquals(1, security.counter("too_large"));
        assertEquals(Long.valueOf(2), security.status().counters().get("refused"));
        // refusals alone do not throttle
        assertTrue(security.admits("192.0.2.20"));
        assertTrue(security.admits("192.0.2.20"));
    }
}
