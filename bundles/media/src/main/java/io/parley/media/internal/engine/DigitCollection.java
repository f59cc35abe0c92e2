package io.parley.media.internal.engine;

import io.parley.api.media.DigitCollectResult;
import io.parley.api.media.DigitCollectResult.Outcome;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One DTMF collection: keys arrive from the receive thread, timeouts fire on the timer thread;
 * whichever ends it first wins, once.
 */
final class DigitCollection implements DtmfCollector {
    private final DigitCollectSpec spec;
    private final ScheduledExecutorService timers;
    private final Runnable onEnd;
    private final StringBuilder digits = new StringBuilder();
    private final CompletableFuture<DigitCollectResult> result = new CompletableFuture<>();
    private ScheduledFuture<?> timeout;
    private boolean ended;
    private int generation;   // a timeout armed before the latest key must not fire

    /** @param onEnd called once when the collection ends, to detach it from its endpoint */
    DigitCollection(DigitCollectSpec spec, ScheduledExecutorService timers, Runnable onEnd) {
        this.spec = spec;
        this.timers = timers;
        this.onEnd = onEnd;
    }

    synchronized void start() {
        if (!ended && digits.length() == 0) {
            arm(spec.firstDigitTimeout(), Outcome.FIRST_DIGIT_TIMEOUT);
        }
    }

    /** @return false once ended, so that the key goes to the type-ahead buffer instead */
    boolean onKey(char key) {
        Outcome outcome;
        synchronized (this) {
            if (ended) {
                return false;
            }
            if (spec.endKey() != null && spec.endKey() == key) {
                outcome = Outcome.END_KEY;
            } else {
                digits.append(key);
                if (digits.length() >= spec.maxDigits()) {
                    outcome = Outcome.MAX_DIGITS;
                } else {
                    arm(spec.interDigitTimeout(), Outcome.INTER_DIGIT_TIMEOUT);
                    return true;
                }
            }
        }
        end(outcome);
        return true;
    }

    @Override
    public CompletionStage<DigitCollectResult> result() {
        return result;
    }

    @Override
    public void cancel() {
        end(Outcome.CANCELLED);
    }

    boolean isEnded() {
        synchronized (this) {
            return ended;
        }
    }

    void end(Outcome outcome) {
        String collected;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (timeout != null) {
                timeout.cancel(false);
            }
            collected = digits.toString();
        }
        onEnd.run();
        result.complete(new DigitCollectResult(collected, outcome));
    }

    private void arm(Duration after, Outcome outcome) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        int armed = ++generation;
        timeout = timers.schedule(() -> expire(armed, outcome), after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expire(int armed, Outcome outcome) {
        synchronized (this) {
            if (armed != generation) {
                return;
            }
        }
        end(outcome);
    }
}
