package io.parley.api.sip;

import java.util.List;
import java.util.Optional;

/**
 * The live state of the appliance's SIP trunk channels (SPEC §1.3 {@code status}, §1.5, §34 p4):
 * whether the appliance is registered to each {@code carrier_account} carrier, whether the
 * gateway of each {@code appliance_account} channel is registered to the appliance, and whether
 * the peers of each {@code public_trunk} channel answer the OPTIONS keepalive. Kept by the SIP
 * bundle, which follows channels as they are created, changed and deleted.
 *
 * <pre>{@code
 * trunks.trunkStatus(channelId).ifPresent(s -> {
 *     System.out.println(s.status());                       // registered, unregistered, reachable, unreachable
 *     if (s.registration() != null) {                       // carrier_account
 *         System.out.println("until " + s.registration().expiresAt() + ", last " + s.registration().lastStatusCode());
 *     }
 *     s.peers().forEach(p -> System.out.println(p.ip() + " " + (p.reachable() ? p.roundTripMillis() + " ms" : "down")));
 * });
 * }</pre>
 */
public interface TrunkService {

    /**
     * The status of channel {@code channelId}, or empty when the SIP bundle does not follow that
     * channel (yet): it picks up a new channel within a few seconds.
     */
    Optional<TrunkStatus> trunkStatus(long channelId);

    /** The status of every followed channel, by channel id. */
    List<TrunkStatus> trunkStatuses();

    /**
     * Whether every carrier account can register, and how often carriers refused our
     * credentials; the default reads {@link #trunkStatuses()} and counts no refusals.
     */
    default TrunkHealth health() {
        return TrunkHealth.of(trunkStatuses(), 0);
    }
}
