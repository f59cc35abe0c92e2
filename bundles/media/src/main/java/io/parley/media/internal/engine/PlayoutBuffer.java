package io.parley.media.internal.engine;

import io.parley.api.media.Codec;
import io.parley.media.internal.codec.G711;

/**
 * The received audio of one endpoint, placed on the media clock's timeline by RTP timestamp.
 * The first packet of a source is anchored {@code delay} samples after the next frame to be
 * read; later packets land at their timestamp offset from it, so jitter, reordering and a peer
 * packet time other than 20 ms are absorbed, and a gap in the peer's stream stays a gap of
 * silence. A packet too late or too far ahead (clock drift, timestamp jump, new SSRC) re-anchors
 * the stream. Written by the receive thread, read once per tick by the clock.
 */
final class PlayoutBuffer {
    static final int FRAME = 160;
    private static final int SIZE = 8192;   // 1.024 s, a power of two
    private static final int MASK = SIZE - 1;

    private final short[] ring = new short[SIZE];
    private final int delay;
    private long readPos;                  // timeline position of the next frame to read
    private boolean anchored;
    private long anchorPos;
    private long anchorTimestamp;
    private long ssrc;
    private long reanchors;

    /** @param delayMs playout delay, 20..500 ms */
    PlayoutBuffer(int delayMs) {
        this.delay = Math.max(FRAME, Math.min(500, delayMs) * 8);
    }

    synchronized void write(long packetSsrc, long timestamp, Codec codec, byte[] payload) {
        write(packetSsrc, timestamp, codec, payload, 0, payload.length);
    }

    /** Decodes {@code length} G.711 bytes of {@code data} from {@code offset} onto the timeline. */
    synchronized void write(long packetSsrc, long timestamp, Codec codec, byte[] data, int offset, int length) {
        int n = Math.min(length, SIZE / 2);
        long pos = anchored && packetSsrc == ssrc ? anchorPos + (int) (timestamp - anchorTimestamp) : Long.MIN_VALUE;
        if (pos < readPos || pos + n > readPos + SIZE - FRAME) {
            if (anchored) {
                reanchors++;
            }
            anchored = true;
            ssrc = packetSsrc;
            anchorTimestamp = timestamp;
            anchorPos = readPos + delay;
            pos = anchorPos;
        }
        int start = (int) (pos & MASK);
        int first = Math.min(n, SIZE - start);          // up to the end of the ring, then from its start
        G711.decode(codec, data, offset, first, ring, start);
        if (first < n) {
            G711.decode(codec, data, offset + first, n - first, ring, 0);
        }
    }

    /** Reads the next 20 ms into {@code frame}, silence where nothing arrived. */
    synchronized void read(short[] frame) {
        int start = (int) (readPos & MASK);
        for (int i = 0; i < FRAME; i++) {
            int idx = (start + i) & MASK;
            frame[i] = ring[idx];
            ring[idx] = 0;
        }
        readPos += FRAME;
    }

    /**
     * Moves the read position over ticks the clock skipped (overload), so the audio that
     * arrives afterwards keeps its playout delay instead of lagging by the time skipped.
     */
    synchronized void skip(int frames) {
        int cleared = Math.min(frames, SIZE / FRAME + 1) * FRAME;   // the ring at most once round
        for (int i = 0; i < cleared; i++) {
            ring[(int) ((readPos + i) & MASK)] = 0;
        }
        readPos += (long) frames * FRAME;
    }

    synchronized long reanchors() {
        return reanchors;
    }
}
