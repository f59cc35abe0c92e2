package io.parley.trunk.publictrunk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.InboundInvite;
import io.parley.api.sip.trunk.OutboundLeg;
import io.parley.api.sip.trunk.OutboundRoute;
import io.parley.api.sip.trunk.SipHeader;
import io.parley.api.sip.trunk.TrunkAnswer;
import io.parley.api.sip.trunk.TrunkRequest;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.sip.trunk.TrunkTimers;
import io.parley.api.telephony.SipChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.After;
import org.junit.Test;

public class PeerTrunkTest {

    /** The OPTIONS sent, each answered by completing its future. */
    private final List<CompletableFuture<TrunkAnswer>> sent = new CopyOnWriteArrayList<>();
    private final List<TrunkRequest> requests = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private final TrunkSignalling sip = new TrunkSignalling() {
        @Override
        public Sent send(TrunkRequest request) {
            CompletableFuture<TrunkAnswer> answer = new CompletableFuture<>();
            requests.add(request);
            sent.add(answer);
            return new Sent() {
                @Override
                public CompletionStage<TrunkAnswer> answer() {
                    return answer;
                }

                @Override
                public void abandon() {
                }
            };
        }

        @Override
        public Optional<SipHeader> authorization(TrunkAnswer challenge, TrunkRequest retry, String username, String password) {
            return Optional.empty();
        }

        @Override
        public String localHost(String remoteHost, String transport) {
            return "127.0.0.1";
        }

        @Override
        public int localPort(String transport) {
            return 5060;
        }

        @Override
        public List<GatewayBinding> gatewayBindings(long channelId) {
            return List.of();
        }

        @Override
        public TrunkTimers timers() {
            return new TrunkTimers(Duration.ofHours(1), 3, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(300));
        }
    };

    @After
    public void stop() {
        timer.shutdownNow();
    }

    private static SipChannel channel(SipChannel.Peer... peers) {
        return new SipChannel(41, "peers", "landline", "sip_trunk", "public_trunk", null, List.of(peers), null, Instant.EPOCH);
    }

    private static InboundInvite invite(String ip, int port, String transport) {
        return new InboundInvite(ip, port, transport, "02112345678", "13912345678", Map.of());
    }

    @Test
    public void onlyAListedPeerIsAdmittedOverUdpByAddressAndPortOverTcpByAddress() {
        PeerTrunk t = new PeerTrunk(channel(new SipChannel.Peer("192.0.2.7", 5060)), sip, timer, Clock.systemUTC(), x -> { });
        assertTrue(t.admit(invite("192.0.2.7", 5060, "udp")).admitted());
        assertFalse(t.admit(invite("192.0.2.7", 5070, "udp")).admitted());
        assertTrue(t.admit(invite("192.0.2.7", 49152, "tcp")).admitted());
        assertEquals(403, t.admit(invite("192.0.2.8", 5060, "udp")).status());
    }

    @Test
    public void legsGoToTheFirstPeerAndAProbeAnswerMakesItReachable() throws Exception {
        PeerTrunk t = new PeerTrunk(channel(new SipChannel.Peer("192.0.2.7", 5062), new SipChannel.Peer("192.0.2.8", 5060)),
                sip, timer, Clock.systemUTC(), x -> { });
        OutboundRoute r = t.route(new OutboundLeg("c1", "13912345678", "13912345678", "02112345678", null));
        assertEquals("192.0.2.7", r.host());
        assertEquals(5062, r.port());
        assertEquals("udp", r.transport());

        t.start();
        long until = System.nanoTime() + 5_000_000_000L;
        while (sent.size() < 2 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals("every peer probed at once", 2, sent.size());
        assertEquals("OPTIONS", requests.get(0).method());
        assertEquals(TrunkStatus.UNREACHABLE, t.status().status());
        sent.get(0).complete(new TrunkAnswer(200, "OK", Map.of(), List.of(), -1));
        assertEquals(TrunkStatus.REACHABLE, t.status().status());
        t.close();
    }
}
