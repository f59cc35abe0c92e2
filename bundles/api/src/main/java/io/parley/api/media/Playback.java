package io.parley.api.media;

import java.util.concurrent.CompletionStage;

/**
 * One queued or running {@link PlayRequest} on an endpoint.
 *
 * <pre>{@code
 * Playback p = endpoint.player().play(PlayRequest.once(prompt, true));
 * PlaybackResult r = p.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>The completion stage is completed on a media thread: dependent actions that block must
 * use the {@code ...Async} variants.
 */
public interface Playback {
    /** @return completes once when the playback ends, whatever the reason */
    CompletionStage<PlaybackResult> completion();

    /** Stops this playback (or removes it from the queue); does nothing if it already ended. */
    void stop();
}
