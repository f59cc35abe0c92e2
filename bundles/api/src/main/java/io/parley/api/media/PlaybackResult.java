package io.parley.api.media;

import java.time.Duration;

/**
 * How a {@link Playback} ended.
 *
 * <pre>{@code
 * playback.completion().thenAccept(r -> {
 *     if (r.outcome() == PlaybackResult.Outcome.INTERRUPTED) {
 *         log.debug("caller barged in with {}", r.digit());
 *     }
 * });
 * }</pre>
 *
 * @param outcome why it ended
 * @param digit the DTMF key that interrupted it, or {@code null}
 * @param played how much audio was sent
 */
public record PlaybackResult(Outcome outcome, Character digit, Duration played) {
    /** Why a playback ended. */
    public enum Outcome {
        /** Every segment was played the requested number of times. */
        COMPLETED,
        /** A DTMF key interrupted an interruptible playback (barge-in). */
        INTERRUPTED,
        /** {@link Playback#stop()} or {@link Player#stopAll()} was called. */
        STOPPED,
        /** The endpoint was closed (the call ended). */
        ENDPOINT_CLOSED
    }
}
