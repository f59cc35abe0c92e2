package io.parley.trunk.carrieraccount;

import static org.junit.Assert.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.Test;
import org.slf4j.event.Level;

public class CarrierRefusalsTest {

    private static final String REGISTRAR = "sip:127.0.0.4:5060;transport=udp";

    /** A clock the test moves by hand. */
    private static final class Hand extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

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
    }

    @Test
    public void aRefusalWarnsOncePerChannelPerIntervalAndEveryRefusalIsCounted() {
        Hand clock = new Hand();
        CarrierRefusals refusals = new CarrierRefusals(Duration.ofMinutes(5), clock);

        assertEquals(Level.WARN, refusals.refused(7, REGISTRAR, "403 Forbidden"));
        clock.now = clock.now.plusSeconds(10);
        assertEquals("a retry within the interval is not warned again", Level.DEBUG, refusals.refused(7, REGISTRAR, "403 Forbidden"));
        assertEquals("another channel warns on its own", Level.WARN, refusals.refused(8, REGISTRAR, "401 Unauthorized"));
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertEquals(Level.WARN, refusals.refused(7, REGISTRAR, "403 Forbidden"));
        assertEquals(4, refusals.count());
    }

    @Test
    public void aChannelThatRegisteredWarnsAtOnceOnItsNextRefusal() {
        Hand clock = new Hand();
        CarrierRefusals refusals = new CarrierRefusals(Duration.ofMinutes(5), clock);
        assertEquals(Level.WARN, refusals.refused(7, REGISTRAR, "403 Forbidden"));
        refusals.cleared(7);
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Level.WARN, refusals.refused(7, REGISTRAR, "403 Forbidden"));
        assertEquals(2, refusals.count());
    }
}
