package io.parley.sip;

import io.parley.api.sip.trunk.TrunkConnector;
import io.parley.trunk.applianceaccount.ApplianceAccountConnector;
import io.parley.trunk.carrieraccount.CarrierAccountConnector;
import io.parley.trunk.publictrunk.PublicTrunkConnector;
import java.util.Map;

/** The three connector bundles of the distribution, bound to a {@link SipTrunkManager} as DS would bind them. */
final class BuiltInConnectors {

    private BuiltInConnectors() {
    }

    static SipTrunkManager bind(SipTrunkManager trunks) {
        bind(trunks, "carrier_account", new CarrierAccountConnector());
        bind(trunks, "public_trunk", new PublicTrunkConnector());
        bind(trunks, "appliance_account", new ApplianceAccountConnector());
        return trunks;
    }

    private static long serviceId = 1;

    /** Binds {@code connector} for {@code mode}, as a newly registered service. */
    static TrunkConnector bind(SipTrunkManager trunks, String mode, TrunkConnector connector) {
        trunks.connector(connector, Map.of(TrunkConnector.DOCKING_MODE, mode, "service.id", serviceId++));
        return connector;
    }
}
