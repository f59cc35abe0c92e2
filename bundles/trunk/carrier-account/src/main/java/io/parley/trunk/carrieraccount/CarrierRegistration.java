package io.parley.trunk.carrieraccount;

import io.parley.api.sip.TrunkRegistration;
import io.parley.api.sip.trunk.SipHeader;
import io.parley.api.sip.trunk.TrunkAnswer;
import io.parley.api.sip.trunk.TrunkRequest;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.sip.trunk.TrunkTimers;
import io.parley.api.telephony.SipChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's registration to the carrier of one {@code carrier_account} channel (SPEC §1.2,
 * §1.5): REGISTER to {@code server_host:server_port} (through the outbound proxy when there is
 * one) over the channel's transport, answering the carrier's 401/407 digest challenge; refreshed
 * before it expires; after a failure retried with a doubling back-off up to a cap; unregistered
 * ({@code Expires: 0}) when the channel goes away, the connector stops or the SIP core stops. One
 * Call-ID and a growing CSeq for all REGISTERs of the channel (RFC 3261 §10.2.4). A carrier refusing
 * our credentials is counted and logged at WARN by {@link CarrierRefusals}. Sends through the core's
 * {@link TrunkSignalling}: answers arrive on the core's threads, under this object's lock.
 *
 * <pre>{@code
 * CarrierRegistration r = new CarrierRegistration(7, channel.carrier(), sip, sip.timers(), timer, clock, refusals);
 * r.start();
 * r.registered();              // once the carrier said 200
 * r.stop();                    // Expires: 0
 * r.unregistered().join();     // the carrier answered it (or it timed out)
 * }</pre>
 */
