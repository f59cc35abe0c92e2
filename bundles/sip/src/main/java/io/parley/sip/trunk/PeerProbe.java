package io.parley.sip.trunk;

import io.parley.api.sip.PeerReachability;
import io.parley.sip.ClientTransactionHandler;
import java.time.Clock;
import java.time.Instant;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPTIONS keepalive to one {@code public_trunk} peer (SPEC §34 p4), over UDP (the peer's
 * default): a probe still unanswered when the next one is due, a transaction timeout or a 5xx
 * is a miss; {@code failures} misses in a row make the peer unreachable, any other final answer
 * makes it reachable (the peer is there, whatever it thinks of OPTIONS).
 */
final class PeerProbe implements ClientTransactionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PeerProbe.class);

    private final long channelId;
    private final String ip;
    private final int port;
    private final SipClient sip;
    private final int failuresToDown;
    private final Clock clock;
    private final String fromTag = SipClient.newTag();

    private ClientTransaction pending;
    private long sentNanos;
    private boolean reachable;
    private int failures;
    private Instant lastProbeAt;
    private Instant lastAnswerAt;
    private Long roundTripMillis;
    private Integer lastStatusCode;
    private String lastError;

    PeerProbe(long channelId, String ip, int port, SipClient sip, int failuresToDown, Clock clock) {
        this.channelId = channelId;
        this.ip = ip;
        this.port = port;
        this.sip = sip;
        this.failuresToDown = failuresToDown;
        this.clock = clock;
    }

    String key() {
        return key(ip, port);
    }

    static String key(String ip, int port) {
        return ip + "|" + port;
    }

    /** Sends the next OPTIONS; the previous one, if still unanswered, counts as a miss. */
    synchronized void probe() {
        if (pending != null) {
            terminate(pending);
            pending = null;
            miss(null, "no answer");
        }
        try {
            ListeningPoint lp = sip.listeningPoint(ListeningPoint.UDP);
            if (lp == null) {
                miss(null, "the appliance does not listen on udp");
                return;
            }
            String local = sip.localHost(ip, lp);
            SipURI target = sip.uri(null, ip, port, null);
            Address from = sip.address(sip.uri("parley", local, 0, null));
            Request r = sip.request(Request.OPTIONS, target, from, fromTag, sip.address(sip.uri(null, ip, port, null)),
                    SipClient.newCallId(local), 1, ListeningPoint.UDP, local);
            lastProbeAt = clock.instant();
            sentNanos = System.nanoTime();
            pending = sip.send(r, this);
        } catch (Exception | LinkageError e) {
            miss(null, "could not send OPTIONS: " + e);
        }
    }

    /** Ends the probe in flight (the peer was removed or the bundle stops). */
    synchronized void close() {
        if (pending != null) {
            terminate(pending);
            pending = null;
        }
    }

    @Override
    public synchronized void response(ResponseEvent event) {
        Response r = event.getResponse();
        if (event.getClientTransaction() != pending || r.getStatusCode() < 200) {
            return;
        }
        pending = null;
        lastStatusCode = r.getStatusCode();
        if (r.getStatusCode() >= 500 && r.getStatusCode() < 600) {
            miss(r.getStatusCode(), r.getStatusCode() + " " + r.getReasonPhrase());
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

    @Override
    public synchronized void timeout(TimeoutEvent event) {
        if (event.getClientTransaction() != pending) {
            return;
        }
        pending = null;
        miss(null, "timeout");
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

    synchronized boolean reachable() {
        return reachable;
    }

    private static void terminate(ClientTransaction ct) {
        try {
            // stops the retransmissions of a probe that no longer counts
            ct.terminate();
        } catch (Exception e) {
            // already ended
        }
    }
}
