package io.parley.tts.freetts;

/**
 * Band-limited resampling of 16-bit PCM by windowed-sinc interpolation. When the rate goes
 * down, the kernel is a low-pass at 90 % of the output Nyquist frequency (3.6 kHz for 8 kHz
 * output), so speech energy above it is removed instead of folding back as aliasing, as it
 * would if samples were just dropped.
 *
 * <pre>{@code
 * short[] narrow = Resampler.resample(wide, 16000, 8000);  // half as many samples
 * }</pre>
 */
final class Resampler {
    /** Zero crossings of the sinc on each side of the centre, in output-rate samples. */
    private static final int HALF_ZEROS = 16;
    /** Pass band edge relative to the lower Nyquist frequency. */
    private static final double ROLL_OFF = 0.9;

    private Resampler() {
    }

    /**
     * @param in samples at {@code inRate}
     * @param inRate input sample rate in Hz
     * @param outRate output sample rate in Hz
     * @return the samples at {@code outRate}; {@code in} itself when the rates are equal
     */
    static short[] resample(short[] in, int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + " -> " + outRate);
        }
        if (inRate == outRate) {
            return in;
        }
        double step = (double) inRate / outRate;                  // input samples per output sample
        double cutoff = 0.5 * ROLL_OFF * Math.min(1.0, 1.0 / step); // cycles per input sample
        double halfWidth = HALF_ZEROS / (2 * cutoff);              // kernel half-length, input samples
        int outLength = (int) Math.floor(in.length / step);
        short[] out = new short[outLength];
        for (int n = 0; n < outLength; n++) {
            double centre = n * step;
            int first = (int) Math.ceil(centre - halfWidth);
            int last = (int) Math.floor(centre + halfWidth);
            double acc = 0;
            double gain = 0;
            for (int k = first; k <= last; k++) {
                double d = k - centre;
                double w = 2 * cutoff * sinc(2 * cutoff * d) * blackman(d / halfWidth);
                gain += w;
                if (k >= 0 && k < in.length) {
                    acc += w * in[k];
                }
            }
            // unity gain at DC whatever the fractional position of the centre
            long v = Math.round(acc / gain);
            out[n] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Blackman window over [-1, 1]. */
    private static double blackman(double x) {
        if (x <= -1 || x >= 1) {
            return 0;
        }
        double t = Math.PI * (x + 1);   // 0 .. 2π across the window
        return 0.42 - 0.5 * Math.cos(t) + 0.08 * Math.cos(2 * t);
    }
}
