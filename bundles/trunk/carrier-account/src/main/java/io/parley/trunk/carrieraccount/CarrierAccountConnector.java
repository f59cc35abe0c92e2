package io.parley.trunk.carrieraccount;

import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkConnector;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.telephony.SipChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code carrier_account} docking mode (SPEC §1.2, §1.5): the appliance registers to the carrier
 * as a SIP client of the channel's account ({@link CarrierRegistration}: digest, refresh before
 * expiry, back-off), admits the carrier's INVITEs, and sends outbound legs to the carrier's server
 * (through the outbound proxy when there is one) with the account's credentials for its challenges.
 *
 * <pre>{@code
 * Trunk t = new CarrierAccountConnector().open(channel, sip);
 * t.start();                 // REGISTER, answering the 401/407
 * t.status().status();       // "registered"
 * }</pre>
 */
@Component(service = TrunkConnector.class, property = TrunkConnector.DOCKING_MODE + "=carrier_account")
public final class CarrierAccountConnector implements TrunkConnector {

    /** A carrier refusing our credentials warns once per channel in this time (the retries in between are counted). */
    private static final Duration REFUSAL_WARN_EVERY = Duration.ofMinutes(5);

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final CarrierRefusals refusals;
    private final Set<CarrierTrunk> open = ConcurrentHashMap.newKeySet();

    @Activate
    public CarrierAccountConnector() {
        this(Clock.systemUTC());
    }

    CarrierAccountConnector(Clock clock) {
        this.clock = clock;
        this.refusals = new CarrierRefusals(REFUSAL_WARN_EVERY, clock);
        // two threads: a carrier whose host name resolves slowly (DNS inside the stack's send) must not
        // hold up the other registrations' refreshes
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "parley-trunk-carrier-account");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Trunk open(SipChannel channel, TrunkSignalling sip) {
        if (channel.carrier() == null) {
            throw new IllegalArgumentException("channel " + channel.id() + " has no carrier account");
        }
        CarrierTrunk t = new CarrierTrunk(channel, new CarrierRegistration(channel.id(), channel.carrier(), sip,
                sip.timers(), timer, clock, refusals), open::remove);
        open.add(t);
        return t;
    }

    @Override
    public long credentialRefusals() {
        return refusals.count();
    }

    /**
     * The SIP core closes our trunks when this service goes; what it did not close (the core itself
     * stopping) is closed here, then the timer stops.
     */
    @Deactivate
    public void stop() {
        for (CarrierTrunk t : Set.copyOf(open)) {
            t.close();
        }
        timer.shutdownNow();
    }
}
