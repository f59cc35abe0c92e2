package io.parley.tts.freetts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ResamplerTest {

    private static short[] tone(double hz, int rate, int n, double amplitude) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** RMS away from the edges, where the kernel runs off the signal. */
    private static double innerRms(short[] s) {
        double sum = 0;
        int from = s.length / 10;
        int to = s.length - from;
        for (int i = from; i < to; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    @Test
    public void halvesTheSampleCountFrom16To8Kilohertz() {
        assertEquals(8000, Resampler.resample(new short[16000], 16000, 8000).length);
    }

    @Test
    public void keepsAOneKilohertzToneAtItsLevel() {
        short[] out = Resampler.resample(tone(1000, 16000, 16000, 10000), 16000, 8000);
        double expected = 10000 / Math.sqrt(2);
        assertEquals(expected, innerRms(out), expected * 0.02);
        // and it is still 1 kHz: 8 samples per period at 8 kHz
        short[] reference = tone(1000, 8000, out.length, 10000);
        double err = 0;
        for (int i = 800; i < out.length - 800; i++) {
            err = Math.max(err, Math.abs(out[i] - reference[i]));
        }
        assertTrue("max deviation " + err, err < 300);
    }

    @Test
    public void removesAFiveKilohertzToneInsteadOfFoldingItTo3Kilohertz() {
        // dropping every other sample would turn this into a full-level 3 kHz tone
        short[] out = Resampler.resample(tone(5000, 16000, 16000, 10000), 16000, 8000);
        double attenuationDb = 20 * Math.log10((10000 / Math.sqrt(2)) / Math.max(1, innerRms(out)));
        assertTrue("attenuation " + attenuationDb + " dB", attenuationDb > 40);
    }

    @Test
    public void sameRateReturnsTheInput() {
        short[] in = new short[10];
        assertSame(in, Resampler.resample(in, 8000, 8000));
    }
}
