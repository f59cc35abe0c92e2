package io.parley.sip.registrar;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipPhone;
import io.parley.sip.steady.ServiceAwayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/** Phone lookups remembered for a short time, found or not, within a bound. */
public class PhoneCacheTest {

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
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile String ha1 = "a".repeat(32);
    /** Telephony stopped: every lookup fails as Steady's stand-in does. */
    private volatile boolean away;
    private final PhoneDirectory backing = new PhoneDirectory() {
        @Override
        public Optional<SipPhone> find(String host, String extension) {
            lookups.incrementAndGet();
            if (away) {
                throw new ServiceAwayException("SipPhoneService");
            }
            return "8001".equals(extension) ? Optional.of(new SipPhone(1, 1, "8001", "Desk", PhoneBinding.NONE, "udp",
                    new SipDigest("8001", "r", ha1, "b".repeat(64)), PhoneRegistration.NOT_REGISTERED, Instant.EPOCH))
                    : Optional.empty();
        }

        @Override
        public void report(long instanceId, String extension, PhoneRegistration registration) {
            if (away) {
                throw new ServiceAwayException("SipPhoneService");
            }
        }
    };

    @Test
    public void aLookupIsRememberedForTheTtlThenAskedAgain() {
        PhoneCache cache = new PhoneCache(backing, clock, Duration.ofSeconds(2), 100);
        assertTrue(cache.find("d", "8001").isPresent());
        assertTrue(cache.find("d", "8001").isPresent());
        assertTrue(cache.find("d", "9999").isEmpty());
        assertTrue(cache.find("d", "9999").isEmpty());
        assertEquals(2, lookups.get());

        ha1 = "c".repeat(32); // the password was reset
        now = now.plusMillis(2001);
        assertEquals("c".repeat(32), cache.find("d", "8001").orElseThrow().digest().ha1Md5());
        assertEquals(3, lookups.get());
    }

    @Test
    public void pastTheCapacityNothingMoreIsRemembered() {
        PhoneCache cache = new PhoneCache(backing, clock, Duration.ofSeconds(2), 10);
        for (int i = 0; i < 50; i++) {
            cache.find("d", "7" + i);
        }
        assertEquals(10, cache.size());
        now = now.plusSeconds(3);
        cache.find("d", "8001");
        assertEquals(1, cache.size());
    }

    @Test
    public void whileTelephonyIsAwayAPhoneSeenBeforeIsAnsweredFromItsLastLookupAndANewOneIsNot() {
        PhoneCache cache = new PhoneCache(backing, clock, Duration.ofSeconds(2), 100);
        assertTrue(cache.find("d", "8001").isPresent());
        away = true;
        now = now.plusSeconds(60);
        assertEquals("8001", cache.find("d", "8001").orElseThrow().extension());
        assertThrows(ServiceAwayException.class, () -> cache.find("d", "8002"));
        // the binding's status is reported when telephony is back; the REGISTER is not refused for it
        cache.report(1, "8001", PhoneRegistration.NOT_REGISTERED);
    }
}
