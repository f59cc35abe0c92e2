package io.parley.trunk.publictrunk;

import io.parley.api.sip.PeerReachability;
import io.parley.api.sip.trunk.TrunkAnswer;
import io.parley.api.sip.trunk.TrunkRequest;
import io.parley.api.sip.trunk.TrunkSignalling;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPTIONS keepalive to one {@code public_trunk} peer (SPEC §34 p4), over UDP (the peer's
 * default): a probe still unanswered when the next one is due, a transaction timeout or a 5xx
 * is a miss; {@code failures} misses in a row make the peer unreachable, any other final answer
 * makes it reachable (the peer is there, whatever it thinks of OPTIONS).
 *
 * <pre>{@code
 * PeerProbe p = new PeerProbe(7, "192.0.2.7", 5060, sip, 3, Clock.systemUTC());
 * p.probe();          // every 30 s
 * p.view().reachable();
 * }</pre>
 */
final class PeerProbe {

    private static final Logger LOG = LoggerFactory.getLogger(PeerProbe.class);

    private final long channelId;
    private final String ip;
    private final int port;
    private final TrunkSignalling sip;
    private final int failuresToDown;
    private final Clock clock;
    private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    private TrunkSignalling.Sent pending;
    private long sentNanos;
    private boolean reachable;
    private int failures;
    private Instant lastProbeAt;
    private Instant lastAnswerAt;
    private Long roundTripMillis;
    private Integer lastStatusCode;
    private String lastError;

    PeerProbe(long channelId, String ip, int port, TrunkSignalling sip, int failuresToDown, Clock clock) {
        this.channelId = channelId;
        this.ip = ip;
        this.port = port;
        this.sip = sip;
        this.failuresToDown = failuresToDown;
        this.clock = clock;
    }

    /** Sends the next OPTIONS; the previous one, if still unanswered, counts as a miss. */
    synchronized void probe() {
        if (pending != null) {
            pending.abandon();
            pending = null;
            miss(null, "no answer");
        }
        try {
            if (sip.localPort("udp") == 0) {
                miss(null, "the appliance does not listen on udp");
                return;
            }
            String local = sip.localHost(ip, "udp");
            String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
            String target = "sip:" + host + ":" + port;
            TrunkRequest r = new TrunkRequest("OPTIONS", target, "sip:parley@" + (local.indexOf(':') >= 0 ? "[" + local + "]" : local),
                    fromTag, target, UUID.randomUUID() + "@" + local, 1, "udp", null, List.of());
            lastProbeAt = clock.instant();
            sentNanos = System.nanoTime();
            TrunkSignalling.Sent sent = sip.send(r);
            pending = sent;
            sent.answer().thenAccept(a -> answered(sent, a));
        } catch (RuntimeException | LinkageError e) {
            miss(null, "could not send OPTIONS: " + e);
        }
    }

    /** Ends the probe in flight (the peer was removed or the trunk closes). */
    synchronized void close() {
        if (pending != null) {
            pending.abandon();
            pending = null;
        }
    }

    synchronized void answered(TrunkSignalling.Sent sent, TrunkAnswer r) {
        if (sent != pending) {
            return;
        }
        pending = null;
        if (r.timedOut()) {
            miss(null, "timeout");
            return;
        }
        lastStatusCode = r.status();
        if (r.status() >= 500 && r.status() < 600) {
            miss(r.status(), r.status() + " " + r.reason());
            return;
        }
        roundTripMillis = (System.nanoTime() - sentNanos) / 1_000_000;
        lastAnswerAt = clock.instant();
        lastError = null;
        failures = 0;
        if (!reachable) {
            LOG.info("channel {}: peer {}:{} reachable ({} ms)", channelId, ip, port, roundTripMillis);
        }
        reachable = true;
    }

    private void miss(Integer code, String error) {
        lastStatusCode = code;
        lastError = error;
        failures++;
        if (reachable && failures >= failuresToDown) {
            reachable = false;
            LOG.info("channel {}: peer {}:{} unreachable after {} missed OPTIONS ({})", channelId, ip, port, failures, error);
        }
    }

    synchronized PeerReachability view() {
        return new PeerReachability(ip, port, reachable, failures, lastProbeAt, lastAnswerAt, roundTripMillis,
                lastStatusCode, lastError);
    }
}
