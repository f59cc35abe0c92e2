package io.parley.trunk.carrieraccount;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Carriers refusing the appliance's credentials: counted for {@code parley:status} and
 * {@code /api/v1/health}, and logged at WARN — an operator has to act on a wrong password — but at
 * most once per channel per {@code warnEvery}: a refused registration is retried with a back-off,
 * and a WARN per retry would bury everything else in the log. The refusals in between are logged
 * at DEBUG and summed up in the next WARN.
 *
 * <pre>{@code
 * CarrierRefusals refusals = new CarrierRefusals(Duration.ofMinutes(5), Clock.systemUTC());
 * refusals.refused(7, "sip:carrier.example:5060;transport=udp", "403 Forbidden");   // WARN
 * refusals.refused(7, "sip:carrier.example:5060;transport=udp", "403 Forbidden");   // DEBUG, counted
 * refusals.count();                                                                  // 2
 * }</pre>
 */
public final class CarrierRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(CarrierRefusals.class);

    /** Per channel: when it last warned, and the refusals logged quietly since. */
    private record Warned(Instant at, int quiet) {
    }

    private final Duration warnEvery;
    private final Clock clock;
    private final AtomicLong count = new AtomicLong();
    private final Map<Long, Warned> warned = new HashMap<>();

    public CarrierRefusals(Duration warnEvery, Clock clock) {
        this.warnEvery = warnEvery;
        this.clock = clock;
    }

    /** Counts and logs one refusal of channel {@code channelId}'s credentials; returns the level it was logged at. */
    public synchronized Level refused(long channelId, String registrar, String reason) {
        count.incrementAndGet();
        Instant now = clock.instant();
        Warned last = warned.get(channelId);
        if (last == null || !now.isBefore(last.at().plus(warnEvery))) {
            int quiet = last == null ? 0 : last.quiet();
            warned.put(channelId, new Warned(now, 0));
            LOG.warn("channel {}: the carrier {} refused our credentials: {}{}", channelId, registrar, reason,
                    quiet == 0 ? "" : " (" + quiet + " more refusals since the last warning)");
            return Level.WARN;
        }
        warned.put(channelId, new Warned(last.at(), last.quiet() + 1));
        LOG.debug("channel {}: the carrier {} refused our credentials again: {}", channelId, registrar, reason);
        return Level.DEBUG;
    }

    /** The channel registered (or went away): its next refusal warns at once. */
    public synchronized void cleared(long channelId) {
        warned.remove(channelId);
    }

    /** Refusals since the bundle started. */
    public long count() {
        return count.get();
    }
}
