package io.parley.media.internal.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.Codec;

import org.junit.Test;

public class G711Test {

    @Test
    public void silenceEncodesToTheIdleCodes() {
        assertEquals((byte) 0xFF, G711.linearToUlaw((short) 0));
        assertEquals((byte) 0xD5, G711.linearToAlaw((short) 0));
        assertEquals(0, G711.ulawToLinear((byte) 0xFF));
        assertEquals(8, G711.alawToLinear((byte) 0xD5));
    }

    @Test
    public void decodedCodesEncodeBackToThemselves() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertEquals("A-law " + c, code, G711.linearToAlaw(G711.alawToLinear(code)));
            if (c != 0x7F) {   // µ-law has two zeros, 0x7F and 0xFF; 0 encodes as 0xFF
                assertEquals("µ-law " + c, code, G711.linearToUlaw(G711.ulawToLinear(code)));
            }
        }
    }

    @Test
    public void quantisationErrorStaysWithinTheSegmentStep() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            short s = (short) x;
            int ue = Math.abs(G711.ulawToLinear(G711.linearToUlaw(s)) - x);
            int ae = Math.abs(G711.alawToLinear(G711.linearToAlaw(s)) - x);
            // logarithmic laws: error is at most half a step, a step is about 1/16 of the magnitude
            int bound = Math.abs(x) / 16 + 16;
            assertTrue("µ-law error " + ue + " at " + x, ue <= bound || Math.abs(x) > 32124);
            assertTrue("A-law error " + ae + " at " + x, ae <= bound || Math.abs(x) > 32256);
        }
    }

    @Test
    public void knownReferenceValues() {
        // values from the ITU-T G.711 tables (as in Sun's g711.c)
        assertEquals(-32124, G711.ulawToLinear((byte) 0x00));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals(-5504, G711.alawToLinear((byte) 0x00));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
    }

    @Test
    public void transcodingMatchesDecodeThenEncode() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertEquals(G711.linearToAlaw(G711.ulawToLinear(code)), G711.ulawToAlaw(code));
            assertEquals(G711.linearToUlaw(G711.alawToLinear(code)), G711.alawToUlaw(code));
        }
        byte[] frame = {(byte) 0xFF, 0x00, (byte) 0x80, 0x7F};
        byte[] copy = frame.clone();
        G711.transcode(Codec.PCMU, Codec.PCMA, frame, 0, frame.length);
        G711.transcode(Codec.PCMA, Codec.PCMU, frame, 0, frame.length);
        for (int i = 0; i < frame.length; i++) {
            int back = G711.ulawToLinear(frame[i]);
            int orig = G711.ulawToLinear(copy[i]);
            assertTrue("round trip through A-law stays close", Math.abs(back - orig) <= Math.abs(orig) / 16 + 16);
        }
    }

    @Test
    public void bulkEncodeAndDecodeAgreeWithSingleSamples() {
        short[] pcm = {0, 1000, -1000, 32767, -32768, 12345};
        byte[] u = new byte[pcm.length];
        G711.encode(Codec.PCMU, pcm, 0, pcm.length, u, 0);
        short[] back = new short[pcm.length];
        G711.decode(Codec.PCMU, u, 0, u.length, back, 0);
        for (int i = 0; i < pcm.length; i++) {
            assertEquals(G711.linearToUlaw(pcm[i]), u[i]);
            assertEquals(G711.ulawToLinear(u[i]), back[i]);
        }
    }
}
