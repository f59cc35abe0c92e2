package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.Codec;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.testing.RtpPeer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The decoded audio an endpoint hears goes to its audio listeners, 20 ms at a time, until removed. */
public class AudioListenerTest {

    private static MediaEngine engine;

    @BeforeClass
    public static void start() {
        engine = LoopbackEngine.start(31200, 31299, 60);
    }

    @AfterClass
    public static void stop() {
        engine.close();
    }

    private static double rms(short[] f) {
        double s = 0;
        for (short x : f) {
            s += (double) x * x;
        }
        return Math.sqrt(s / f.length);
    }

    @Test
    public void aListenerGetsTheDecodedInboundAudioIn20msFramesUntilRemoved() throws Exception {
        RtpEndpoint ep = engine.openEndpoint("tap/customer");
        List<short[]> frames = new CopyOnWriteArrayList<>();
        try (RtpPeer phone = new RtpPeer()) {
            ep.answer("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                    + phone.port() + " RTP/AVP 0\r\na=sendrecv\r\n");
            AutoCloseable tap = ep.addAudioListener(frames::add);
            phone.sendTone(ep.localAddress(), Codec.PCMU, 440);
            long until = System.nanoTime() + 10_000_000_000L;
            while (frames.stream().filter(f -> rms(f) > 1000).count() < 25 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            phone.stopTone();
            tap.close();
            assertTrue("frames of the tone heard: " + frames.size(), frames.stream().filter(f -> rms(f) > 1000).count() >= 25);
            assertTrue(frames.stream().allMatch(f -> f.length == 160));
            int after = frames.size();
            Thread.sleep(200);
            assertEquals("no frame after the listener is removed", after, frames.size());
        } finally {
            ep.close();
        }
    }
}
