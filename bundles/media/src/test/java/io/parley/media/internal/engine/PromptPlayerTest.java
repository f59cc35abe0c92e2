package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Codec;
import io.parley.api.media.DigitCollectResult;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Playback;
import io.parley.api.media.PlaybackResult;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.internal.rtp.RtpPacket;
import io.parley.media.testing.RtpPeer;
import io.parley.media.testing.Tones;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class PromptPlayerTest {
    private MediaEngine engine;

    @Before
    public void start() {
        engine = LoopbackEngine.start(31100, 31199, 60);
    }

    @After
    public void stop() {
        engine.close();
    }

    private static AudioClip tone(double hz, int millis) {
        return new AudioClip(Tones.sine(hz, millis * 8, 0, 8000));
    }

    @Test
    public void promptArrivesAsWellFormedRtpAt50PacketsPerSecondWithContinuousTimestamps() throws Exception {
        try (RtpPeer phone = new RtpPeer(); RtpEndpoint ep = engine.openEndpoint("player/prompt")) {
            LoopbackEngine.connect(ep, phone.address(), Codec.PCMA);
            PlaybackResult r = ep.player().play(PlayRequest.once(tone(1000, 1000), false))
                    .completion().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(PlaybackResult.Outcome.COMPLETED, r.outcome());
            assertEquals(Duration.ofSeconds(1), r.played());
            Thread.sleep(100);
            List<RtpPeer.Received> got = phone.received();
            int audible = 0;
            for (int i = 0; i < got.size(); i++) {
                RtpPacket p = got.get(i).packet();
                assertEquals(8, p.payloadType());
                assertEquals(160, p.payload().length);
                if (i > 0) {
                    RtpPacket prev = got.get(i - 1).packet();
                    assertEquals("sequence +1", (prev.sequence() + 1) & 0xFFFF, p.sequence());
                    assertEquals("timestamp +160", (prev.timestamp() + 160) & 0xFFFFFFFFL, p.timestamp());
                    assertEquals(prev.ssrc(), p.ssrc());
                    assertFalse(p.marker());
                }
                if (!Tones.silent(Tones.decode(Codec.PCMA, p.payload()))) {
                    audible++;
                }
            }
            assertTrue(got.get(0).packet().marker());
            assertEquals("one second of prompt is exactly 50 packets", 50, audible);
            // pacing, loosely: the stream spans its packet count times 20 ms
            double seconds = (got.get(got.size() - 1).nanos() - got.get(0).nanos()) / 1e9;
            double rate = (got.size() - 1) / seconds;
            assertTrue("rate " + rate, rate > 40 && rate < 60);
        }
    }

    @Test
    public void playCountRepeatsTheWholeSequenceOfSegments() throws Exception {
        try (RtpPeer phone = new RtpPeer(); RtpEndpoint ep = engine.openEndpoint("player/count")) {
            LoopbackEngine.connect(ep, phone.address(), Codec.PCMU);
            PlayRequest req = new PlayRequest(List.of(tone(500, 100), tone(1500, 100)), 3, false);
            PlaybackResult r = ep.player().play(req).completion().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(Duration.ofMillis(600), r.played());
            Thread.sleep(100);
            long audible = phone.received().stream()
                    .filter(x -> !Tones.silent(Tones.decode(Codec.PCMU, x.packet().payload()))).count();
            assertEquals(30, audible);
        }
    }

    @Test
    public void queuedPromptsPlayOneAfterTheOther() throws Exception {
        try (RtpEndpoint ep = engine.openEndpoint("player/queue")) {
            Playback first = ep.player().play(PlayRequest.once(tone(500, 200), false));
            Playback second = ep.player().play(PlayRequest.once(tone(500, 200), false));
            assertTrue(ep.player().isPlaying());
            first.completion().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertFalse(second.completion().toCompletableFuture().isDone());
            assertEquals(PlaybackResult.Outcome.COMPLETED, second.completion().toCompletableFuture().get(5, TimeUnit.SECONDS).outcome());
            assertFalse(ep.player().isPlaying());
        }
    }

    @Test
    public void dtmfBargesIntoAnInterruptiblePromptAndTheKeyReachesTheNextCollector() throws Exception {
        try (RtpEndpoint caller = engine.openEndpoint("player/caller"); RtpEndpoint ivr = engine.openEndpoint("player/ivr")) {
            LoopbackEngine.connect(caller, ivr.localAddress(), Codec.PCMU);
            LoopbackEngine.connect(ivr, caller.localAddress(), Codec.PCMU);
            Playback prompt = ivr.player().play(PlayRequest.once(tone(800, 5000), true));
            Thread.sleep(200);
            caller.sendDtmf("5");
            PlaybackResult r = prompt.completion().toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertEquals(PlaybackResult.Outcome.INTERRUPTED, r.outcome());
            assertEquals(Character.valueOf('5'), r.digit());
            assertTrue(r.played().toMillis() < 1000);
            DigitCollectResult keys = ivr.collectDigits(new DigitCollectSpec(1, Duration.ofSeconds(2), Duration.ofSeconds(2), null, true))
                    .result().toCompletableFuture().get(1, TimeUnit.SECONDS);
            assertEquals("5", keys.digits());
        }
    }

    @Test
    public void nonInterruptiblePromptIgnoresDtmf() throws Exception {
        try (RtpEndpoint caller = engine.openEndpoint("player/caller2"); RtpEndpoint ivr = engine.openEndpoint("player/ivr2")) {
            LoopbackEngine.connect(caller, ivr.localAddress(), Codec.PCMU);
            LoopbackEngine.connect(ivr, caller.localAddress(), Codec.PCMU);
            Playback prompt = ivr.player().play(PlayRequest.once(tone(800, 600), false));
            caller.sendDtmf("1");
            assertEquals(PlaybackResult.Outcome.COMPLETED, prompt.completion().toCompletableFuture().get(3, TimeUnit.SECONDS).outcome());
        }
    }

    @Test
    public void closingTheEndpointEndsQueuedPlaybacks() throws Exception {
        RtpEndpoint ep = engine.openEndpoint("player/close");
        Playback loop = ep.player().play(PlayRequest.loop(tone(400, 100)));
        Playback queued = ep.player().play(PlayRequest.once(tone(400, 100), false));
        ep.close();
        assertEquals(PlaybackResult.Outcome.ENDPOINT_CLOSED, loop.completion().toCompletableFuture().get(1, TimeUnit.SECONDS).outcome());
        assertEquals(PlaybackResult.Outcome.ENDPOINT_CLOSED, queued.completion().toCompletableFuture().get(1, TimeUnit.SECONDS).outcome());
    }
}
