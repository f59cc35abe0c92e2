package io.parley.push;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

public class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofHours(24));
    private final Instant first = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    public void delaysDoubleFromTheInitialOneUpToTheCap() {
        assertEquals(Duration.ofSeconds(5), backoff.delayAfter(1));
        assertEquals(Duration.ofSeconds(10), backoff.delayAfter(2));
        assertEquals(Duration.ofSeconds(40), backoff.delayAfter(4));
        assertEquals(Duration.ofMinutes(30), backoff.delayAfter(20));
        assertEquals(Duration.ofMinutes(30), backoff.delayAfter(100_000));
    }

    @Test
    public void retriesEndTwentyFourHoursAfterTheFirstTryWithALastTryAtTheDeadline() {
        assertEquals(first.plusSeconds(5), backoff.next(first, first, 1));
        Instant late = first.plus(Duration.ofHours(24)).minusSeconds(60);
        assertEquals(first.plus(Duration.ofHours(24)), backoff.next(first, late, 30));
        assertNull(backoff.next(first, first.plus(Duration.ofHours(24)), 31));
    }
}
