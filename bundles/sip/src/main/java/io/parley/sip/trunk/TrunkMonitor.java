package io.parley.sip.trunk;

import io.parley.api.sip.TrunkHealth;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkConnector;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.telephony.SipChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the appliance's trunks (SPEC §1) through the connectors of their docking modes: follows the
 * channels (re-read every few seconds, so creations, changes and deletions are picked up without any
 * event from telephony) and keeps one {@link Trunk} per channel, opened by the {@link TrunkConnector}
 * of the channel's mode that runs now. A connector that goes takes its trunks with it (closed: a carrier
 * is unregistered) and its channels are {@code unavailable} until one of that mode comes back, which
 * opens them again at once. Calls already up are none of this class's business: their dialogs live in
 * the call code.
 *
 * <p>A channel's new trunk starts only once its previous one has finished closing: a carrier handling
 * the new REGISTER before the old binding's {@code Expires: 0} would drop the fresh binding while we
 * show registered.
 *
 * <pre>{@code
 * TrunkMonitor trunks = new TrunkMonitor(() -> allChannels(), connectors, signalling, Duration.ofSeconds(5));
 * trunks.start();
 * trunks.trunk(channel).map(t -> t.admit(invite));
 * trunks.stop(Duration.ofSeconds(2));   // unregisters from the carriers first
 * }</pre>
 */
