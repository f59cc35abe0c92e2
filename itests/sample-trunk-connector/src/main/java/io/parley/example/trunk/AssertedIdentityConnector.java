package io.parley.example.trunk;

import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.Admission;
import io.parley.api.sip.trunk.InboundInvite;
import io.parley.api.sip.trunk.OutboundLeg;
import io.parley.api.sip.trunk.OutboundRoute;
import io.parley.api.sip.trunk.SipHeader;
import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkConnector;
import io.parley.api.sip.trunk.TrunkRefusedException;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.telephony.SipChannel;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A carrier that wants to know who calls: a {@code public_trunk} variant that adds
 * {@code P-Asserted-Identity} (RFC 3325) and {@code Diversion} (RFC 5806), both naming the trunk number
 * the leg goes out with, to every outbound leg, and otherwise keeps the channels exactly as
 * the built-in connector does — it wraps it. Ranked above it ({@code service.ranking=100}), so the SIP
 * core takes this one for public_trunk channels while it runs and goes back to the built-in one when it
 * is removed.
 *
 * <pre>{@code
 * cp parley-example-trunk-connector.jar $KARAF_HOME/deploy/    # public_trunk legs now carry the headers
 * rm $KARAF_HOME/deploy/parley-example-trunk-connector.jar     # and no longer
 * }</pre>
 */
@Component(service = TrunkConnector.class, property = {TrunkConnector.DOCKING_MODE + "=public_trunk",
        "service.ranking:Integer=100", AssertedIdentityConnector.VARIANT + "=asserted-identity"})
public final class AssertedIdentityConnector implements TrunkConnector {

    /** Marks a variant, so it never wraps itself (or another variant). */
    static final String VARIANT = "parley.trunk.variant";

    private final TrunkConnector builtIn;

    /** The built-in public_trunk connector: a static reference, so this one goes when it goes. */
    @Activate
    public AssertedIdentityConnector(@Reference(target = "(&(" + TrunkConnector.DOCKING_MODE + "=public_trunk)(!("
            + VARIANT + "=*)))") TrunkConnector builtIn) {
        this.builtIn = builtIn;
    }

    @Override
    public Trunk open(SipChannel channel, TrunkSignalling sip) {
        Trunk wrapped = builtIn.open(channel, sip);
        return new Trunk() {
            @Override
            public void start() {
                wrapped.start();
            }

            @Override
            public boolean update(SipChannel changed) {
                return wrapped.update(changed);
            }

            @Override
            public TrunkStatus status() {
                return wrapped.status();
            }

            @Override
            public Admission admit(InboundInvite invite) {
                return wrapped.admit(invite);
            }

            @Override
            public OutboundRoute route(OutboundLeg leg) throws TrunkRefusedException {
                OutboundRoute r = wrapped.route(leg);
                return r.withHeaders(headers(leg, r.host()));
            }

            @Override
            public CompletionStage<Void> close() {
                return wrapped.close();
            }
        };
    }

    /**
     * The headers this carrier requires: the trunk number the leg goes out with as the asserted caller
     * and as the diverting party, in the national form the carrier gave it to us (a carrier that wants
     * E.164 would format it here).
     */
    static List<SipHeader> headers(OutboundLeg leg, String carrierHost) {
        String number = leg.callerUser();
        return List.of(new SipHeader("P-Asserted-Identity", "<sip:" + number + "@" + carrierHost + ";user=phone>"),
                new SipHeader("Diversion", "<sip:" + number + "@" + carrierHost + ">;reason=unconditional"));
    }
}
