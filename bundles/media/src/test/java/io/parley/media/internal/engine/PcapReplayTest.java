package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.Codec;
import io.parley.api.media.DigitCollectResult;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.RecordingResult;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.internal.codec.G711;
import io.parley.media.internal.rtp.RtpPacket;
import io.parley.media.testing.Pcap;
import io.parley.media.testing.RtpPeer;
import io.parley.media.testing.SipTesterPcaps;
import io.parley.media.testing.Tones;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Replays the RTP captures shipped by Debian's sip-tester over real UDP into endpoints. The
 * speech capture is replayed once: into a PCMA customer endpoint that is recorded and bridged
 * to a PCMU agent endpoint, so one replay proves recording and A-law to µ-law transcoding.
 */
public class PcapReplayTest {
    private static final String[] DIGIT_PCAPS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "star", "pound"};

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static MediaEngine engine;
    private static short[] speech;            // the capture's A-law payload, decoded
    private static int speechPackets;
    private static RecordingResult recording;
    private static short[] left;
    private static short[] right;
    private static List<RtpPeer.Received> ulawLeg;
    private static long reanchors;

    @BeforeClass
    public static void replaySpeech() throws Exception {
        SipTesterPcaps.assumeInstalled();
        // a generous playout delay: the test's sender thread may be descheduled on a busy CI box
        engine = LoopbackEngine.start(31000, 31099, 200);
        List<Pcap.Datagram> rtp = rtpOnly(Pcap.udp(SipTesterPcaps.file("g711a.pcap")));
        speechPackets = rtp.size();
        speech = decodeAll(rtp);

        RtpEndpoint customer = engine.openEndpoint("pcap/customer");
        RtpEndpoint agent = engine.openEndpoint("pcap/agent");
        try (RtpPeer phone = new RtpPeer(); RtpPeer agentPhone = new RtpPeer()) {
            customer.answer(offer(phone.port(), 8));
            agent.answer(offer(agentPhone.port(), 0));
            engine.bridge(customer, agent);
            Path wav = tmp.getRoot().toPath().resolve("speech.wav");
            var recorder = engine.recordCall(customer, wav);
            replay(phone, rtp, customer.localAddress(), 0, 0);
            Thread.sleep(400);   // playout delay plus a margin, so the last packet is recorded
            recording = recorder.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
            reanchors = ((MediaEndpoint) customer).playoutReanchors();
            ulawLeg = agentPhone.received();
            short[][] tracks = readStereo(wav);
            left = tracks[0];
            right = tracks[1];
        } finally {
            customer.close();
            agent.close();
        }
    }

    @AfterClass
    public static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    public void recordingIsAsLongAsTheCallAndItsHeaderMatchesItsData() {
        double speechSeconds = speech.length / 8000.0;
        double seconds = left.length / 8000.0;
        assertEquals(left.length, right.length);
        assertEquals(2, recording.channels());
        assertEquals(recording.duration().toMillis() / 1000.0, seconds, 0.001);
        // the call lasted the capture's length plus the wait before stopping
        assertTrue("recorded " + seconds + " s for " + speechSeconds + " s of speech",
                seconds >= speechSeconds && seconds <= speechSeconds + 1.5);
    }

    @Test
    public void customerTrackHoldsTheCapturedSpeechSampleForSample() {
        assertEquals("playout re-anchored: the sender fell behind", 0, reanchors);
        int at = indexOf(left, speech);
        assertTrue("the decoded capture appears contiguously on the left track", at >= 0);
        assertTrue("speech is not silent", rms(left) > 300);
    }

    @Test
    public void rightTrackIsSilentWhenNobodySpokeToTheCustomer() {
        assertEquals(0, Tones.peak(right));
    }

    @Test
    public void pcmuLegReceivesTheAlawSpeechTranscoded() {
        assertTrue(ulawLeg.size() > speechPackets);
        List<RtpPeer.Received> sorted = new ArrayList<>(ulawLeg);
        sorted.sort(Comparator.comparingInt(r -> r.packet().sequence()));
        short[] heard = new short[sorted.size() * 160];
        int n = 0;
        for (RtpPeer.Received r : sorted) {
            assertEquals(0, r.packet().payloadType());
            assertEquals(160, r.packet().payload().length);
            short[] pcm = Tones.decode(Codec.PCMU, r.packet().payload());
            System.arraycopy(pcm, 0, heard, n, 160);
            n += 160;
        }
        short[] expected = new short[speech.length];
        for (int i = 0; i < speech.length; i++) {
            expected[i] = G711.ulawToLinear(G711.linearToUlaw(speech[i]));
        }
        assertTrue("the µ-law leg carries the speech re-encoded", indexOf(heard, expected) >= 0);
    }

    @Test
    public void collectorYieldsDigitsInOrderFromRfc2833Pcaps() throws Exception {
        RtpEndpoint ep = engine.openEndpoint("pcap/dtmf");
        try (RtpPeer phone = new RtpPeer()) {
            ep.answer(offer(phone.port(), 0, 101));
            var collector = ep.collectDigits(new DigitCollectSpec(12, Duration.ofSeconds(10), Duration.ofSeconds(5), null, false));
            // the captures were taken in separate calls and share one RTP timestamp; a real
            // phone gives each key a new timestamp, so each capture is shifted 1 s further
            int seqBase = 0;
            for (int i = 0; i < DIGIT_PCAPS.length; i++) {
                List<Pcap.Datagram> d = rtpOnly(Pcap.udp(SipTesterPcaps.file("dtmf_2833_" + DIGIT_PCAPS[i] + ".pcap")));
                replay(phone, d, ep.localAddress(), i * 8000L, seqBase);
                seqBase += d.size();
                Thread.sleep(40);
            }
            DigitCollectResult r = collector.result().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals("0123456789*#", r.digits());
            assertEquals(DigitCollectResult.Outcome.MAX_DIGITS, r.outcome());
        } finally {
            ep.close();
        }
    }

    // ---- helpers

    private static String offer(int port, int... payloadTypes) {
        StringBuilder m = new StringBuilder("m=audio " + port + " RTP/AVP");
        for (int pt : payloadTypes) {
            m.append(' ').append(pt);
        }
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + m + "\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
    }

    private static List<Pcap.Datagram> rtpOnly(List<Pcap.Datagram> all) {
        List<Pcap.Datagram> out = new ArrayList<>();
        for (Pcap.Datagram d : all) {
            RtpPacket.parse(d.payload(), 0, d.payload().length).ifPresent(p -> out.add(d));
        }
        return out;
    }

    private static short[] decodeAll(List<Pcap.Datagram> rtp) {
        List<short[]> frames = new ArrayList<>();
        int total = 0;
        for (Pcap.Datagram d : rtp) {
            RtpPacket p = RtpPacket.parse(d.payload(), 0, d.payload().length).orElseThrow();
            assertEquals(8, p.payloadType());
            short[] pcm = Tones.decode(Codec.PCMA, p.payload());
            frames.add(pcm);
            total += pcm.length;
        }
        short[] all = new short[total];
        int n = 0;
        for (short[] f : frames) {
            System.arraycopy(f, 0, all, n, f.length);
            n += f.length;
        }
        return all;
    }

    /** Sends the captured RTP with its captured pacing, timestamps and sequence numbers shifted. */
    private static void replay(RtpPeer peer, List<Pcap.Datagram> rtp, InetSocketAddress to, long tsShift, int seqBase)
            throws IOException {
        long start = System.nanoTime();
        long t0 = rtp.get(0).timeMicros();
        for (int i = 0; i < rtp.size(); i++) {
            Pcap.Datagram d = rtp.get(i);
            long due = start + (d.timeMicros() - t0) * 1000;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            RtpPacket p = RtpPacket.parse(d.payload(), 0, d.payload().length).orElseThrow();
            RtpPacket shifted = new RtpPacket(p.marker(), p.payloadType(), seqBase + i, p.timestamp() + tsShift, p.ssrc(),
                    p.csrc(), p.extension(), p.payload(), p.paddingLength());
            peer.send(shifted.toBytes(), to);
        }
    }

    private static short[][] readStereo(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, b.getShort(22));
        int dataBytes = b.getInt(40);
        assertEquals(b.limit() - 44, dataBytes);
        int frames = dataBytes / 4;
        short[] l = new short[frames];
        short[] r = new short[frames];
        for (int i = 0; i < frames; i++) {
            l[i] = b.getShort(44 + 4 * i);
            r[i] = b.getShort(46 + 4 * i);
        }
        return new short[][] {l, r};
    }

    private static int indexOf(short[] hay, short[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static double rms(short[] s) {
        double sum = 0;
        for (short v : s) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / s.length);
    }
}
