package io.parley.sip.trunk;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.PeerReachability;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.telephony.SipChannel;
import io.parley.sip.auth.DigestClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the appliance's trunks (SPEC §1): follows the channels (re-read every few seconds, so
 * creations, changes and deletions are picked up without any event from telephony), keeps one
 * {@link CarrierRegistration} per {@code carrier_account} channel and one {@link PeerProbe} per
 * {@code public_trunk} peer, and reports every channel's status; {@code appliance_account}
 * status comes from the registrar's gateway bindings.
 *
 * <pre>{@code
 * TrunkMonitor trunks = new TrunkMonitor(() -> allChannels(), registrar::gatewayBindings, sipClient,
 *         new DigestClient(headerFactory), settings, Clock.systemUTC());
 * trunks.start();
 * ...
 * trunks.stop(Duration.ofSeconds(2));   // unregisters from the carriers first
 * }</pre>
 */
public final class TrunkMonitor implements TrunkService {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkMonitor.class);
    static final String APPLIANCE_ACCOUNT = "appliance_account";
    static final String PUBLIC_TRUNK = "public_trunk";
    static final String CARRIER_ACCOUNT = "carrier_account";

    /** A followed channel: its last-read definition and the live parts of its mode. */
    private record Followed(SipChannel channel, CarrierRegistration registration, Map<String, PeerProbe> probes) {
    }

    private final Supplier<List<SipChannel>> channels;
    private final LongFunction<List<GatewayBinding>> gateways;
    private final SipClient sip;
    private final DigestClient digest;
    private final TrunkSettings settings;
    private final Clock clock;
    private final Map<Long, Followed> followed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    /** Registrations of deleted or changed channels whose unregister is still under way. */
    private final Set<CarrierRegistration> leaving = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    public TrunkMonitor(Supplier<List<SipChannel>> channels, LongFunction<List<GatewayBinding>> gateways, SipClient sip,
                        DigestClient digest, TrunkSettings settings, Clock clock) {
        this.channels = channels;
        this.gateways = gateways;
        this.sip = sip;
        this.digest = digest;
        this.settings = settings;
        this.clock = clock;
        // two threads: a carrier whose host name resolves slowly (DNS inside the stack's send) must not
        // hold up the other registrations' refreshes and the peers' probes
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "parley-sip-trunks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts following the channels and probing the peers. */
    public void start() {
        timer.scheduleWithFixedDelay(this::reconcile, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::probe, settings.optionsInterval().toMillis(),
                settings.optionsInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops probing and unregisters from every carrier, waiting at most {@code max} for the carriers' answers. */
    public void stop(Duration max) {
        stopped = true;
        timer.shutdownNow();
        for (Followed f : followed.values()) {
            release(f);
        }
        Instant deadline = clock.instant().plus(max);
        try {
            for (CarrierRegistration r : List.copyOf(leaving)) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || !r.awaitUnregistered(left)) {
                    LOG.info("not all carriers confirmed the unregister within {} ms", max.toMillis());
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        followed.clear();
    }

    /** Brings the followed set in line with the channels as they are now. */
    void reconcile() {
        if (stopped) {
            return;
        }
        List<SipChannel> now;
        try {
            now = channels.get();
        } catch (RuntimeException e) {
            // the store may be briefly unavailable (restart, refresh): keep what we have
            LOG.warn("reading the SIP channels failed: {}", e.toString());
            return;
        }
        leaving.removeIf(CarrierRegistration::left);
        Set<Long> seen = new HashSet<>();
        for (SipChannel c : now) {
            seen.add(c.id());
            try {
                followed.compute(c.id(), (id, previous) -> follow(c, previous));
            } catch (RuntimeException e) {
                LOG.warn("channel {}: {}", c.id(), e.toString());
            }
        }
        for (Long id : new ArrayList<>(followed.keySet())) {
            if (!seen.contains(id)) {
                Followed gone = followed.remove(id);
                if (gone != null) {
                    release(gone);
                    LOG.info("channel {} deleted: no longer followed", id);
                }
            }
        }
    }

    private Followed follow(SipChannel c, Followed previous) {
        CarrierRegistration registration = null;
        Map<String, PeerProbe> probes = new LinkedHashMap<>();
        if (CARRIER_ACCOUNT.equals(c.dockingMode()) && c.carrier() != null) {
            CarrierRegistration old = previous == null ? null : previous.registration();
            if (old != null && old.account().equals(c.carrier())) {
                registration = old;
            } else {
                if (old != null) {
                    // the account changed: leave the old registration, start the new one
                    leave(old);
                    LOG.info("channel {}: carrier account changed, registering again", c.id());
                }
                registration = new CarrierRegistration(c.id(), c.carrier(), sip, digest, settings, timer, clock);
                registration.start();
            }
        } else if (PUBLIC_TRUNK.equals(c.dockingMode())) {
            Map<String, PeerProbe> old = previous == null ? Map.of() : previous.probes();
            List<PeerProbe> fresh = new ArrayList<>();
            for (SipChannel.Peer p : c.peers()) {
                String key = PeerProbe.key(p.ip(), p.port());
                PeerProbe probe = old.get(key);
                if (probe == null) {
                    probe = new PeerProbe(c.id(), p.ip(), p.port(), sip, settings.optionsFailures(), clock);
                    fresh.add(probe);
                }
                probes.put(key, probe);
            }
            old.forEach((key, probe) -> {
                if (!probes.containsKey(key)) {
                    probe.close();
                }
            });
            // a new peer is probed at once rather than after a whole interval
            fresh.forEach(p -> timer.execute(p::probe));
        }
        if (previous != null && previous.registration() != null && registration == null) {
            leave(previous.registration());
        }
        return new Followed(c, registration, probes);
    }

    private void release(Followed f) {
        if (f.registration() != null) {
            leave(f.registration());
        }
        f.probes().values().forEach(PeerProbe::close);
    }

    /** Stops a registration, keeping it until its unregister has been answered (or has failed). */
    private void leave(CarrierRegistration r) {
        if (r.stop()) {
            leaving.add(r);
        }
    }

    private void probe() {
        if (stopped) {
            return;
        }
        for (Followed f : followed.values()) {
            for (PeerProbe p : f.probes().values()) {
                try {
                    p.probe();
                } catch (RuntimeException e) {
                    LOG.warn("channel {}: probe failed: {}", f.channel().id(), e.toString());
                }
            }
        }
    }

    // ---- TrunkService ----

    @Override
    public Optional<TrunkStatus> trunkStatus(long channelId) {
        Followed f = followed.get(channelId);
        return f == null ? Optional.empty() : Optional.of(view(f));
    }

    @Override
    public List<TrunkStatus> trunkStatuses() {
        List<Followed> list = new ArrayList<>(followed.values());
        list.sort(Comparator.comparingLong(f -> f.channel().id()));
        return list.stream().map(this::view).toList();
    }

    private TrunkStatus view(Followed f) {
        SipChannel c = f.channel();
        switch (c.dockingMode()) {
            case CARRIER_ACCOUNT: {
                CarrierRegistration r = f.registration();
                boolean up = r != null && r.registered();
                return new TrunkStatus(c.id(), c.name(), c.dockingMode(),
                        up ? TrunkStatus.REGISTERED : TrunkStatus.UNREGISTERED, r == null ? null : r.view(), null, null);
            }
            case PUBLIC_TRUNK: {
                List<PeerReachability> peers = f.probes().values().stream().map(PeerProbe::view).toList();
                boolean up = peers.stream().anyMatch(PeerReachability::reachable);
                return new TrunkStatus(c.id(), c.name(), c.dockingMode(),
                        up ? TrunkStatus.REACHABLE : TrunkStatus.UNREACHABLE, null, peers, null);
            }
            default: {
                List<GatewayBinding> bindings = gatewayBindings(c.id());
                return new TrunkStatus(c.id(), c.name(), c.dockingMode(),
                        bindings.isEmpty() ? TrunkStatus.UNREGISTERED : TrunkStatus.REGISTERED, null, null, bindings);
            }
        }
    }

    private List<GatewayBinding> gatewayBindings(long channelId) {
        try {
            List<GatewayBinding> b = gateways.apply(channelId);
            return b == null ? List.of() : b;
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
