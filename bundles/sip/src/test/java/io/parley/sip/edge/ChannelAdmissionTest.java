package io.parley.sip.edge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipDigest;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/** Which channel a source belongs to, from the snapshot of the channels. */
public class ChannelAdmissionTest {

    private final List<SipChannel> channels = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final Map<String, List<String>> dns = Map.of("sip.carrier.example", List.of("198.51.100.5", "198.51.100.6"),
            "proxy.carrier.example", List.of("198.51.100.9"));
    private final List<GatewayBinding> gatewayContacts = new ArrayList<>();
    private final ChannelAdmission admission = new ChannelAdmission(new ChannelAdmission.Sources() {
        @Override
        public List<SipChannel> channels() {
            reads.incrementAndGet();
            return List.copyOf(channels);
        }

        @Override
        public List<String> resolve(String host) throws UnknownHostException {
            List<String> ips = dns.get(host);
            if (ips == null) {
                throw new UnknownHostException(host);
            }
            return ips;
        }
    }, Clock.systemUTC(), Duration.ofSeconds(5), id -> gatewayContacts.stream().filter(b -> b.channelId() == id).toList());

    private static SipChannel trunk(long id, SipChannel.Peer... peers) {
        return new SipChannel(id, "trunk" + id, "landline", "sip_trunk", "public_trunk", null, List.of(peers), null,
                Instant.EPOCH);
    }

    private static SipChannel carrier(long id, String host, String proxy) {
        return new SipChannel(id, "carrier" + id, "landline", "sip_trunk", "carrier_account", null, List.of(),
                new SipChannel.CarrierAccount("acct", "Secret1!x", host, 5060, proxy, proxy == null ? null : 5060, "udp",
                        3600), Instant.EPOCH);
    }

    private static SipChannel gateway(long id, String username) {
        return new SipChannel(id, "gw" + id, "landline", "e1_t1", "appliance_account",
                new SipDigest(username, "parley.local", "0".repeat(32), "0".repeat(64)), List.of(), null, Instant.EPOCH);
    }

    @Test
    public void publicTrunkPeersAreAdmittedByAddressAndPortOverUdpAndByAddressOverTcp() {
        channels.add(trunk(1, new SipChannel.Peer("127.0.0.2", 5060), new SipChannel.Peer("2001:db8::1", 5070)));
        admission.refresh();
        assertEquals(1, admission.channelOf("127.0.0.2", 5060, "udp").orElseThrow().id());
        assertTrue(admission.channelOf("127.0.0.2", 5099, "udp").isEmpty());
        assertEquals(1, admission.channelOf("127.0.0.2", 40001, "tcp").orElseThrow().id());
        // an IPv6 peer matches however the address is spelled
        assertEquals(1, admission.channelOf("2001:db8:0:0:0:0:0:1", 5070, "udp").orElseThrow().id());
        assertTrue(admission.channelOf("127.0.0.3", 5060, "udp").isEmpty());
    }

    @Test
    public void carrierServersAndProxiesAreAdmittedByResolvedAddress() {
        channels.add(carrier(2, "sip.carrier.example", "proxy.carrier.example"));
        channels.add(carrier(3, "unresolvable.example", null));
        admission.refresh();
        assertEquals(2, admission.channelOf("198.51.100.6", 5080, "udp").orElseThrow().id());
        assertEquals(2, admission.channelOf("198.51.100.9", 5060, "tls").orElseThrow().id());
        assertTrue(admission.channelOf("198.51.100.7", 5060, "udp").isEmpty());
    }

    @Test
    public void gatewaysAreFoundByUsernameAndAdmittedFromTheirRegistrationSource() {
        channels.add(gateway(4, "gateway800001024"));
        admission.refresh();
        assertEquals(4, admission.gateway("gateway800001024").orElseThrow().id());
        assertTrue(admission.gateway("8001").isEmpty());
        assertTrue(admission.channelOf("127.0.0.4", 5062, "udp").isEmpty());

        gatewayContacts.add(new GatewayBinding(4, "gateway800001024", "sip:gw@127.0.0.4:5062", "127.0.0.4:5062", "udp",
                null, "c", Instant.now(), Instant.now().plusSeconds(300)));
        assertEquals(4, admission.channelOf("127.0.0.4", 5062, "udp").orElseThrow().id());
        assertTrue(admission.channelOf("127.0.0.4", 5063, "udp").isEmpty());
    }

    @Test
    public void aGatewayCreatedSinceTheLastRefreshIsFoundOnDemandButNotMoreThanOnceASecond() throws Exception {
        admission.refresh();
        int before = reads.get();
        channels.add(gateway(5, "gateway800001025"));
        Thread.sleep(1100);
        assertEquals(5, admission.gateway("gateway800001025").orElseThrow().id());
        assertEquals(before + 1, reads.get());
        // unknown gateway names right after do not hit the channels again (at most one per 200 ms)
        assertTrue(admission.gateway("gateway999").isEmpty());
        assertTrue(admission.gateway("gateway998").isEmpty());
        assertTrue(reads.get() <= before + 2);
    }

    @Test
    public void aGatewayCreatedJustAfterARefreshIsFoundAtOnce() {
        admission.refresh();
        channels.add(gateway(7, "gateway800001027"));
        // within the second after the refresh: a name not tried since forces one re-read
        assertEquals(7, admission.gateway("gateway800001027").orElseThrow().id());
        int reads0 = reads.get();
        for (int i = 0; i < 20; i++) {
            admission.gateway("gateway9" + i);
        }
        // invented names right after force no further re-read (at most one per 200 ms)
        assertTrue(reads.get() - reads0 <= 1);
    }

    @Test
    public void whenTheChannelsCannotBeReadThePreviousSnapshotStays() {
        channels.add(trunk(6, new SipChannel.Peer("127.0.0.6", 5060)));
        admission.refresh();
        ChannelAdmission failing = admission;
        channels.clear();
        channels.add(null); // List.copyOf throws: a read that fails
        failing.refresh();
        assertEquals(6, failing.channelOf("127.0.0.6", 5060, "udp").orElseThrow().id());
    }

    @Test
    public void aPeerOfAChannelCommittedSinceTheSnapshotIsAdmittedByTheRereadNotByTheSnapshot() {
        admission.refresh();
        channels.add(trunk(5, new SipChannel.Peer("127.0.0.20", 5060)));
        assertTrue("the snapshot does not know it yet", admission.channelOf("127.0.0.20", 5060, "udp").isEmpty());
        assertEquals(5, admission.channelOfReread("127.0.0.20", 5060, "udp").orElseThrow().id());
        // and from then on the snapshot has it
        assertEquals(5, admission.channelOf("127.0.0.20", 5060, "udp").orElseThrow().id());
    }

    @Test
    public void aKnownPeerCostsNoRereadAndAStrangerOneThatWaitsItsTurn() {
        channels.add(trunk(6, new SipChannel.Peer("127.0.0.21", 5060)));
        admission.refresh();
        int before = reads.get();
        assertEquals(6, admission.channelOfReread("127.0.0.21", 5060, "udp").orElseThrow().id());
        assertEquals("known: no read", before, reads.get());
        long started = System.nanoTime();
        assertTrue(admission.channelOfReread("127.0.0.99", 5060, "udp").isEmpty());
        assertTrue(admission.channelOfReread("127.0.0.99", 5060, "udp").isEmpty());
        assertEquals("a stranger asked twice: two reads", before + 2, reads.get());
        assertTrue("the second read waited for the 200 ms gap",
                System.nanoTime() - started >= Duration.ofMillis(190).toNanos());
    }
}
