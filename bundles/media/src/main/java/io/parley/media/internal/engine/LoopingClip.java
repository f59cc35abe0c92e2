package io.parley.media.internal.engine;

import io.parley.api.media.AudioClip;

/** A clip played over and over, frame by frame (hold and queue music). Clock thread only. */
final class LoopingClip implements FrameSource {
    private final short[] samples;
    private int pos;

    LoopingClip(AudioClip clip) {
        if (clip.samples().length == 0) {
            throw new IllegalArgumentException("empty clip cannot loop");
        }
        this.samples = clip.samples();
    }

    @Override
    public void fill(short[] frame) {
        for (int i = 0; i < frame.length; i++) {
            frame[i] = samples[pos];
            pos = pos + 1 == samples.length ? 0 : pos + 1;
        }
    }
}
