package io.parley.api.media;

/**
 * Plays audio to the peer of one endpoint as 20 ms G.711 packets driven by the media clock.
 * Requests are queued: a new request starts when the previous one ends. While a playback is
 * running it replaces whatever the endpoint would otherwise send (bridged audio, silence).
 *
 * <pre>{@code
 * Player player = endpoint.player();
 * player.play(PlayRequest.once(greeting, false));
 * Playback menu = player.play(PlayRequest.once(menuPrompt, true)); // starts after the greeting
 * menu.completion().thenAccept(r -> collectNext());
 * }</pre>
 */
public interface Player {
    /**
     * Queues a request behind the ones already queued.
     *
     * @param request what to play
     * @return the handle of this request
     */
    Playback play(PlayRequest request);

    /** Stops the running playback and empties the queue; each ends as {@code STOPPED}. */
    void stopAll();

    /** @return true while a playback is running or queued */
    boolean isPlaying();
}
