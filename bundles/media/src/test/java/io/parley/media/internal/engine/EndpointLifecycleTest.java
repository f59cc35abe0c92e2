package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.media.Bridge;
import io.parley.api.media.Codec;
import io.parley.api.media.MediaException;
import io.parley.api.media.RecordingResult;
import io.parley.api.media.Recorder;
import io.parley.api.media.RtpEndpoint;
import io.parley.media.internal.rtp.RtpPacket;
import io.parley.media.testing.RtpPeer;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EndpointLifecycleTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void portRangeDoesNotLeakOver500CallsWhateverWayTheyEnd() throws Exception {
        // 8 port pairs for 500 calls: any leaked socket or pool entry shows up within a few calls
        try (MediaEngine engine = LoopbackEngine.start(31400, 31415, 60)) {
            for (int i = 0; i < 500; i++) {
                RtpEndpoint customer = engine.openEndpoint("leak/" + i + "/customer");
                RtpEndpoint agent = engine.openEndpoint("leak/" + i + "/agent");
                Bridge bridge = engine.bridge(customer, agent);
                switch (i % 4) {
                    case 0 -> {           // normal hang-up
                        bridge.close();
                        customer.close();
                        agent.close();
                    }
                    case 1 -> {           // customer hangs up, agent leg torn down after
                        customer.close();
                        agent.close();
                    }
                    case 2 -> {           // recorded call; endpoints closed while recording
                        engine.recordCall(customer, tmp.getRoot().toPath().resolve("c" + i + ".wav"));
                        agent.close();
                        customer.close();
                        customer.close();   // twice: harmless
                    }
                    default -> {          // SDP failure half way through set-up
                        try {
                            customer.answer("v=0\r\nm=audio 1 RTP/AVP 96\r\n");
                            fail();
                        } catch (MediaException expected) {
                            assertEquals(MediaException.Kind.NO_COMMON_CODEC, expected.kind());
                        }
                        agent.close();
                        customer.close();
                    }
                }
            }
            assertEquals(0, engine.openEndpointCount());
            assertEquals(8, engine.freePortPairs());
            // and the operating system agrees: every port of the range binds again
            for (int p = 31400; p <= 31415; p++) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
                    assertNotNull(s);
                }
            }
        }
    }

    @Test
    public void exhaustedRangeIsReportedAsPortsExhausted() {
        try (MediaEngine engine = LoopbackEngine.start(31420, 31423, 60)) {
            engine.openEndpoint("a");
            engine.openEndpoint("b");
            try {
                engine.openEndpoint("c");
                fail();
            } catch (MediaException e) {
                assertEquals(MediaException.Kind.PORTS_EXHAUSTED, e.kind());
            }
        }
    }

    @Test
    public void stoppingTheServerClosesEveryEndpointAndFreesItsPorts() throws Exception {
        MediaEngine engine = LoopbackEngine.start(31430, 31439, 60);
        List<RtpEndpoint> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(engine.openEndpoint("shutdown/" + i));
        }
        engine.close();
        for (RtpEndpoint e : open) {
            assertTrue(e.isClosed());
        }
        for (int p = 31430; p <= 31439; p++) {
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p)).close();
        }
    }

    @Test
    public void symmetricRtpLatchesToTheSourceActuallySeenNotTheSdpAddress() throws Exception {
        try (MediaEngine engine = LoopbackEngine.start(31440, 31449, 60);
             RtpPeer sdpAddress = new RtpPeer(); RtpPeer natted = new RtpPeer();
             RtpEndpoint ep = engine.openEndpoint("latch")) {
            ep.answer("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
                    + sdpAddress.port() + " RTP/AVP 0\r\n");
            assertTrue(LoopbackEngine.await(() -> !sdpAddress.received().isEmpty(), 2000));
            natted.send(RtpPacket.of(true, 0, 1, 160, 99, new byte[160]).toBytes(), ep.localAddress());
            assertTrue(LoopbackEngine.await(() -> natted.received().size() > 5, 2000));
            assertEquals(natted.address(), ep.stats().latchedSource());
            // a third party cannot steal the stream while the latched peer is active
            try (RtpPeer intruder = new RtpPeer()) {
                natted.send(RtpPacket.of(false, 0, 2, 320, 99, new byte[160]).toBytes(), ep.localAddress());
                intruder.send(RtpPacket.of(false, 0, 1, 160, 7, new byte[160]).toBytes(), ep.localAddress());
                Thread.sleep(200);
                assertEquals(natted.address(), ep.stats().latchedSource());
                assertEquals(1, ep.stats().packetsDiscarded());
            }
        }
    }

    @Test
    public void receiveStatisticsCountLossFromSequenceNumbers() throws Exception {
        try (MediaEngine engine = LoopbackEngine.start(31450, 31459, 60);
             RtpPeer phone = new RtpPeer(); RtpEndpoint ep = engine.openEndpoint("stats")) {
            for (int seq : new int[] {65534, 65535, 2, 3}) {   // 0 and 1 lost across the wrap
                phone.send(RtpPacket.of(false, 8, seq, seq * 160L, 5, new byte[160]).toBytes(), ep.localAddress());
            }
            assertTrue(LoopbackEngine.await(() -> ep.stats().packetsReceived() == 4, 2000));
            assertEquals(6, ep.stats().packetsExpected());
            assertEquals(2, ep.stats().packetsLost());
        }
    }

    @Test
    public void rtcpSenderReportsGoToThePeersRtcpPort() throws Exception {
        MediaSettings s = MediaSettings.defaults().withBindAddress("127.0.0.1").withPorts(31460, 31469);
        s = new MediaSettings(s.rtpPortMin(), s.rtpPortMax(), s.bindAddress(), "", 1, 60, 101, 1);
        try (MediaEngine engine = new MediaEngine(s);
             DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             RtpEndpoint ep = engine.openEndpoint("rtcp")) {
            LoopbackEngine.connect(ep, new InetSocketAddress(InetAddress.getLoopbackAddress(), rtcp.getLocalPort() - 1), Codec.PCMU);
            rtcp.setSoTimeout(3000);
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[512], 512);
            rtcp.receive(p);
            assertEquals(0x80, p.getData()[0] & 0xFF);
            assertEquals(200, p.getData()[1] & 0xFF);
            assertEquals(202, p.getData()[29] & 0xFF);   // SDES follows the sender report
        }
    }

    @Test
    public void voicemailRecordingStopsAtItsMaximumAndIsMono() throws Exception {
        try (MediaEngine engine = LoopbackEngine.start(31470, 31479, 60); RtpEndpoint ep = engine.openEndpoint("vm")) {
            Path wav = tmp.getRoot().toPath().resolve("vm/message.wav");
            Recorder r = engine.recordVoicemail(ep, wav, Duration.ofMillis(500), '#');
            RecordingResult done = r.completion().toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertEquals(RecordingResult.EndReason.MAX_DURATION, done.reason());
            assertEquals(1, done.channels());
            assertEquals(Duration.ofMillis(500), done.duration());
            assertEquals(44 + 4000 * 2, Files.size(wav));
        }
    }

    @Test
    public void voicemailRecordingStopsOnItsStopKey() throws Exception {
        try (MediaEngine engine = LoopbackEngine.start(31480, 31489, 60);
             RtpEndpoint caller = engine.openEndpoint("vm/caller"); RtpEndpoint box = engine.openEndpoint("vm/box")) {
            LoopbackEngine.connect(caller, box.localAddress(), Codec.PCMU);
            Recorder r = engine.recordVoicemail(box, tmp.getRoot().toPath().resolve("key.wav"), Duration.ofSeconds(60), '#');
            caller.sendDtmf("#");
            assertEquals(RecordingResult.EndReason.STOP_KEY, r.completion().toCompletableFuture().get(3, TimeUnit.SECONDS).reason());
        }
    }

    @Test
    public void callRecordingEndsWhenTheCustomerHangsUpAndKeepsTheFile() throws Exception {
        try (MediaEngine engine = LoopbackEngine.start(31490, 31499, 60)) {
            RtpEndpoint customer = engine.openEndpoint("rec/customer");
            Path wav = tmp.getRoot().toPath().resolve("hangup.wav");
            Recorder r = engine.recordCall(customer, wav);
            Thread.sleep(300);
            customer.close();
            RecordingResult done = r.completion().toCompletableFuture().get(3, TimeUnit.SECONDS);
            assertEquals(RecordingResult.EndReason.ENDPOINT_CLOSED, done.reason());
            assertEquals(44 + done.duration().toMillis() * 8 * 4, Files.size(wav));
            assertTrue(done.duration().toMillis() >= 200);
        }
    }
}
