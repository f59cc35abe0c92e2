package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.media.Codec;
import io.parley.api.media.EndpointStats;
import io.parley.media.internal.rtp.RtpPacket;
import io.parley.media.testing.RtpPeer;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.Test;

/**
 * A latched peer gets a socket connected to it (cheaper sends), yet symmetric RTP still works:
 * datagrams from anyone else are still seen by the endpoint, and once the peer has been quiet
 * a new source re-latches the endpoint, which then sends through a socket connected to it.
 */
public class ConnectedPeerTest {

    @Test
    public void latchedPeerIsServedByAConnectedSocketAndANewSourceReLatchesAfterTheQuietTime() throws Exception {
        try (MediaEngine engine = LoopbackEngine.start(31600, 31609, 60);
             RtpPeer first = new RtpPeer(); RtpPeer second = new RtpPeer()) {
            MediaEndpoint ep = (MediaEndpoint) engine.openEndpoint("connected");
            int port = ep.localAddress().getPort();
            assertNull(ep.connectedPeer());

            first.sendTone(ep.localAddress(), Codec.PCMU, 440);
            assertTrue(LoopbackEngine.await(() -> first.address().equals(ep.connectedPeer()), 2000));
            assertEquals(first.address(), ep.stats().latchedSource());
            // both ways through the connected socket: the peer's RTP arrives, ours leaves from the endpoint's own port
            long receivedBefore = ep.stats().packetsReceived();
            first.clear();
            assertTrue(LoopbackEngine.await(() -> ep.stats().packetsReceived() > receivedBefore + 10, 2000));
            assertTrue(LoopbackEngine.await(() -> first.received().size() > 10, 2000));
            assertAllFrom(port, first.received());
            assertEquals(0, ep.stats().packetsDiscarded());

            // someone else while the peer is active: still seen (the unconnected socket), discarded, no re-latch
            second.send(RtpPacket.of(false, 0, 1, 160, 77, new byte[160]).toBytes(), ep.localAddress());
            assertTrue(LoopbackEngine.await(() -> ep.stats().packetsDiscarded() == 1, 2000));
            assertEquals(first.address(), ep.stats().latchedSource());
            assertEquals(first.address(), ep.connectedPeer());

            // the peer goes quiet (NAT rebinding, the stream moved): after the quiet time the new source takes over
            first.stopTone();
            Thread.sleep(1300);
            second.sendTone(ep.localAddress(), Codec.PCMU, 330);
            assertTrue(LoopbackEngine.await(() -> second.address().equals(ep.connectedPeer()), 2000));
            assertEquals(second.address(), ep.stats().latchedSource());
            second.clear();
            assertTrue(LoopbackEngine.await(() -> second.received().size() > 10, 2000));
            assertAllFrom(port, second.received());
            Thread.sleep(100);
            first.clear();
            Thread.sleep(300);
            assertTrue("the old peer no longer gets our RTP", first.received().isEmpty());

            // the old peer is now the stranger: its datagrams are seen and discarded
            long discarded = ep.stats().packetsDiscarded();
            first.send(RtpPacket.of(false, 0, 500, 80_000, 0x1234_0000L + first.port(), new byte[160]).toBytes(), ep.localAddress());
            assertTrue(LoopbackEngine.await(() -> ep.stats().packetsDiscarded() == discarded + 1, 2000));
            EndpointStats s = ep.stats();
            assertEquals(second.address(), s.latchedSource());

            second.stopTone();
            ep.close();
            assertNull(ep.connectedPeer());
            // the connected socket went with the endpoint: both ports bind again at once
            for (int p : new int[] {port, port + 1}) {
                try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
                    assertEquals(p, again.getLocalPort());
                }
            }
        }
    }

    @Test
    public void anAnswerFromAnotherDeviceThanTheEarlyMediaOneIsLatchedAtOnce() throws Exception {
        try (MediaEngine engine = LoopbackEngine.start(31620, 31629, 60);
             RtpPeer early = new RtpPeer(); RtpPeer answering = new RtpPeer()) {
            MediaEndpoint ep = (MediaEndpoint) engine.openEndpoint("forked");
            ep.createOffer(io.parley.api.media.MediaDirection.SENDRECV);
            // one fork's 183: its ringback latches the endpoint, our RTP goes to it
            ep.applyAnswer(sdp(early.port()));
            early.sendTone(ep.localAddress(), Codec.PCMU, 440);
            assertTrue(LoopbackEngine.await(() -> early.address().equals(ep.connectedPeer()), 2000));
            assertTrue(LoopbackEngine.await(() -> early.received().size() > 5, 2000));

            // another fork's 200 wins while the early device still sends: no second of waiting for it to go quiet
            answering.sendTone(ep.localAddress(), Codec.PCMU, 330);
            ep.applyAnswerFromNewPeer(sdp(answering.port()));
            assertTrue(LoopbackEngine.await(() -> answering.address().equals(ep.stats().latchedSource()), 300));
            assertTrue(LoopbackEngine.await(() -> answering.address().equals(ep.connectedPeer()), 300));
            answering.clear();
            assertTrue(LoopbackEngine.await(() -> answering.received().size() > 5, 500));
            Thread.sleep(60);
            early.clear();
            long discarded = ep.stats().packetsDiscarded();
            Thread.sleep(300);
            assertTrue("the early device no longer gets our RTP", early.received().isEmpty());
            // the early device's RTP, still coming, is what is discarded now
            assertTrue(ep.stats().packetsDiscarded() > discarded);
            assertEquals(answering.address(), ep.stats().latchedSource());
            early.stopTone();
            answering.stopTone();
            ep.close();
        }
    }

    private static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }

    @Test
    public void bridgedLegsLatchedToEachOtherStillCarryAudioBothWays() throws Exception {
        // two engine endpoints sending to each other latch each other, so both use connected sockets
        try (MediaEngine engine = LoopbackEngine.start(31610, 31619, 60)) {
            MediaEndpoint a = (MediaEndpoint) engine.openEndpoint("a");
            MediaEndpoint b = (MediaEndpoint) engine.openEndpoint("b");
            LoopbackEngine.connect(a, b.localAddress(), Codec.PCMU);
            LoopbackEngine.connect(b, a.localAddress(), Codec.PCMA);
            assertTrue(LoopbackEngine.await(() -> b.localAddress().equals(a.connectedPeer())
                    && a.localAddress().equals(b.connectedPeer()), 2000));
            long aBefore = a.stats().packetsReceived();
            long bBefore = b.stats().packetsReceived();
            assertTrue(LoopbackEngine.await(() -> a.stats().packetsReceived() > aBefore + 20
                    && b.stats().packetsReceived() > bBefore + 20, 3000));
            assertEquals(0, a.stats().packetsDiscarded());
            assertEquals(0, b.stats().packetsDiscarded());
            a.close();
            b.close();
            assertEquals(engine.freePortPairs(), 5);
        }
    }

    private static void assertAllFrom(int port, List<RtpPeer.Received> packets) {
        for (RtpPeer.Received r : packets) {
            assertEquals("symmetric RTP: sent from the endpoint's own port", port, r.source().getPort());
        }
    }
}
