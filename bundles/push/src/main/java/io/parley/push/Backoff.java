package io.parley.push;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed delivery is tried again: the initial delay doubled per attempt up to a cap, for
 * a window that starts at the item's first try (SPEC §29.3: 24 h). Time an item spent held
 * (push disabled, its sink not installed) is not in the window: it was never tried then.
 */
record Backoff(Duration initial, Duration max, Duration window) {

    static Backoff of(PushConfig c) {
        return new Backoff(Duration.ofSeconds(Math.max(1, c.retryInitialSeconds())),
                Duration.ofSeconds(Math.max(1, c.retryMaxSeconds())), Duration.ofSeconds(Math.max(1, c.retryWindowSeconds())));
    }

    /** The delay after the {@code attempts}-th failed try (1 = the first). */
    Duration delayAfter(int attempts) {
        Duration d = initial;
        for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** The next try, or null when the window is over and the item is given up. */
    Instant next(Instant firstAttemptAt, Instant now, int attempts) {
        Instant deadline = firstAttemptAt.plus(window);
        if (!now.isBefore(deadline)) {
            return null;
        }
        Instant next = now.plus(delayAfter(attempts));
        // the last try lands on the deadline rather than past it
        return next.isAfter(deadline) ? deadline : next;
    }
}
