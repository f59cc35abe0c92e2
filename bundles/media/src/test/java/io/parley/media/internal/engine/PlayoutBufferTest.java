package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;

import io.parley.api.media.Codec;
import io.parley.media.internal.codec.G711;

import java.util.Arrays;

import org.junit.Test;

public class PlayoutBufferTest {
    private static byte[] frame(short level) {
        byte[] b = new byte[PlayoutBuffer.FRAME];
        Arrays.fill(b, G711.linearToUlaw(level));
        return b;
    }

    @Test
    public void audioIsHeardAfterThePlayoutDelay() {
        PlayoutBuffer b = new PlayoutBuffer(40);   // two frames
        short[] out = new short[PlayoutBuffer.FRAME];
        b.write(1, 0, Codec.PCMU, frame((short) 1000));
        b.read(out);
        assertEquals(0, out[0]);
        b.read(out);
        assertEquals(0, out[0]);
        b.read(out);
        assertEquals(G711.ulawToLinear(G711.linearToUlaw((short) 1000)), out[0]);
    }

    @Test
    public void skippedTicksDoNotAddLatencyNorReanchor() {
        PlayoutBuffer b = new PlayoutBuffer(40);
        short[] out = new short[PlayoutBuffer.FRAME];
        b.write(1, 0, Codec.PCMU, frame((short) 1000));
        b.read(out);
        // the clock stalls for 100 ticks (2 s, past the end of the ring); the sender went on meanwhile
        b.skip(100);
        b.write(1, 101 * 160L, Codec.PCMU, frame((short) 2000));
        b.read(out);
        b.read(out);
        b.read(out);
        assertEquals(G711.ulawToLinear(G711.linearToUlaw((short) 2000)), out[0]);
        assertEquals(0, b.reanchors());
    }
}
