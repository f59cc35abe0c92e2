package io.parley.media.testing;

import io.parley.api.media.Codec;
import io.parley.media.internal.codec.G711;

/** Test signals and measures of received audio. */
public final class Tones {
    private Tones() {
    }

    public static short[] sine(double hz, int samples, long startSample, double amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (startSample + i) / 8000.0));
        }
        return s;
    }

    public static short[] decode(Codec codec, byte[] payload) {
        short[] pcm = new short[payload.length];
        G711.decode(codec, payload, 0, payload.length, pcm, 0);
        return pcm;
    }

    public static int peak(short[] s) {
        int m = 0;
        for (short v : s) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** @return true if no sample is louder than the A-law/µ-law idle codes (|x| &lt; 64) */
    public static boolean silent(short[] s) {
        return peak(s) < 64;
    }

    /** @return the frequency estimated from zero crossings */
    public static double frequency(short[] s) {
        int crossings = 0;
        for (int i = 1; i < s.length; i++) {
            if ((s[i - 1] < 0) != (s[i] < 0)) {
                crossings++;
            }
        }
        return crossings * 8000.0 / (2.0 * (s.length - 1));
    }
}
