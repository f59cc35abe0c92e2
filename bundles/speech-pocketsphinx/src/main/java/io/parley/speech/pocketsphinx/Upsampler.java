package io.parley.speech.pocketsphinx;

/**
 * Doubles the sample rate of 8 kHz telephone audio for the 16 kHz acoustic model: zeros
 * stuffed between the samples, then a windowed-sinc low-pass at 4 kHz (the band above stays
 * empty, as it is on the phone line). Keeps the last taps between calls, so a stream can be
 * fed frame by frame.
 */
final class Upsampler {

    private static final int HALF = 16;
    private static final double[] TAPS = taps();

    // the last 2*HALF input samples at 16 kHz (zero-stuffed), newest last
    private final double[] history = new double[4 * HALF + 1];

    private static double[] taps() {
        int n = 4 * HALF + 1;
        double[] h = new double[n];
        int mid = n / 2;
        for (int i = 0; i < n; i++) {
            int k = i - mid;
            double sinc = k == 0 ? 1.0 : Math.sin(Math.PI * k / 2.0) / (Math.PI * k / 2.0);
            double blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)) + 0.08 * Math.cos(4 * Math.PI * i / (n - 1));
            h[i] = sinc * blackman;
        }
        return h;
    }

    /** @return twice as many 16 kHz samples, delayed by the filter's half length */
    short[] up(short[] in) {
        short[] out = new short[in.length * 2];
        for (int i = 0; i < in.length; i++) {
            out[2 * i] = push(in[i]);
            out[2 * i + 1] = push(0);
        }
        return out;
    }

    private short push(double x) {
        System.arraycopy(history, 1, history, 0, history.length - 1);
        history[history.length - 1] = x;
        double y = 0;
        for (int i = 0; i < TAPS.length; i++) {
            y += TAPS[i] * history[i];
        }
        long r = Math.round(y);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }
}
