package io.parley.sip.call;

import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.Registrar;
import io.parley.api.sip.RegistrationBinding;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.TrunkNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an outbound leg's INVITEs go and as whom: every live contact of a phone (one fork
 * each), or the one way out through a trunk number's channel (public_trunk peer, carrier
 * account, or the registered gateway of an appliance_account channel).
 */
final class LegTargets {

    private static final Logger LOG = LoggerFactory.getLogger(LegTargets.class);

    /** Where one INVITE goes ({@code routeHost}: a loose route or the NAT source, else null) and as whom. */
    record Target(String user, String host, int port, String transport, String routeHost, int routePort,
                  String fromUser, TrunkNumber number, SipChannel.CarrierAccount credentials, String party) {
    }

    private final AddressFactory addresses;
    private final Registrar registrar;
    private final SipChannelStore channels;
    private final Numbers numbers;
    private final NumberLimits limits;
    private final CallerNumber callerNumber;

    LegTargets(AddressFactory addresses, Registrar registrar, SipChannelStore channels, Numbers numbers,
               NumberLimits limits, CallerNumber callerNumber) {
        this.addresses = addresses;
        this.registrar = registrar;
        this.channels = channels;
        this.numbers = numbers;
        this.limits = limits;
        this.callerNumber = callerNumber;
    }

    /** Where a leg's INVITEs go: every live contact of a phone (newest first), or the one way out through a trunk. */
    List<Target> of(Destination to, String fromUser) throws Unreachable {
        if (Destination.PHONE.equals(to.kind())) {
            return phoneTargets(to, fromUser);
        }
        return List.of(trunkTarget(to));
    }

    /** A phone may be registered from several devices: each live, usable contact is rung at once. */
    private List<Target> phoneTargets(Destination to, String fromUser) throws Unreachable {
        Instant now = Instant.now();
        List<RegistrationBinding> bindings = registrar.bindings(to.instanceId(), to.address()).stream()
                .filter(b -> b.expiresAt() == null || b.expiresAt().isAfter(now)).toList();
        if (bindings.isEmpty()) {
            throw new Unreachable(CallStatus.MISSED, Response.TEMPORARILY_UNAVAILABLE, "extension not registered");
        }
        List<Target> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RegistrationBinding b : bindings) {
            try {
                SipURI contact = (SipURI) addresses.createURI(b.contact());
                String source = b.sourceAddress();
                String host = LegMessages.hostOf(source);
                int port = Integer.parseInt(source.substring(source.lastIndexOf(':') + 1));
                Target t = new Target(contact.getUser() == null ? to.address() : contact.getUser(), contact.getHost(),
                        contact.getPort() > 0 ? contact.getPort() : 5060, b.transport(), host, port, fromUser, null, null,
                        to.address());
                // one device registered twice under different contact strings is rung once
                if (seen.add(t.host() + ":" + t.port() + "/" + t.routeHost() + ":" + t.routePort())) {
                    targets.add(t);
                }
            } catch (Exception e) {
                LOG.info("extension {}: contact {} not usable ({})", to.address(), b.contact(), e.toString());
            }
        }
        if (targets.isEmpty()) {
            throw new Unreachable(CallStatus.UNKNOWN, 0, "no usable contact of extension " + to.address());
        }
        return targets;
    }

    private Target trunkTarget(Destination to) throws Unreachable {
        TrunkNumber number = callerNumber.select(to);
        int refusal = limits.refusal(number);
        if (refusal != 0) {
            throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "over the limits of " + number.number());
        }
        SipChannel channel = channels.find(number.channelId())
                .orElseThrow(() -> new Unreachable(CallStatus.CARRIER_ERROR, 0, "channel gone"));
        String dialled = Numbers.digits(to.address());
        String user = (number.hasOutboundPrefix() && number.outboundPrefix() != null ? number.outboundPrefix() : "")
                + dialled;
        String from = numbers.national(number.number());
        switch (channel.dockingMode()) {
            case "public_trunk": {
                if (channel.peers().isEmpty()) {
                    throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "public trunk without peers");
                }
                SipChannel.Peer peer = channel.peers().get(0);
                return new Target(user, peer.ip(), peer.port(), "udp", null, 0, from, number, null, dialled);
            }
            case "carrier_account": {
                SipChannel.CarrierAccount c = channel.carrier();
                String transport = c.transport() == null ? "udp" : c.transport();
                boolean proxy = c.outboundProxyHost() != null && !c.outboundProxyHost().isBlank();
                return new Target(user, c.serverHost(), c.serverPort(), transport,
                        proxy ? c.outboundProxyHost() : null,
                        proxy ? (c.outboundProxyPort() == null ? 5060 : c.outboundProxyPort()) : 0, from, number, c, dialled);
            }
            case "appliance_account": {
                // the gateway registered to us: send to where its REGISTER came from (NAT), Request-URI at its contact
                List<GatewayBinding> gateways = registrar.gatewayBindings(channel.id());
                if (gateways.isEmpty()) {
                    throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "the gateway of channel " + channel.id() + " is not registered");
                }
                GatewayBinding g = gateways.get(0);
                try {
                    SipURI contact = (SipURI) addresses.createURI(g.contact());
                    String source = g.sourceAddress();
                    return new Target(user, contact.getHost(), contact.getPort() > 0 ? contact.getPort() : 5060,
                            g.transport(), LegMessages.hostOf(source),
                            Integer.parseInt(source.substring(source.lastIndexOf(':') + 1)), from, number, null, dialled);
                } catch (Exception e) {
                    throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "unusable gateway contact " + g.contact());
                }
            }
            default:
                throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "unknown docking mode " + channel.dockingMode());
        }
    }
}
