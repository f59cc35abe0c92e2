package io.parley.trunk.applianceaccount;

import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkConnector;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.telephony.SipChannel;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code appliance_account} docking mode (SPEC §1.2, §1.5): a gateway or IP-PBX registers to
 * the appliance with the channel's generated account (the SIP core's registrar takes its REGISTER,
 * since REGISTER is answered before any plug-in is asked). This connector gives the channel's status
 * from the gateway's live registrations, admits INVITEs only from where the gateway registered from,
 * and sends outbound legs to the gateway's contact through the address its REGISTER came from (NAT).
 *
 * <pre>{@code
 * Trunk t = new ApplianceAccountConnector().open(channel, sip);
 * t.status().status();       // "registered" while the gateway is
 * }</pre>
 */
@Component(service = TrunkConnector.class, property = TrunkConnector.DOCKING_MODE + "=appliance_account")
public final class ApplianceAccountConnector implements TrunkConnector {

    @Override
    public Trunk open(SipChannel channel, TrunkSignalling sip) {
        return new GatewayTrunk(channel, sip);
    }
}
