package io.parley.api.sip.trunk;

import io.parley.api.telephony.SipChannel;

/**
 * The SPI of a SIP trunk connector: how the appliance keeps the channels of one docking mode
 * (SPEC §1.2: {@code carrier_account}, {@code public_trunk}, {@code appliance_account}) — registering,
 * probing, admitting their peers' INVITEs and addressing outbound legs. Registered as an OSGi
 * service with the property {@link #DOCKING_MODE}; the SIP core takes, per mode, the highest-ranked
 * connector registered now (a dynamic, greedy reference), opens one {@link Trunk} per channel of that
 * mode, and closes them when the connector goes. While no connector of a mode runs, its channels are
 * {@code unavailable}: their outbound legs fail with {@code carrier_error} and their peers' INVITEs
 * are answered 503. Calls already up never depend on a connector: their dialogs live in the SIP core.
 *
 * <pre>{@code
 * @Component(service = TrunkConnector.class, property = TrunkConnector.DOCKING_MODE + "=public_trunk")
 * public final class MyTrunkConnector implements TrunkConnector {
 *     @Override
 *     public Trunk open(SipChannel channel, TrunkSignalling sip) {
 *         return new MyTrunk(channel, sip);   // started by the core with start(), closed with close()
 *     }
 * }
 * }</pre>
 */
public interface TrunkConnector {

    /** Service property: the docking mode this connector keeps, e.g. {@code carrier_account}. */
    String DOCKING_MODE = "parley.trunk.docking_mode";

    /**
     * A trunk for {@code channel} (of this connector's docking mode), not started yet: the core calls
     * {@link Trunk#start()} once an earlier trunk of the same channel has finished closing.
     * {@code sip} is the core's signalling for this trunk's requests; it stays valid until the trunk is closed.
     */
    Trunk open(SipChannel channel, TrunkSignalling sip);

    /**
     * Times a carrier refused this connector's credentials since it started (a 403, or a 401/407 to
     * our digest answer), for {@code /api/v1/health}; 0 for modes without credentials.
     */
    default long credentialRefusals() {
        return 0;
    }
}
