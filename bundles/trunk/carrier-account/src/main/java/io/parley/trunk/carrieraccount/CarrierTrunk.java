package io.parley.trunk.carrieraccount;

import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.Admission;
import io.parley.api.sip.trunk.DigestCredentials;
import io.parley.api.sip.trunk.InboundInvite;
import io.parley.api.sip.trunk.OutboundLeg;
import io.parley.api.sip.trunk.OutboundRoute;
import io.parley.api.sip.trunk.Trunk;
import io.parley.api.telephony.SipChannel;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One {@code carrier_account} channel: its {@link CarrierRegistration}, the carrier's INVITEs (the
 * core matched their source to the carrier's server or proxy: admitted) and the way out to the carrier.
 */
final class CarrierTrunk implements Trunk {

    private final SipChannel channel;
    private final CarrierRegistration registration;
    private final Consumer<CarrierTrunk> closed;

    CarrierTrunk(SipChannel channel, CarrierRegistration registration, Consumer<CarrierTrunk> closed) {
        this.channel = channel;
        this.registration = registration;
        this.closed = closed;
    }

    @Override
    public void start() {
        registration.start();
    }

    /** A name change is taken in place; another account (server, credentials, expiry…) registers anew. */
    @Override
    public boolean update(SipChannel changed) {
        return changed.carrier() != null && changed.carrier().equals(channel.carrier());
    }

    @Override
    public TrunkStatus status() {
        boolean up = registration.registered();
        return new TrunkStatus(channel.id(), channel.name(), channel.dockingMode(),
                up ? TrunkStatus.REGISTERED : TrunkStatus.UNREGISTERED, registration.view(), null, null);
    }

    @Override
    public Admission admit(InboundInvite invite) {
        // the core admitted the source as the carrier's server or outbound proxy: the carrier's calls are taken
        return Admission.admit();
    }

    @Override
    public OutboundRoute route(OutboundLeg leg) {
        SipChannel.CarrierAccount c = channel.carrier();
        String transport = c.transport() == null ? "udp" : c.transport().toLowerCase(java.util.Locale.ROOT);
        boolean proxy = c.outboundProxyHost() != null && !c.outboundProxyHost().isBlank();
        return new OutboundRoute(leg.user(), c.serverHost(), c.serverPort(), transport,
                proxy ? c.outboundProxyHost() : null,
                proxy ? (c.outboundProxyPort() == null ? 5060 : c.outboundProxyPort()) : 0, List.of(),
                new DigestCredentials(c.username(), c.password()));
    }

    @Override
    public CompletionStage<Void> close() {
        closed.accept(this);
        registration.stop();
        return registration.unregistered();
    }
}
