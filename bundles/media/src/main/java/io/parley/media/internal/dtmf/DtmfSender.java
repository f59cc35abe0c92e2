package io.parley.media.internal.dtmf;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Produces the RFC 4733 packets of queued keys, one step per 20 ms media tick: a key lasts
 * {@link #TONE_TICKS} ticks (marker on the first packet, all packets with the start timestamp
 * and a growing duration), then the end packet is sent three times (RFC 4733 §2.5.1.4), then
 * {@link #GAP_TICKS} ticks of normal audio separate it from the next key. Thread-safe: keys
 * are queued by callers, steps are taken on the clock thread.
 */
public final class DtmfSender {
    /** 100 ms of tone. */
    public static final int TONE_TICKS = 5;
    /** 40 ms between keys. */
    public static final int GAP_TICKS = 2;
    private static final int END_REPEATS = 3;
    private static final int VOLUME = 10;
    private static final int SAMPLES_PER_TICK = 160;

    /** One packet to send: payload and whether it starts the event; timestamp is the event start. */
    public record Step(TelephoneEvent event, boolean marker, long timestamp) {
    }

    private final Deque<Character> queue = new ArrayDeque<>();
    private int code = -1;
    private long startTimestamp;
    private int tick;
    private int gapLeft;

    public synchronized void enqueue(String digits) {
        for (char c : digits.toCharArray()) {
            TelephoneEvent.eventCode(c);  // validate before queuing any
        }
        for (char c : digits.toCharArray()) {
            queue.addLast(c);
        }
    }

    /** @return true if this tick belongs to DTMF (a packet to send, or a gap of audio) */
    public synchronized boolean busy() {
        return code >= 0 || gapLeft > 0 || !queue.isEmpty();
    }

    /**
     * Takes this tick's step.
     *
     * @param tickTimestamp the RTP timestamp an audio packet of this tick would carry
     * @return the event packet to send now (the end packet is to be sent three times), or
     *         {@code null} when this tick is an inter-key gap and audio goes out instead
     */
    public synchronized Step next(long tickTimestamp) {
        if (code < 0) {
            if (gapLeft > 0) {
                gapLeft--;
                return null;
            }
            Character c = queue.pollFirst();
            if (c == null) {
                return null;
            }
            code = TelephoneEvent.eventCode(c);
            startTimestamp = tickTimestamp;
            tick = 0;
        }
        tick++;
        boolean end = tick >= TONE_TICKS;
        Step s = new Step(new TelephoneEvent(code, end, VOLUME, tick * SAMPLES_PER_TICK), tick == 1, startTimestamp);
        if (end) {
            code = -1;
            gapLeft = GAP_TICKS;
        }
        return s;
    }

    /** @return how many times a step's packet goes out */
    public static int copies(Step s) {
        return s.event().end() ? END_REPEATS : 1;
    }

    public synchronized void clear() {
        queue.clear();
    }
}
