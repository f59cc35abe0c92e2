package io.parley.sip;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Overload control of the registrar, shared by the datagram lane and the stack's valve: while the registrar
 * is behind, a shrinking share of the REGISTERs that start a registration (no credentials) is answered
 * {@code 503} with a {@code Retry-After} of a few seconds; answers to challenges are always served, so
 * registrations under way complete and the backlog shrinks instead of feeding a retransmission storm.
 *
 * <p>"Behind" has two measures. The valve sees the stack's queue: behind while the datagram taken next has
 * waited over {@code shedAfterMillis} ({@link #admitNew(long)}). The lane answers on the thread that reads
 * the socket, whose backlog waits in the kernel where it cannot be seen; it counts what the clients show
 * instead ({@link #seen}): behind while more than 5 % of the REGISTERs were retransmissions of requests
 * already answered, for a second — a client retransmits after 500 ms without an answer, so
 * they mean answers late by that much, or datagrams dropped from a full socket buffer
 * ({@link #admitNewByRetransmissions()}).
 *
 * <pre>{@code
 * shedding.seen(retransmission);
 * if (!request.hasCredentials() && !shedding.admitNewByRetransmissions()) {
 *     answer = RegisterAnswer.busy(shedding.retryAfterSeconds());
 * }
 * }</pre>
 */
final class RegisterShedding {

    /**
     * Settings: shed new registrations while the lag is over {@code shedAfterMillis} (0: never; negative: all,
     * for tests); Retry-After drawn from [min, max] s. 300 ms by default: under SIPp's 500 ms retransmission
     * timer, above the pauses of a busy machine.
     */
    record Settings(long shedAfterMillis, int retryAfterMinSeconds, int retryAfterMaxSeconds) {

        static Settings defaults() {
            return new Settings(300, 5, 15);
        }
    }

    private static final long ADJUST_EVERY_MILLIS = 100;
    private static final double MIN_ADMITTED = 0.05;

    private final Settings settings;
    private final LongSupplier millis;
    private final LongAdder shed = new LongAdder();
    /** Share of new registrations let through (1 = all), see {@link #admitNew}. */
    private volatile double admitted = 1.0;
    private final AtomicLong adjustedAt = new AtomicLong();

    RegisterShedding(Settings settings, LongSupplier millis) {
        this.settings = settings;
        this.millis = millis;
    }

    /**
     * Whether a new registration is let through, given how long the datagram being handled (or the next one)
     * waited. The share let through is adjusted every 100 ms from the lag: cut by 30 % while it is over the
     * threshold, raised by a tenth of the whole while it is under half of it, never below 5 %. A plain "shed
     * everything while behind" never let a registration start again on a starved machine in bench/sip: every
     * REGISTER got 503 and none succeeded. A registration not let through is counted as shed.
     */
    boolean admitNew(long lagMillis) {
        long threshold = settings.shedAfterMillis();
        if (threshold == 0) {
            return true;
        }
        long now = millis.getAsLong();
        long last = adjustedAt.get();
        if (now - last >= ADJUST_EVERY_MILLIS && adjustedAt.compareAndSet(last, now)) {
            double share = admitted;
            admitted = threshold < 0 ? 0 : lagMillis > threshold ? Math.max(MIN_ADMITTED, share * 0.7)
                    : lagMillis < threshold / 2 ? Math.min(1.0, share + 0.1) : share;
        }
        return decide(threshold);
    }

    /** Windows of 100 ms in a row with over 5 % retransmissions before the lane sheds: one second. */
    private static final int SUSTAINED_WINDOWS = 10;
    private final LongAdder requests = new LongAdder();
    /** Consecutive windows with over 5 % retransmissions; the adjusting thread only. */
    private int behindWindows;
    private final LongAdder retransmitted = new LongAdder();

    /** The lane saw a REGISTER datagram; {@code retransmission}: one it had answered already. */
    void seen(boolean retransmission) {
        requests.increment();
        if (retransmission) {
            retransmitted.increment();
        }
    }

    /**
     * Whether a new registration is let through, judged by the retransmissions the lane saw lately: the share
     * let through is cut by 30 % after each 100 ms window with more than 5 % retransmissions (of at least 50
     * REGISTERs) once there have been ten such windows in a row, raised by a tenth of the whole after one under
     * 1 %, never below 5 %. A registration not let through is counted as shed. Only a sustained share counts:
     * in bench/sip, shedding on a burst of retransmissions (one 100 ms window over 2 %) turned a passing
     * hiccup into a collapse, SIPp answering each 503 with a BYE that costs the stack more than a REGISTER.
     */
    boolean admitNewByRetransmissions() {
        long threshold = settings.shedAfterMillis();
        if (threshold == 0) {
            return true;
        }
        long now = millis.getAsLong();
        long last = adjustedAt.get();
        if (now - last >= ADJUST_EVERY_MILLIS && adjustedAt.compareAndSet(last, now)) {
            long n = requests.sumThenReset();
            long r = retransmitted.sumThenReset();
            // a short burst of retransmissions (a pause of the machine, a step in the offered rate) passes by
            // itself: they are answered from RecentAnswers for almost nothing; only a sustained share means the
            // lane cannot keep up
            behindWindows = n >= 50 && r * 20 > n ? behindWindows + 1 : 0;
            double share = admitted;
            admitted = threshold < 0 ? 0 : behindWindows >= SUSTAINED_WINDOWS ? Math.max(MIN_ADMITTED, share * 0.7)
                    : r * 100 < n || n < 50 ? Math.min(1.0, share + 0.1) : share;
        }
        return decide(threshold);
    }

    private boolean decide(long threshold) {
        double share = admitted;
        boolean admit = share >= 1.0 || (threshold > 0 && ThreadLocalRandom.current().nextDouble() < share);
        if (!admit) {
            shed.increment();
        }
        return admit;
    }

    /** A Retry-After spread over the settings' range: phones told the same delay would all come back at once. */
    int retryAfterSeconds() {
        return ThreadLocalRandom.current().nextInt(settings.retryAfterMinSeconds(), settings.retryAfterMaxSeconds() + 1);
    }

    /** REGISTERs answered 503 because the registrar was behind. */
    long shed() {
        return shed.sum();
    }

    long millis() {
        return millis.getAsLong();
    }
}
