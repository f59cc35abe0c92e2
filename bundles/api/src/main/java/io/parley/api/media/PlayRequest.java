package io.parley.api.media;

import java.util.List;

/**
 * What to play on an endpoint: a sequence of segments played {@code playCount} times
 * (or looped), optionally interrupted by a DTMF key (barge-in).
 *
 * <pre>{@code
 * player.play(PlayRequest.once(menuPrompt, true));             // IVR prompt with barge-in
 * player.play(new PlayRequest(List.of(intro, menu), 3, true)); // played up to three times
 * player.play(PlayRequest.loop(holdMusic));                    // until stopped
 * }</pre>
 *
 * @param segments the clips, played one after the other without gaps
 * @param playCount how many times the whole sequence is played, 1..10; 0 loops until stopped
 * @param interruptible true if a DTMF key stops the playback (the key stays available to the
 *        next {@link DtmfCollector})
 */
public record PlayRequest(List<AudioClip> segments, int playCount, boolean interruptible) {
    /** Largest play count (SPEC: prompt play count 1..10). */
    public static final int MAX_PLAY_COUNT = 10;

    /** Validates the play count and copies the segments. */
    public PlayRequest {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("no segments to play");
        }
        if (playCount < 0 || playCount > MAX_PLAY_COUNT) {
            throw new IllegalArgumentException("play count must be 0 (loop) or 1.." + MAX_PLAY_COUNT + ": " + playCount);
        }
    }

    /**
     * @param clip the clip
     * @param interruptible whether a DTMF key stops it
     * @return a request that plays the clip once
     */
    public static PlayRequest once(AudioClip clip, boolean interruptible) {
        return new PlayRequest(List.of(clip), 1, interruptible);
    }

    /**
     * @param clip the clip
     * @return a request that loops the clip until stopped, ignoring DTMF (hold and queue music)
     */
    public static PlayRequest loop(AudioClip clip) {
        return new PlayRequest(List.of(clip), 0, false);
    }

    /** @return true if the request repeats until stopped */
    public boolean loops() {
        return playCount == 0;
    }
}
