package io.parley.sip.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.Test;

public class NoncesTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    public void aNonceIsValidOnceOnly() {
        Nonces nonces = new Nonces(clock, Duration.ofSeconds(30), 100);
        String n = nonces.issue();
        assertEquals(Nonces.State.VALID, nonces.consume(n));
        assertEquals(Nonces.State.UNKNOWN, nonces.consume(n));
    }

    @Test
    public void anExpiredNonceIsStale() {
        Nonces nonces = new Nonces(clock, Duration.ofSeconds(30), 100);
        String n = nonces.issue();
        now = now.plusSeconds(31);
        assertEquals(Nonces.State.STALE, nonces.consume(n));
    }

    @Test
    public void aNonceWithinItsLifetimeIsValid() {
        Nonces nonces = new Nonces(clock, Duration.ofSeconds(30), 100);
        String n = nonces.issue();
        now = now.plusSeconds(30);
        assertEquals(Nonces.State.VALID, nonces.consume(n));
    }

    @Test
    public void aNonceNeverIssuedIsUnknown() {
        Nonces nonces = new Nonces(clock, Duration.ofSeconds(30), 100);
        assertEquals(Nonces.State.UNKNOWN, nonces.consume("00112233445566778899aabbccddeeff"));
        assertEquals(Nonces.State.UNKNOWN, nonces.consume(null));
    }

    @Test
    public void noncesAreRandomAndTheOldestAreForgottenBeyondCapacity() {
        Nonces nonces = new Nonces(clock, Duration.ofSeconds(30), 2);
        String first = nonces.issue();
        String second = nonces.issue();
        String third = nonces.issue();
        assertNotEquals(first, second);
        assertEquals(2, nonces.outstanding());
        assertEquals(Nonces.State.UNKNOWN, nonces.consume(first));
        assertEquals(Nonces.State.VALID, nonces.consume(second));
        assertEquals(Nonces.State.VALID, nonces.consume(third));
    }

    @Test
    public void sweepForgetsExpiredNonces() {
        Nonces nonces = new Nonces(clock, Duration.ofSeconds(30), 100);
        nonces.issue();
        now = now.plusSeconds(60);
        String fresh = nonces.issue();
        nonces.sweep();
        assertEquals(1, nonces.outstanding());
        assertEquals(Nonces.State.VALID, nonces.consume(fresh));
    }
}