public final class TrunkMonitor implements TrunkService {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkMonitor.class);

    /** A followed channel: its last-read definition, and its trunk with the connector that opened it (null: unavailable). */
    private record Followed(SipChannel channel, TrunkConnector connector, Trunk trunk) {
    }

    private final Supplier<List<SipChannel>> channels;
    private final TrunkConnectors connectors;
    private final TrunkSignalling signalling;
    private final Duration poll;
    private final Map<Long, Followed> followed = new ConcurrentHashMap<>();
    /** Per channel: the closing of its previous trunks, which its next trunk waits for before it starts. */
    private final Map<Long, CompletableFuture<Void>> closing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile boolean stopped;

    public TrunkMonitor(Supplier<List<SipChannel>> channels, TrunkConnectors connectors, TrunkSignalling signalling,
                        Duration poll) {
        this.channels = channels;
        this.connectors = connectors;
        this.signalling = signalling;
        this.poll = poll;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-sip-trunks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts following the channels. */
    public void start() {
        timer.scheduleWithFixedDelay(this::reconcile, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The connectors changed: follow the channels again now (open the trunks of a new connector, close a gone one's). */
    public void connectorsChanged() {
        if (stopped) {
            return;
        }
        try {
            timer.execute(this::reconcile);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    /**
     * A connector is going (its service is being unregistered): its trunks are closed now, while it can
     * still answer, and its channels are unavailable until another connector of the mode runs.
     */
    public synchronized void connectorGone(TrunkConnector connector) {
        for (Followed f : List.copyOf(followed.values())) {
            if (f.connector() == connector) {
                close(f);
                followed.put(f.channel().id(), new Followed(f.channel(), null, null));
                LOG.info("channel {} ({}): its connector stopped, unavailable", f.channel().id(), f.channel().dockingMode());
            }
        }
    }

    /** Stops following and closes every trunk, waiting at most {@code max} for the carriers' answers. */
    public void stop(Duration max) {
        stopped = true;
        timer.shutdownNow();
        synchronized (this) {
            for (Followed f : followed.values()) {
                close(f);
            }
            followed.clear();
        }
        try {
            CompletableFuture.allOf(closing.values().toArray(CompletableFuture<?>[]::new))
                    .get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.info("not all carriers confirmed the unregister within {} ms", max.toMillis());
        } catch (ExecutionException e) {
            LOG.debug("closing the trunks: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Brings the followed set in line with the channels and connectors as they are now. */
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
        synchronized (this) {
            if (stopped) {
                return;
            }
            closing.values().removeIf(CompletableFuture::isDone);
            Set<Long> seen = new HashSet<>();
            for (SipChannel c : now) {
                seen.add(c.id());
                try {
                    followed.put(c.id(), follow(c, followed.get(c.id())));
                } catch (RuntimeException e) {
                    LOG.warn("channel {}: {}", c.id(), e.toString());
                }
            }
            for (Long id : new ArrayList<>(followed.keySet())) {
                if (!seen.contains(id)) {
                    Followed gone = followed.remove(id);
                    if (gone != null) {
                        close(gone);
                        LOG.info("channel {} deleted: no longer followed", id);
                    }
                }
            }
        }
    }

    /**
     * The running trunk of {@code channel}, or empty while no connector of its mode runs. A channel not
     * followed yet (created since the last read) is followed now, so its peer's first INVITE is admitted.
     */
    public Optional<Trunk> trunk(SipChannel channel) {
        Followed f = followed.get(channel.id());
        if (f == null && !stopped) {
            synchronized (this) {
                f = followed.get(channel.id());
                if (f == null && !stopped) {
                    f = follow(channel, null);
                    followed.put(channel.id(), f);
                }
            }
        }
        return f == null ? Optional.empty() : Optional.ofNullable(f.trunk());
    }

    /** Under this monitor's lock. */
    private Followed follow(SipChannel c, Followed previous) {
        TrunkConnector connector = connectors.of(c.dockingMode()).orElse(null);
        if (previous != null && previous.trunk() != null) {
            if (previous.connector() == connector && (previous.channel().equals(c) || update(previous.trunk(), c))) {
                return new Followed(c, connector, previous.trunk());
            }
            // another connector took the mode over, or the change needs a new trunk (another account)
            close(previous);
            if (connector != null && previous.connector() == connector) {
                LOG.info("channel {}: changed, opened again", c.id());
            }
        }
        if (connector == null) {
            if (previous == null || previous.trunk() != null) {
                LOG.info("channel {} ({}): no connector of its docking mode runs, unavailable", c.id(), c.dockingMode());
            }
            return new Followed(c, null, null);
        }
        Trunk trunk;
        try {
            trunk = connector.open(c, signalling);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("channel {}: the {} connector could not open it: {}", c.id(), c.dockingMode(), e.toString());
            return new Followed(c, null, null);
        }
        CompletableFuture<Void> before = closing.get(c.id());
        if (before == null || before.isDone()) {
            startQuietly(c.id(), trunk);
        } else {
            LOG.info("channel {}: starting once its previous trunk has closed (the carrier answered the old binding's removal)",
                    c.id());
            before.whenComplete((done, error) -> startQuietly(c.id(), trunk));
        }
        return new Followed(c, connector, trunk);
    }

    private static boolean update(Trunk trunk, SipChannel changed) {
        try {
            return trunk.update(changed);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void startQuietly(long channelId, Trunk trunk) {
        try {
            trunk.start();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("channel {}: its trunk did not start: {}", channelId, e.toString());
        }
    }

    /** Closes {@code f}'s trunk; the channel's next trunk waits for that. */
    private void close(Followed f) {
        if (f.trunk() == null) {
            return;
        }
        CompletableFuture<Void> done;
        try {
            done = f.trunk().close().toCompletableFuture().exceptionally(e -> null);
        } catch (RuntimeException | LinkageError e) {
            LOG.info("channel {}: closing its trunk failed: {}", f.channel().id(), e.toString());
            return;
        }
        closing.merge(f.channel().id(), done, (a, b) -> CompletableFuture.allOf(a, b));
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

    @Override
    public TrunkHealth health() {
        long refusals = 0;
        for (TrunkConnector c : connectors.all()) {
            try {
                refusals += c.credentialRefusals();
            } catch (RuntimeException | LinkageError e) {
                // a connector stopping
            }
        }
        return TrunkHealth.of(trunkStatuses(), refusals);
    }

    private TrunkStatus view(Followed f) {
        SipChannel c = f.channel();
        if (f.trunk() != null) {
            try {
                return f.trunk().status();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("channel {}: status failed: {}", c.id(), e.toString());
            }
        }
        return new TrunkStatus(c.id(), c.name(), c.dockingMode(), TrunkStatus.UNAVAILABLE, null, null, null);
    }
}