final class CarrierRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(CarrierRegistration.class);
    /** Challenges answered per attempt: a second 401 with a fresh nonce is answered once more only when it says stale. */
    private static final int MAX_CHALLENGES = 2;

    private final long channelId;
    private final SipChannel.CarrierAccount account;
    private final TrunkSignalling sip;
    private final TrunkTimers timers;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final String transport;
    private final String callId;
    private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final CarrierRefusals refusals;
    /** Completed once stopped and the unregister (if one was sent) has ended: answered, refused or timed out. */
    private final CompletableFuture<Void> unregistered = new CompletableFuture<>();

    private long cseq;
    private int requestedExpiry;
    private int challenges;
    private boolean stopping;
    private TrunkSignalling.Sent current;
    private TrunkRequest currentRequest;
    private ScheduledFuture<?> next;
    private String contact;
    private Instant registeredAt;
    private Instant expiresAt;
    private Integer lastStatusCode;
    private String lastError;
    private Instant lastAttemptAt;
    private Instant nextAttemptAt;
    private int failures;

    CarrierRegistration(long channelId, SipChannel.CarrierAccount account, TrunkSignalling sip, TrunkTimers timers,
                        ScheduledExecutorService timer, Clock clock, CarrierRefusals refusals) {
        this.channelId = channelId;
        this.refusals = refusals;
        this.account = account;
        this.sip = sip;
        this.timers = timers;
        this.timer = timer;
        this.clock = clock;
        this.transport = account.transport() == null ? "udp" : account.transport().toLowerCase(Locale.ROOT);
        this.callId = UUID.randomUUID() + "@" + account.serverHost();
        this.requestedExpiry = account.registrationExpirySeconds();
    }

    /** Sends the first REGISTER now (unless stopped before it started). */
    synchronized void start() {
        if (!stopping) {
            scheduleAttempt(Duration.ZERO);
        }
    }

    /** Stops refreshing; when registered, sends the unregister (Expires: 0), whose end {@link #unregistered} tells. */
    synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        nextAttemptAt = null;
        if (current != null) {
            // an attempt in flight no longer counts
            current.abandon();
            current = null;
        }
        if (!registered()) {
            unregistered.complete(null);
            return;
        }
        challenges = 0;
        if (!send(0, null)) {
            unregistered.complete(null);
        }
    }

    /**
     * Completes once stopped and the unregister has ended (at once if it has): a new registration of
     * the same channel waits for it, since a carrier handling the new REGISTER before the old binding's
     * {@code Expires: 0} would drop the fresh binding.
     */
    CompletableFuture<Void> unregistered() {
        return unregistered.copy();
    }

    synchronized boolean registered() {
        return expiresAt != null && clock.instant().isBefore(expiresAt);
    }

    synchronized TrunkRegistration view() {
        return new TrunkRegistration(registrarUri(), viaProxy() ? account.outboundProxyHost() + ":" + proxyPort() : null,
                contact, registeredAt, registered() ? expiresAt : null, lastStatusCode, lastError, lastAttemptAt,
                nextAttemptAt, failures);
    }

    private boolean viaProxy() {
        return account.outboundProxyHost() != null && !account.outboundProxyHost().isBlank();
    }

    private int proxyPort() {
        return account.outboundProxyPort() == null ? 5060 : account.outboundProxyPort();
    }

    private String registrarUri() {
        return "sip:" + account.serverHost() + ":" + account.serverPort() + ";transport=" + transport;
    }

    private void scheduleAttempt(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        nextAttemptAt = clock.instant().plus(delay);
        try {
            next = timer.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the connector is stopping
            next = null;
            nextAttemptAt = null;
        }
    }

    private synchronized void attempt() {
        if (stopping) {
            return;
        }
        next = null;
        nextAttemptAt = null;
        challenges = 0;
        if (!send(requestedExpiry, null)) {
            failed(null, lastError, false);
        }
    }

    /** A SIP URI of {@code user} at {@code host:port}, with the transport parameter for all but UDP. */
    private String uri(String user, String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "sip:" + (user == null ? "" : user + "@") + h + (port > 0 ? ":" + port : "")
                + ("udp".equals(transport) ? "" : ";transport=" + transport);
    }

    /** Sends one REGISTER with {@code expires}, answering {@code challenge} when given; false (with lastError set) when it could not be sent. */
    private boolean send(int expires, TrunkAnswer challenge) {
        try {
            String hop = viaProxy() ? account.outboundProxyHost() : account.serverHost();
            int port = sip.localPort(transport);
            if (port == 0) {
                lastError = "the appliance does not listen on " + transport;
                return false;
            }
            String local = sip.localHost(hop, transport);
            String aor = "sip:" + account.username() + "@" + account.serverHost();
            contact = uri(account.username(), local, port);
            List<SipHeader> headers = new ArrayList<>();
            headers.add(new SipHeader("Contact", "<" + contact + ">"));
            headers.add(new SipHeader("Expires", Integer.toString(expires)));
            // the outbound proxy as a loose route: the core sends there, the Request-URI still names the registrar
            String route = viaProxy() ? "<" + uri(null, account.outboundProxyHost(), proxyPort()) + ";lr>" : null;
            TrunkRequest r = new TrunkRequest("REGISTER", uri(null, account.serverHost(), account.serverPort()), aor,
                    fromTag, aor, callId, ++cseq, transport, route == null ? null : route.substring(1, route.length() - 1),
                    headers);
            if (challenge != null) {
                Optional<SipHeader> answer = sip.authorization(challenge, r, account.username(), account.password());
                if (answer.isEmpty()) {
                    lastError = "the carrier's challenge uses an unsupported algorithm or qop";
                    return false;
                }
                r = r.with(answer.get());
            }
            lastAttemptAt = clock.instant();
            TrunkSignalling.Sent sent = sip.send(r);
            current = sent;
            currentRequest = r;
            sent.answer().thenAccept(a -> answered(sent, a));
            return true;
        } catch (RuntimeException | LinkageError e) {
            lastError = "could not send REGISTER: " + e;
            LOG.info("channel {}: {}", channelId, lastError);
            return false;
        }
    }

    /** The final answer (or timeout) of a REGISTER; answers to superseded ones are ignored. */
    synchronized void answered(TrunkSignalling.Sent sent, TrunkAnswer r) {
        if (sent != current) {
            return;
        }
        current = null;
        if (r.timedOut()) {
            failed(null, "no answer from " + registrarUri(), false);
            return;
        }
        int code = r.status();
        int expires = stopping ? 0 : requestedExpiry;
        if (code == 401 || code == 407) {
            if (challenges < MAX_CHALLENGES && (challenges == 0 || stale(r))) {
                challenges++;
                if (send(expires, r)) {
                    return;
                }
                failed(code, lastError, true);
                return;
            }
            credentialsRefused(code + " " + r.reason());
            failed(code, "the carrier refused the credentials (" + code + " " + r.reason() + ")", true);
            return;
        }
        if (code == 403) {
            credentialsRefused(code + " " + r.reason());
            failed(code, "the carrier refused the credentials (" + code + " " + r.reason() + ")", true);
            return;
        }
        if (code == 423 && !stopping) {
            int min = minExpires(r);
            if (min > requestedExpiry) {
                requestedExpiry = min;
                challenges = 0;
                if (send(requestedExpiry, null)) {
                    return;
                }
            }
            failed(code, "423 Interval Too Brief", true);
            return;
        }
        if (code >= 300) {
            failed(code, code + " " + r.reason(), true);
            return;
        }
        lastStatusCode = code;
        lastError = null;
        failures = 0;
        refusals.cleared(channelId);
        if (stopping) {
            registeredAt = null;
            expiresAt = null;
            LOG.info("channel {}: unregistered from {}", channelId, registrarUri());
            unregistered.complete(null);
            return;
        }
        int granted = r.contactExpires(contact, requestedExpiry);
        Instant now = clock.instant();
        registeredAt = now;
        expiresAt = now.plusSeconds(granted);
        LOG.info("channel {}: registered to {} for {} s", channelId, registrarUri(), granted);
        scheduleAttempt(refreshDelay(granted));
    }

    /** When to refresh a registration granted for {@code granted} seconds: the margin before expiry, but not sooner than a tenth of it. */
    Duration refreshDelay(int granted) {
        long seconds = Math.max(granted - timers.refreshMargin().toSeconds(), granted / 10L);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    private void credentialsRefused(String answer) {
        if (!stopping) {
            refusals.refused(channelId, registrarUri(), answer);
        }
    }

    /**
     * A failed attempt: counted, and retried after the back-off. A final refusal ends the
     * registration at once; after a timeout the carrier may still hold it until it expires.
     */
    private void failed(Integer code, String error, boolean refused) {
        lastStatusCode = code;
        lastError = error;
        failures++;
        if (refused) {
            expiresAt = null;
        }
        if (stopping) {
            unregistered.complete(null);
            return;
        }
        Duration backoff = backoff(failures);
        if (code != null && (code == 403 || code == 401 || code == 407)) {
            // CarrierRefusals has warned (at most so often): the retry itself is routine
            LOG.debug("channel {}: next try in {} s", channelId, backoff.toSeconds());
            scheduleAttempt(backoff);
            return;
        }
        LOG.info("channel {}: registration to {} failed ({}); next try in {} s", channelId, registrarUri(), error,
                backoff.toSeconds());
        scheduleAttempt(backoff);
    }

    Duration backoff(int failureCount) {
        long min = timers.retryMin().toMillis();
        long max = timers.retryMax().toMillis();
        int shift = Math.min(Math.max(failureCount - 1, 0), 20);
        return Duration.ofMillis(Math.min(max, min << shift));
    }

    private static int minExpires(TrunkAnswer r) {
        String v = r.header("Min-Expires");
        try {
            return v == null ? -1 : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the challenge says {@code stale=true} (the nonce expired, the credentials were right). */
    static boolean stale(TrunkAnswer r) {
        List<String> challenges = r.headers().getOrDefault(r.status() == 407 ? "proxy-authenticate" : "www-authenticate",
                List.of());
        for (String c : challenges) {
            if (c.toLowerCase(Locale.ROOT).replace(" ", "").contains("stale=true")
                    || c.toLowerCase(Locale.ROOT).replace(" ", "").contains("stale=\"true\"")) {
                return true;
            }
        }
        return false;
    }
}
