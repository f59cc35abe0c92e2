package io.parley.sip.call;

import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.sip.Registrar;
import io.parley.api.sip.RegistrationBinding;
import io.parley.api.sip.trunk.DigestCredentials;
import io.parley.api.sip.trunk.OutboundLeg;
import io.parley.api.sip.trunk.OutboundRoute;
import io.parley.api.sip.trunk.SipHeader;
import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkRefusedException;
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
 * each), or the one way out through a trunk number's channel, as the channel's trunk connector
 * addresses it (public_trunk peer, carrier account, or the registered gateway of an
 * appliance_account channel).
 */
final class LegTargets {

    private static final Logger LOG = LoggerFactory.getLogger(LegTargets.class);

    /**
     * Where one INVITE goes ({@code routeHost}: a loose route or the NAT source, else null) and as whom;
     * {@code headers}: what the trunk's connector adds to it.
     */
    record Target(String user, String host, int port, String transport, String routeHost, int routePort,
                  String fromUser, TrunkNumber number, DigestCredentials credentials, String party,
                  List<SipHeader> headers) {

        Target(String user, String host, int port, String transport, String routeHost, int routePort,
               String fromUser, TrunkNumber number, DigestCredentials credentials, String party) {
            this(user, host, port, transport, routeHost, routePort, fromUser, number, credentials, party, List.of());
        }
    }

    private final AddressFactory addresses;
    private final Registrar registrar;
    private final SipChannelStore channels;
    private final Numbers numbers;
    private final NumberLimits limits;
    private final CallerNumber callerNumber;
    private final CallPorts.TrunkSources trunks;

    LegTargets(AddressFactory addresses, Registrar registrar, SipChannelStore channels, Numbers numbers,
               NumberLimits limits, CallerNumber callerNumber, CallPorts.TrunkSources trunks) {
        this.trunks = trunks;
        this.addresses = addresses;
        this.registrar = registrar;
        this.channels = channels;
        this.numbers = numbers;
        this.limits = limits;
        this.callerNumber = callerNumber;
    }

    /** Where a leg's INVITEs go: every live contact of a phone (newest first), or the one way out through a trunk. */
    List<Target> of(String callId, Destination to, String fromUser) throws Unreachable {
        if (Destination.PHONE.equals(to.kind())) {
            return phoneTargets(to, fromUser);
        }
        return List.of(trunkTarget(callId, to));
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

    /**
     * The way out through a trunk number: the number and its limits are the core's, where the INVITE goes
     * (and what it carries) the channel's connector's; no connector of its docking mode: carrier_error.
     */
    private Target trunkTarget(String callId, Destination to) throws Unreachable {
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
        Trunk trunk = trunks.trunk(channel).orElseThrow(() -> new Unreachable(CallStatus.CARRIER_ERROR, 0,
                "channel " + channel.id() + " unavailable: no " + channel.dockingMode() + " connector is running"));
        OutboundRoute r;
        try {
            r = trunk.route(new OutboundLeg(callId, user, dialled, from, number));
        } catch (TrunkRefusedException e) {
            throw new Unreachable(CallStatus.CARRIER_ERROR, 0, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // a connector stopping under our feet
            throw new Unreachable(CallStatus.CARRIER_ERROR, 0, "channel " + channel.id() + ": " + e);
        }
        return new Target(r.user(), r.host(), r.port(), r.transport() == null ? "udp" : r.transport(), r.routeHost(),
                r.routePort(), from, number, r.credentials(), dialled, r.headers());
    }
}
