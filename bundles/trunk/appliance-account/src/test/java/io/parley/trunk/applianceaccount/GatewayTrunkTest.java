package io.parley.trunk.applianceaccount;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.InboundInvite;
import io.parley.api.sip.trunk.OutboundLeg;
import io.parley.api.sip.trunk.OutboundRoute;
import io.parley.api.sip.trunk.SipHeader;
import io.parley.api.sip.trunk.TrunkAnswer;
import io.parley.api.sip.trunk.TrunkRefusedException;
import io.parley.api.sip.trunk.TrunkRequest;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.sip.trunk.TrunkTimers;
import io.parley.api.telephony.SipChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class GatewayTrunkTest {

    /** The registrar's bindings as the core would give them; nothing else is used. */
    private final List<GatewayBinding> bindings = new ArrayList<>();

    private final TrunkSignalling sip = new TrunkSignalling() {
        @Override
        public Sent send(TrunkRequest request) {
            throw new AssertionError("an appliance_account trunk sends nothing of its own");
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
            return bindings.stream().filter(b -> b.channelId() == channelId).toList();
        }

        @Override
        public TrunkTimers timers() {
            return null;
        }
    };

    private final SipChannel channel = new SipChannel(31, "gw", "landline", "e1_t1", "appliance_account", null, null, null,
            Instant.EPOCH);

    private static InboundInvite invite(String ip, int port, String transport) {
        return new InboundInvite(ip, port, transport, "02112345678", "13912345678", Map.of());
    }

    @Test
    public void anUnregisteredGatewayIsUnregisteredAdmitsNothingAndRefusesOutboundLegs() {
        GatewayTrunk t = new GatewayTrunk(channel, sip);
        assertEquals(TrunkStatus.UNREGISTERED, t.status().status());
        assertFalse(t.admit(invite("192.0.2.9", 5060, "udp")).admitted());
        assertEquals(403, t.admit(invite("192.0.2.9", 5060, "udp")).status());
        try {
            t.route(new OutboundLeg("c1", "9913912345678", "13912345678", "02112345678", null));
            fail("no gateway registered");
        } catch (TrunkRefusedException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not registered"));
        }
    }

    @Test
    public void itsInvitesAreAdmittedFromWhereItRegisteredAndItsLegsGoThereToItsContact() throws Exception {
        bindings.add(new GatewayBinding(31, "gateway812345678", "sip:gw@10.0.0.9:5070;transport=udp", "192.0.2.9:40123",
                "udp", "PBX", "cid", Instant.now(), Instant.now().plusSeconds(60)));
        GatewayTrunk t = new GatewayTrunk(channel, sip);
        assertEquals(TrunkStatus.REGISTERED, t.status().status());
        assertTrue(t.admit(invite("192.0.2.9", 40123, "udp")).admitted());
        // over UDP the port counts, over TCP a new connection comes from another port
        assertFalse(t.admit(invite("192.0.2.9", 5060, "udp")).admitted());
        assertTrue(t.admit(invite("192.0.2.9", 51000, "tcp")).admitted());
        assertFalse(t.admit(invite("192.0.2.10", 40123, "udp")).admitted());

        OutboundRoute r = t.route(new OutboundLeg("c1", "9913912345678", "13912345678", "02112345678", null));
        assertEquals("9913912345678", r.user());
        assertEquals("10.0.0.9", r.host());
        assertEquals(5070, r.port());
        assertEquals("192.0.2.9", r.routeHost());
        assertEquals(40123, r.routePort());
        assertNull(r.credentials());
    }

    @Test
    public void contactsParseWithAndWithoutPortsParametersAndIpv6() {
        assertEquals(new GatewayTrunk.Contact("10.0.0.9", 5060), GatewayTrunk.Contact.parse("<sip:gw@10.0.0.9;ob>").orElseThrow());
        assertEquals(new GatewayTrunk.Contact("2001:db8::9", 5080),
                GatewayTrunk.Contact.parse("sip:gw@[2001:db8::9]:5080;transport=tcp").orElseThrow());
        assertTrue(GatewayTrunk.Contact.parse("tel:+4420").isEmpty());
    }
}
