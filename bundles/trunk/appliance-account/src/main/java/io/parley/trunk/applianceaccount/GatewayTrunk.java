package io.parley.trunk.applianceaccount;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.Admission;
import io.parley.api.sip.trunk.InboundInvite;
import io.parley.api.sip.trunk.OutboundLeg;
import io.parley.api.sip.trunk.OutboundRoute;
import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkRefusedException;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.telephony.SipChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One {@code appliance_account} channel: nothing to send of its own; its status, admission and
 * outbound route all come from the gateway's live registrations ({@link TrunkSignalling#gatewayBindings}).
 */
final class GatewayTrunk implements Trunk {

    private final TrunkSignalling sip;
    private volatile SipChannel channel;

    GatewayTrunk(SipChannel channel, TrunkSignalling sip) {
        this.channel = channel;
        this.sip = sip;
    }

    @Override
    public void start() {
        // the gateway registers to us: nothing to start
    }

    @Override
    public boolean update(SipChannel changed) {
        channel = changed;
        return true;
    }

    @Override
    public TrunkStatus status() {
        SipChannel c = channel;
        List<GatewayBinding> bindings = bindings();
        return new TrunkStatus(c.id(), c.name(), c.dockingMode(),
                bindings.isEmpty() ? TrunkStatus.UNREGISTERED : TrunkStatus.REGISTERED, null, null, bindings);
    }

    /**
     * Only from where the gateway registered from: over UDP its address and port, over TCP/TLS its
     * address (a new connection comes from another port).
     */
    @Override
    public Admission admit(InboundInvite invite) {
        boolean datagram = invite.transport() == null || "udp".equalsIgnoreCase(invite.transport());
        String source = invite.sourceIp() + ":" + invite.sourcePort();
        for (GatewayBinding b : bindings()) {
            if (datagram ? b.sourceAddress().equals(source) : b.sourceAddress().startsWith(invite.sourceIp() + ":")) {
                return Admission.admit();
            }
        }
        return Admission.refuse(403, source + " is not where the gateway of channel " + channel.id() + " registered from");
    }

    /** To the gateway's contact (Request-URI), sent to where its REGISTER came from (NAT). */
    @Override
    public OutboundRoute route(OutboundLeg leg) throws TrunkRefusedException {
        List<GatewayBinding> gateways = bindings();
        if (gateways.isEmpty()) {
            throw new TrunkRefusedException("the gateway of channel " + channel.id() + " is not registered");
        }
        GatewayBinding g = gateways.get(0);
        Contact contact = Contact.parse(g.contact())
                .orElseThrow(() -> new TrunkRefusedException("unusable gateway contact " + g.contact()));
        String source = g.sourceAddress();
        int colon = source.lastIndexOf(':');
        String sourceHost = source.substring(0, colon);
        if (sourceHost.startsWith("[") && sourceHost.endsWith("]")) {
            sourceHost = sourceHost.substring(1, sourceHost.length() - 1);
        }
        try {
            return new OutboundRoute(leg.user(), contact.host(), contact.port(), g.transport(), sourceHost,
                    Integer.parseInt(source.substring(colon + 1)), List.of(), null);
        } catch (NumberFormatException e) {
            throw new TrunkRefusedException("unusable gateway source address " + source);
        }
    }

    @Override
    public CompletionStage<Void> close() {
        return CompletableFuture.completedFuture(null);
    }

    private List<GatewayBinding> bindings() {
        List<GatewayBinding> b = sip.gatewayBindings(channel.id());
        return b == null ? List.of() : b;
    }

    /** The host and port of a registered SIP contact URI ({@code sip:user@host:port;params}), port 5060 when absent. */
    record Contact(String host, int port) {

        static java.util.Optional<Contact> parse(String uri) {
            String s = uri.strip();
            if (s.startsWith("<") && s.endsWith(">")) {
                s = s.substring(1, s.length() - 1);
            }
            int scheme = s.indexOf(':');
            if (scheme < 0 || !s.substring(0, scheme).toLowerCase(java.util.Locale.ROOT).startsWith("sip")) {
                return java.util.Optional.empty();
            }
            s = s.substring(scheme + 1);
            int at = s.lastIndexOf('@');
            if (at >= 0) {
                s = s.substring(at + 1);
            }
            int end = s.length();
            for (char stop : new char[]{';', '?', '>'}) {
                int i = s.indexOf(stop);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            s = s.substring(0, end);
            try {
                if (s.startsWith("[")) {
                    int close = s.indexOf(']');
                    String host = s.substring(1, close);
                    String rest = s.substring(close + 1);
                    return java.util.Optional.of(new Contact(host, rest.startsWith(":") ? Integer.parseInt(rest.substring(1)) : 5060));
                }
                int colon = s.indexOf(':');
                return s.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(colon < 0 ? new Contact(s, 5060)
                        : new Contact(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
            } catch (RuntimeException e) {
                return java.util.Optional.empty();
            }
        }
    }
}
