package io.parley.telephony;

/**
 * Band-limited sample-rate conversion of mono 16-bit PCM: each output sample is the input
 * convolved with a Blackman-windowed sinc whose cut-off sits just below the lower of the
 * two Nyquist frequencies, so downsampling (44.1 kHz to 8 kHz) low-passes before it
 * decimates instead of aliasing by dropping samples.
 */
final class Resampler {

    /** Zero crossings of the sinc on each side of the centre, at the output rate. */
    private static final int HALF_ZEROS = 16;
    /** Cut-off as a share of the lower Nyquist frequency, leaving room for the window's transition band. */
    private static final double ROLL_OFF = 0.92;

    private Resampler() {
    }

    static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate || in.length == 0) {
            return in.clone();
        }
        double step = (double) fromRate / toRate;          // input samples per output sample
        double cutoff = ROLL_OFF * Math.min(1.0, (double) toRate / fromRate); // cycles per input sample x2
        double halfWidth = HALF_ZEROS / cutoff;             // kernel half-width in input samples
        int outLength = (int) Math.floor(in.length / step);
        short[] out = new short[outLength];
        for (int n = 0; n < outLength; n++) {
            double centre = n * step;
            int first = Math.max(0, (int) Math.ceil(centre - halfWidth));
            int last = Math.min(in.length - 1, (int) Math.floor(centre + halfWidth));
            double sum = 0;
            for (int k = first; k <= last; k++) {
                double x = k - centre;
                sum += in[k] * cutoff * sinc(cutoff * x) * blackman(x / halfWidth);
            }
            out[n] = clip(sum);
        }
        return out;
    }

    /** Averages interleaved channels into one. */
    static short[] mono(short[] interleaved, int channels) {
        if (channels == 1) {
            return interleaved;
        }
        short[] out = new short[interleaved.length / channels];
        for (int i = 0; i < out.length; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i * channels + c];
            }
            out[i] = (short) (sum / channels);
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

    /** Blackman window over t in [-1, 1]. */
    private static double blackman(double t) {
        if (t <= -1 || t >= 1) {
            return 0;
        }
        double a = Math.PI * (t + 1);
        return 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
    }

    private static short clip(double v) {
        long r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }
}
