package io.parley.api.media;

import java.time.Duration;

/**
 * Receives each DTMF key once, when its RFC 4733 event ends.
 *
 * <pre>{@code
 * AutoCloseable subscription = endpoint.addDtmfListener((digit, duration) ->
 *         log.debug("key {} held {} ms", digit, duration.toMillis()));
 * }</pre>
 *
 * <p>Called on a media thread: it must return quickly and never block.
 */
@FunctionalInterface
public interface DtmfListener {
    /**
     * @param digit one of {@code 0-9 * # A-D}
     * @param duration how long the key was held, from the event's duration field
     */
    void onDigit(char digit, Duration duration);
}
