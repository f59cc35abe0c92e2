package io.parley.media.internal.engine;

/** Something that yields 20 ms of 8 kHz PCM per tick: a bridge partner, hold music, silence. */
@FunctionalInterface
interface FrameSource {
    FrameSource SILENCE = frame -> java.util.Arrays.fill(frame, (short) 0);

    /** Fills all 160 samples of {@code frame}. */
    void fill(short[] frame);
}
