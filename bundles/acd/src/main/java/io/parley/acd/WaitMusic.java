package io.parley.acd;

import io.parley.api.media.AudioClip;

/** The queue's hold music when the to_agent node has no prompt: two soft chimes and a pause, 3 s. */
final class WaitMusic {

    static final AudioClip CLIP = clip();

    private WaitMusic() {
    }

    private static AudioClip clip() {
        short[] s = new short[3 * AudioClip.SAMPLE_RATE];
        tone(s, 0, 2400, 523.25);
        tone(s, 3200, 2400, 659.25);
        return new AudioClip(s);
    }

    private static void tone(short[] s, int from, int length, double hz) {
        for (int i = 0; i < length; i++) {
            double envelope = Math.min(1.0, Math.min(i, length - i) / 400.0);
            s[from + i] = (short) (4000 * envelope * Math.sin(2 * Math.PI * hz * i / AudioClip.SAMPLE_RATE));
        }
    }
}
