package io.parley.media.internal.engine;

import io.parley.api.media.AudioClip;

/**
 * The built-in hold music: a soft arpeggio synthesised at start-up, so the appliance has hold
 * audio without shipping a licensed recording. Operators replace it with an approved audio
 * file (SPEC §21.1, mode {@code custom}).
 */
final class HoldMusic {
    private static final double[] NOTES_HZ = {261.63, 329.63, 392.00, 523.25, 392.00, 329.63, 293.66, 349.23, 440.00, 349.23};
    private static final int NOTE_SAMPLES = 2400;   // 300 ms
    private static final double AMPLITUDE = 3000;    // about -20 dBFS: audible, never loud

    private HoldMusic() {
    }

    static AudioClip create() {
        short[] s = new short[NOTES_HZ.length * NOTE_SAMPLES];
        for (int n = 0; n < NOTES_HZ.length; n++) {
            for (int i = 0; i < NOTE_SAMPLES; i++) {
                double t = i / 8000.0;
                // short attack and release so notes join without clicks
                double env = Math.min(1.0, Math.min(i / 200.0, (NOTE_SAMPLES - i) / 400.0));
                double v = Math.sin(2 * Math.PI * NOTES_HZ[n] * t) + 0.3 * Math.sin(4 * Math.PI * NOTES_HZ[n] * t);
                s[n * NOTE_SAMPLES + i] = (short) (AMPLITUDE * env * v / 1.3);
            }
        }
        return new AudioClip(s);
    }
}
