package io.parley.trunk.publictrunk;

import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkConnector;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.telephony.SipChannel;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code public_trunk} docking mode (SPEC §1.2, §1.5, §34 p4): a static trunk to allow-listed
 * peers. Their INVITEs are admitted only from a listed peer ({@link PeerTrunk#admit}), each peer is
 * probed with OPTIONS ({@link PeerProbe}: 3 misses = unreachable), and outbound legs go to the first peer.
 *
 * <pre>{@code
 * Trunk t = new PublicTrunkConnector().open(channel, sip);
 * t.start();                 // the first OPTIONS to every peer
 * t.status().status();       // "reachable" once a peer answered
 * }</pre>
 */
@Component(service = TrunkConnector.class, property = TrunkConnector.DOCKING_MODE + "=public_trunk")
public final class PublicTrunkConnector implements TrunkConnector {

    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Set<PeerTrunk> open = ConcurrentHashMap.newKeySet();

    @Activate
    public PublicTrunkConnector() {
        this(Clock.systemUTC());
    }

    PublicTrunkConnector(Clock clock) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-trunk-public-trunk");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Trunk open(SipChannel channel, TrunkSignalling sip) {
        PeerTrunk t = new PeerTrunk(channel, sip, timer, clock, open::remove);
        open.add(t);
        return t;
    }

    /** Closes what the SIP core did not (it stopping first), then the timer. */
    @Deactivate
    public void stop() {
        for (PeerTrunk t : Set.copyOf(open)) {
            t.close();
        }
        timer.shutdownNow();
    }
}
