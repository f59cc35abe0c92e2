package io.parley.sip.steady;

import io.parley.api.instance.InstanceService;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneService;

/**
 * The services of other bundles the SIP core looks things up in, as stand-ins that outlive a
 * restart of the bundle behind them ({@link SteadyServices}). A component of this bundle
 * takes {@code @Reference Steady steady} instead of the services themselves, so stopping
 * {@code parley-telephony}, {@code parley-directory} or {@code parley-store} does not
 * deactivate it (and close the SIP stack with every call on it); a lookup made while one is
 * away throws {@link ServiceAwayException}.
 *
 * <pre>{@code
 * @Activate
 * public SipCallManager(@Reference Steady steady, @Reference MediaServer media, SipConfig config) {
 *     String domain = steady.phones().serverInfo().sipDomain();
 * }
 * }</pre>
 */
public interface Steady {

    SipPhoneService phones();

    InstanceService instances();

    SipChannelService channels();

    SipChannelStore channelStore();
}
