package io.parley.sip.registrar;

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
 * <p>Used by {@link RegisterValve}, which sees the stack's queue: behind while the datagram taken next has
 * waited over {@code shedAfterMillis}. The datagram lane ({@link RegisterLane}) does not shed: it answers on
 * the thread that reads the socket, whose backlog waits in the kernel where it cannot be seen, and shedding
 * on what the clients show instead (a share of retransmissions) made bench/sip collapse (4 of 6 runs at
 * 12,700/s, none of 9 without): SIPp answers each 503 with a BYE, which costs the stack more than a REGISTER.
 *
 * <pre>{@code
 * if (request.getHeader(AuthorizationHeader.NAME) == null && !shedding.admitNew(lagMillis)) {
 *     answer = RegisterAnswer.busy(shedding.retryAfterSeconds());
 * }
 * }</pre>
 */
public final class RegisterShedding {

    /**
     * Settings: shed new registrations while the lag is over {@code shedAfterMillis} (0: never; negative: all,
     * for tests); Retry-After drawn from [min, max] s. 300 ms by default: under SIPp's 500 ms retransmission
     * timer, above the pauses of a busy machine.
     */
    public record Settings(long shedAfterMillis, int retryAfterMinSeconds, int retryAfterMaxSeconds) {

        public static Settings defaults() {
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

    public RegisterShedding(Settings settings, LongSupplier millis) {
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
    public long shed() {
        return shed.sum();
    }

    long millis() {
        return millis.getAsLong();
    }
}
