package io.parley.sip.trunk;

import io.parley.api.sip.TrunkRegistration;
import io.parley.api.telephony.SipChannel;
import io.parley.sip.ClientTransactionHandler;
import io.parley.sip.auth.DigestClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's registration to the carrier of one {@code carrier_account} channel (SPEC §1.2,
 * §1.5): REGISTER to {@code server_host:server_port} (through the outbound proxy when there is
 * one) over the channel's transport, answering the carrier's 401/407 digest challenge; refreshed
 * before it expires; after a failure retried with a doubling back-off up to a cap; unregistered
 * ({@code Expires: 0}) when the channel goes away or the bundle stops. One Call-ID and a growing
 * CSeq for all REGISTERs of the channel (RFC 3261 §10.2.4).
 */
final class CarrierRegistration implements ClientTransactionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CarrierRegistration.class);
    /** Challenges answered per attempt: a second 401 with a fresh nonce is answered once more only when it says stale. */
    private static final int MAX_CHALLENGES = 2;

    private final long channelId;
    private final SipChannel.CarrierAccount account;
    private final SipClient sip;
    private final DigestClient digest;
    private final TrunkSettings settings;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final String transport;
    private final String callId;
    private final String fromTag = SipClient.newTag();
    private final CountDownLatch unregistered = new CountDownLatch(1);

    private long cseq;
    private int requestedExpiry;
    private int challenges;
    private boolean stopping;
    private ClientTransaction current;
    private ScheduledFuture<?> next;
    private String contact;
    private Instant registeredAt;
    private Instant expiresAt;
    private Integer lastStatusCode;
    private String lastError;
    private Instant lastAttemptAt;
    private Instant nextAttemptAt;
    private int failures;

    CarrierRegistration(long channelId, SipChannel.CarrierAccount account, SipClient sip, DigestClient digest,
                        TrunkSettings settings, ScheduledExecutorService timer, Clock clock) {
        this.channelId = channelId;
        this.account = account;
        this.sip = sip;
        this.digest = digest;
        this.settings = settings;
        this.timer = timer;
        this.clock = clock;
        this.transport = account.transport() == null ? ListeningPoint.UDP : account.transport().toLowerCase(Locale.ROOT);
        this.callId = SipClient.newCallId(account.serverHost());
        this.requestedExpiry = account.registrationExpirySeconds();
    }

    SipChannel.CarrierAccount account() {
        return account;
    }

    /** Sends the first REGISTER now. */
    synchronized void start() {
        scheduleAttempt(Duration.ZERO);
    }

    /**
     * Stops refreshing; when registered, sends the unregister (Expires: 0) and returns true
     * ({@link #awaitUnregistered} waits for its end), else returns false.
     */
    synchronized boolean stop() {
        if (stopping) {
            return !left();
        }
        stopping = true;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        nextAttemptAt = null;
        if (!registered()) {
            unregistered.countDown();
            return false;
        }
        challenges = 0;
        if (!send(0, null)) {
            unregistered.countDown();
            return false;
        }
        return true;
    }

    /** Stopped, and the unregister (if one was sent) has ended. */
    boolean left() {
        return unregistered.getCount() == 0;
    }

    boolean awaitUnregistered(Duration max) throws InterruptedException {
        return unregistered.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized boolean registered() {
        return expiresAt != null && clock.instant().isBefore(expiresAt);
    }

    synchronized TrunkRegistration view() {
        return new TrunkRegistration(registrarUri(), account.outboundProxyHost() == null || account.outboundProxyHost().isBlank()
                ? null : account.outboundProxyHost() + ":" + proxyPort(), contact, registeredAt,
                registered() ? expiresAt : null, lastStatusCode, lastError, lastAttemptAt, nextAttemptAt, failures);
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
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the bundle is stopping
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

    /** Sends one REGISTER with {@code expires}; false (with lastError set) when it could not be sent. */
    private boolean send(int expires, Response challenge) {
        try {
            boolean viaProxy = account.outboundProxyHost() != null && !account.outboundProxyHost().isBlank();
            String hop = viaProxy ? account.outboundProxyHost() : account.serverHost();
            ListeningPoint lp = sip.listeningPoint(transport);
            if (lp == null) {
                lastError = "the appliance does not listen on " + transport;
                return false;
            }
            String local = sip.localHost(hop, lp);
            SipURI requestUri = sip.uri(null, account.serverHost(), account.serverPort(), transport);
            Address aor = sip.address(sip.uri(account.username(), account.serverHost(), 0, null));
            Request r = sip.request(Request.REGISTER, requestUri, aor, fromTag, aor, callId, ++cseq, transport, local);
            SipURI contactUri = sip.uri(account.username(), local, lp.getPort(), transport);
            contact = contactUri.toString();
            r.addHeader(sip.headers().createContactHeader(sip.address(contactUri)));
            r.addHeader(sip.headers().createExpiresHeader(expires));
            if (viaProxy) {
                // the outbound proxy as a loose route: the stack sends there, the Request-URI still names the registrar
                SipURI route = sip.uri(null, account.outboundProxyHost(), proxyPort(), transport);
                route.setLrParam();
                r.addHeader(sip.headers().createRouteHeader(sip.address(route)));
            }
            if (challenge != null) {
                Optional<AuthorizationHeader> answer = digest.answer(challenge, r, account.username(), account.password());
                if (answer.isEmpty()) {
                    lastError = "the carrier's challenge uses an unsupported algorithm or qop";
                    return false;
                }
                r.addHeader(answer.get());
            }
            lastAttemptAt = clock.instant();
            current = sip.send(r, this);
            return true;
        } catch (Exception | LinkageError e) {
            lastError = "could not send REGISTER: " + e;
            LOG.info("channel {}: {}", channelId, lastError);
            return false;
        }
    }

    @Override
    public synchronized void response(ResponseEvent event) {
        if (event.getClientTransaction() != current) {
            return;
        }
        Response r = event.getResponse();
        int code = r.getStatusCode();
        if (code < 200) {
            return;
        }
        current = null;
        int expires = stopping ? 0 : requestedExpiry;
        if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
            if (challenges < MAX_CHALLENGES && (challenges == 0 || stale(r))) {
                challenges++;
                if (send(expires, r)) {
                    return;
                }
                failed(code, lastError, true);
                return;
            }
            failed(code, "the carrier refused the credentials (" + code + " " + r.getReasonPhrase() + ")", true);
            return;
        }
        if (code == Response.INTERVAL_TOO_BRIEF && !stopping) {
            MinExpiresHeader min = (MinExpiresHeader) r.getHeader(MinExpiresHeader.NAME);
            if (min != null && min.getExpires() > requestedExpiry) {
                requestedExpiry = min.getExpires();
                challenges = 0;
                if (send(requestedExpiry, null)) {
                    return;
                }
            }
            failed(code, "423 Interval Too Brief", true);
            return;
        }
        if (code >= 300) {
            failed(code, code + " " + r.getReasonPhrase(), true);
            return;
        }
        lastStatusCode = code;
        lastError = null;
        failures = 0;
        if (stopping) {
            registeredAt = null;
            expiresAt = null;
            LOG.info("channel {}: unregistered from {}", channelId, registrarUri());
            unregistered.countDown();
            return;
        }
        int granted = granted(r);
        Instant now = clock.instant();
        registeredAt = now;
        expiresAt = now.plusSeconds(granted);
        LOG.info("channel {}: registered to {} for {} s", channelId, registrarUri(), granted);
        scheduleAttempt(refreshDelay(granted));
    }

    /** When to refresh a registration granted for {@code granted} seconds: the margin before expiry, but not sooner than a tenth of it. */
    Duration refreshDelay(int granted) {
        long seconds = Math.max(granted - settings.refreshMargin().toSeconds(), granted / 10L);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    @Override
    public synchronized void timeout(TimeoutEvent event) {
        if (event.getClientTransaction() != current) {
            return;
        }
        current = null;
        failed(null, "no answer from " + registrarUri(), false);
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
            unregistered.countDown();
            return;
        }
        Duration backoff = backoff(failures);
        LOG.info("channel {}: registration to {} failed ({}); next try in {} s", channelId, registrarUri(), error,
                backoff.toSeconds());
        scheduleAttempt(backoff);
    }

    Duration backoff(int failureCount) {
        long min = settings.retryMin().toMillis();
        long max = settings.retryMax().toMillis();
        int shift = Math.min(Math.max(failureCount - 1, 0), 20);
        return Duration.ofMillis(Math.min(max, min << shift));
    }

    /** The expiry the carrier granted: our Contact's expires parameter, else the Expires header, else what we asked. */
    private int granted(Response r) {
        ListIterator<?> contacts = r.getHeaders(ContactHeader.NAME);
        int only = -1;
        int count = 0;
        while (contacts.hasNext()) {
            ContactHeader c = (ContactHeader) contacts.next();
            count++;
            only = c.getExpires();
            if (c.getAddress().getURI() instanceof SipURI u && contact != null && contact.equals(u.toString())
                    && c.getExpires() >= 0) {
                return c.getExpires();
            }
        }
        if (count == 1 && only >= 0) {
            return only;
        }
        ExpiresHeader e = r.getExpires();
        return e != null && e.getExpires() > 0 ? e.getExpires() : requestedExpiry;
    }

    private static boolean stale(Response r) {
        ListIterator<?> it = r.getHeaders(r.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED
                ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        while (it.hasNext()) {
            String s = ((WWWAuthenticateHeader) it.next()).getParameter("stale");
            if ("true".equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }
}
