package io.parley.sip.edge;

import io.parley.api.sip.SipSecurityService;
import io.parley.api.sip.SipSecurityStatus;
import io.parley.sip.SipConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The toll-fraud defence of the SIP edge: authentication failures are counted per source IP
 * in a sliding window; a source with {@code throttleFailures} of them is throttled (at most one
 * request per {@code throttleInterval} is let through, the rest dropped unanswered, which slows
 * a password guesser to the pace of its retransmissions), and one with {@code blockFailures}
 * is blocked (every request dropped) for {@code blockFor}. A successful authentication clears
 * the count. Events are counted by kind and logged at most once per kind and source per
 * minute (plus a global cap), so an attack cannot flood the log.
 *
 * <p>The hot path ({@link #admits}) is one lookup in a concurrent map that holds only sources
 * with failures, so honest traffic pays nearly nothing.
 */
public final class SipSecurity implements SecurityMonitor, SipSecurityService {

    private static final Logger LOG = LoggerFactory.getLogger(SipSecurity.class);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    /** Security log lines per second at most, whatever the number of sources (spoofed UDP sources). */
    private static final int LOG_LINES_PER_SECOND = 20;
    /** Sources watched at most; beyond, the quietest ones are forgotten at the next sweep. */
    private static final int MAX_SOURCES = 100_000;

    /** The thresholds, from {@link SipConfig}. */
    public record Limits(int throttleFailures, int blockFailures, Duration window, Duration blockFor,
                         Duration throttleInterval) {

        public Limits {
            if (throttleFailures < 1 || blockFailures < 1 || window.isNegative() || window.isZero()
                    || blockFor.isNegative() || throttleInterval.isNegative()) {
                throw new IllegalArgumentException("security limits must be positive");
            }
        }

        public static Limits defaults() {
            return new Limits(5, 10, Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofSeconds(1));
        }
    }

    /** What one source did; guarded by its own monitor. */
    private static final class Source {
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        String lastUser;
        Instant blockedUntil;
        Instant lastLetThrough = Instant.MIN;
        final Map<String, Instant> lastLogged = new HashMap<>();
        final Map<String, Integer> unlogged = new HashMap<>();
    }

    private final Clock clock;
    private final Limits limits;
    private final ConcurrentHashMap<String, Source> sources = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final AtomicLong logSecond = new AtomicLong();
    private final AtomicLong logLinesThisSecond = new AtomicLong();

    public SipSecurity(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Whether a request from {@code ip} may be processed: false while it is blocked, and for
     * all but one request per throttle interval while it is throttled. Counts what it drops.
     */
    public boolean admits(String ip) {
        Source s = sources.get(ip);
        if (s == null) {
            return true;
        }
        Instant now = clock.instant();
        synchronized (s) {
            if (s.blockedUntil != null) {
                if (now.isBefore(s.blockedUntil)) {
                    count("dropped_blocked");
                    return false;
                }
                // the block lapsed: start afresh
                s.blockedUntil = null;
                s.failures.clear();
            }
            prune(s, now);
            if (s.failures.size() >= limits.throttleFailures()) {
                if (now.isBefore(s.lastLetThrough.plus(limits.throttleInterval()))) {
                    count("dropped_throttled");
                    return false;
                }
                s.lastLetThrough = now;
            }
            return true;
        }
    }

    @Override
    public boolean blocked(String ip) {
        Source s = sources.get(ip);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.blockedUntil != null && clock.instant().isBefore(s.blockedUntil);
        }
    }

    @Override
    public void authenticationFailed(String ip, String user) {
        count("auth_failed");
        Instant now = clock.instant();
        Source s = sources.computeIfAbsent(ip, k -> new Source());
        synchronized (s) {
            s.lastUser = user;
            prune(s, now);
            s.failures.addLast(now);
            // the window never needs more entries than it takes to block
            while (s.failures.size() > limits.blockFailures()) {
                s.failures.removeFirst();
            }
            int n = s.failures.size();
            log(s, ip, "auth_failed", "SIP security: authentication failed from {} (user {}, {} failure(s) in {} s)",
                    ip, user, n, limits.window().toSeconds());
            if (n >= limits.blockFailures() && s.blockedUntil == null) {
                s.blockedUntil = now.plus(limits.blockFor());
                count("blocked");
                // always logged: one line per block
                LOG.warn("SIP security: {} blocked until {} after {} authentication failures in {} s (last user {})",
                        ip, s.blockedUntil, n, limits.window().toSeconds(), user);
            } else if (n == limits.throttleFailures()) {
                count("throttled");
                LOG.warn("SIP security: {} throttled to one request per {} ms after {} authentication failures",
                        ip, limits.throttleInterval().toMillis(), n);
            }
        }
    }

    /**
     * Counts a success. It forgives nothing: the source's failures age out of the window only. Devices behind one
     * address (a NAT) share its count, and a success erasing it let a guesser behind a registered phone's address
     * guess forever, the phone's every REGISTER or call wiping the guesser's failures (issue 16).
     */
    @Override
    public void authenticated(String ip) {
        count("authenticated");
    }

    @Override
    public void refused(String ip, String method, String reason) {
        count("refused");
        Source s = sources.computeIfAbsent(ip, k -> new Source());
        synchronized (s) {
            log(s, ip, "refused:" + method, "SIP security: {} from {} refused: {}", method, ip, reason);
        }
    }

    /** A message refused for its form (too large, too many headers…), counted as {@code kind}. */
    void malformed(String ip, String kind, String detail) {
        count(kind);
        Source s = sources.computeIfAbsent(ip, k -> new Source());
        synchronized (s) {
            log(s, ip, kind, "SIP security: message from {} refused ({}): {}", ip, kind, detail);
        }
    }

    // ---- SipSecurityService ----

    @Override
    public SipSecurityStatus status() {
        Map<String, Long> c = new TreeMap<>();
        counters.forEach((k, v) -> c.put(k, v.sum()));
        Instant now = clock.instant();
        List<SipSecurityStatus.Source> list = new ArrayList<>();
        sources.forEach((ip, s) -> {
            synchronized (s) {
                boolean blocked = s.blockedUntil != null && now.isBefore(s.blockedUntil);
                prune(s, now);
                if (blocked || s.failures.size() >= limits.throttleFailures()) {
                    list.add(new SipSecurityStatus.Source(ip, blocked ? "blocked" : "throttled", s.failures.size(),
                            s.lastUser, blocked ? s.blockedUntil : null));
                }
            }
        });
        list.sort(Comparator.comparing(SipSecurityStatus.Source::ip));
        return new SipSecurityStatus(c, list);
    }

    @Override
    public boolean unblock(String ip) {
        Source s = sources.remove(ip);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            Instant now = clock.instant();
            prune(s, now);
            boolean watched = (s.blockedUntil != null && now.isBefore(s.blockedUntil))
                    || s.failures.size() >= limits.throttleFailures();
            LOG.warn("SIP security: {} unblocked by the operator", ip);
            return watched;
        }
    }

    /** Forgets sources with nothing left in the window and no block; bounds the map. */
    public void sweep() {
        Instant now = clock.instant();
        sources.entrySet().removeIf(e -> {
            Source s = e.getValue();
            synchronized (s) {
                if (s.blockedUntil != null && now.isBefore(s.blockedUntil)) {
                    return false;
                }
                s.blockedUntil = null;
                prune(s, now);
                return s.failures.isEmpty() && s.lastLogged.values().stream().allMatch(t -> now.isAfter(t.plus(LOG_EVERY)));
            }
        });
        if (sources.size() > MAX_SOURCES) {
            // under a flood from very many addresses keep the blocked ones and the worst offenders
            sources.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().blockedUntil == null && e.getValue().failures.size() < 2;
                }
            });
        }
    }

    long counter(String kind) {
        LongAdder a = counters.get(kind);
        return a == null ? 0 : a.sum();
    }

    private void prune(Source s, Instant now) {
        Instant oldest = now.minus(limits.window());
        while (!s.failures.isEmpty() && !s.failures.peekFirst().isAfter(oldest)) {
            s.failures.removeFirst();
        }
    }

    private void count(String kind) {
        counters.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Logs {@code kind} for this source at most once a minute, saying how many were not logged meanwhile. */
    private void log(Source s, String ip, String kind, String format, Object... args) {
        Instant now = clock.instant();
        Instant last = s.lastLogged.get(kind);
        if (last != null && now.isBefore(last.plus(LOG_EVERY))) {
            s.unlogged.merge(kind, 1, Integer::sum);
            return;
        }
        if (!globalLogBudget(now)) {
            s.unlogged.merge(kind, 1, Integer::sum);
            return;
        }
        s.lastLogged.put(kind, now);
        Integer skipped = s.unlogged.remove(kind);
        LOG.info(format + (skipped == null ? "" : " (+" + skipped + " like it from " + ip + " not logged)"), args);
    }

    private boolean globalLogBudget(Instant now) {
        long second = now.getEpochSecond();
        long current = logSecond.get();
        if (current != second && logSecond.compareAndSet(current, second)) {
            logLinesThisSecond.set(0);
        }
        return logLinesThisSecond.incrementAndGet() <= LOG_LINES_PER_SECOND;
    }
}
