package io.parley.media.internal.engine;

import io.parley.api.media.AudioClip;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Playback;
import io.parley.api.media.PlaybackResult;
import io.parley.api.media.PlaybackResult.Outcome;
import io.parley.api.media.Player;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The queue of playbacks of one endpoint. The clock pulls one frame per tick with
 * {@link #fill(short[])}; the head of the queue advances by exactly 160 samples per tick, so a
 * prompt lasts its length in ticks. Futures are completed outside the lock, so a callback may
 * queue the next prompt at once.
 */
final class PromptPlayer implements Player {
    private final Deque<Item> queue = new ArrayDeque<>();

    final class Item implements Playback {
        final PlayRequest request;
        final CompletableFuture<PlaybackResult> done = new CompletableFuture<>();
        int segment;
        int offset;
        int round = 1;
        long played;

        Item(PlayRequest request) {
            this.request = request;
        }

        @Override
        public CompletionStage<PlaybackResult> completion() {
            return done;
        }

        @Override
        public void stop() {
            boolean removed;
            synchronized (PromptPlayer.this) {
                removed = queue.remove(this);
            }
            if (removed) {
                finish(this, Outcome.STOPPED, null);
            }
        }

        /** Copies up to the frame's end; returns how many samples it wrote, fewer when it ended. */
        int copy(short[] frame, int from) {
            int w = from;
            List<AudioClip> segs = request.segments();
            while (w < frame.length) {
                short[] s = segs.get(segment).samples();
                int n = Math.min(frame.length - w, s.length - offset);
                System.arraycopy(s, offset, frame, w, n);
                w += n;
                offset += n;
                played += n;
                if (offset >= s.length) {
                    offset = 0;
                    segment++;
                    if (segment == segs.size()) {
                        segment = 0;
                        if (!request.loops() && round++ >= request.playCount()) {
                            return w - from;
                        }
                    }
                }
            }
            return w - from;
        }

        boolean ended() {
            return !request.loops() && round > request.playCount();
        }
    }

    @Override
    public Playback play(PlayRequest request) {
        Item item = new Item(request);
        if (request.segments().stream().allMatch(c -> c.samples().length == 0)) {
            finish(item, Outcome.COMPLETED, null);   // nothing to play; looping it would spin
            return item;
        }
        synchronized (this) {
            queue.addLast(item);
        }
        return item;
    }

    @Override
    public void stopAll() {
        endAll(Outcome.STOPPED);
    }

    void endAll(Outcome outcome) {
        List<Item> ended;
        synchronized (this) {
            ended = new ArrayList<>(queue);
            queue.clear();
        }
        ended.forEach(i -> finish(i, outcome, null));
    }

    @Override
    public synchronized boolean isPlaying() {
        return !queue.isEmpty();
    }

    /**
     * Barge-in: ends the running playback if it is interruptible.
     *
     * @return true if a playback was interrupted
     */
    boolean interrupt(char digit) {
        Item head;
        synchronized (this) {
            head = queue.peekFirst();
            if (head == null || !head.request.interruptible()) {
                return false;
            }
            queue.pollFirst();
        }
        finish(head, Outcome.INTERRUPTED, digit);
        return true;
    }

    /**
     * Fills one frame from the running playback; the rest of the frame after a playback ends is
     * silence (the next one starts on the next tick).
     *
     * @return true if a playback was running this tick
     */
    boolean fill(short[] frame) {
        Item ended = null;
        synchronized (this) {
            Item head = queue.peekFirst();
            if (head == null) {
                return false;
            }
            int n = head.copy(frame, 0);
            if (n < frame.length) {
                Arrays.fill(frame, n, frame.length, (short) 0);
            }
            if (head.ended()) {
                queue.pollFirst();
                ended = head;
            }
        }
        if (ended != null) {
            finish(ended, Outcome.COMPLETED, null);
        }
        return true;
    }

    private static void finish(Item item, Outcome outcome, Character digit) {
        item.done.complete(new PlaybackResult(outcome, digit, Duration.ofMillis(item.played / 8)));
    }
}
