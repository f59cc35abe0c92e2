package io.parley.trunk.publictrunk;

import io.parley.api.sip.PeerReachability;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.Admission;
import io.parley.api.sip.trunk.InboundInvite;
import io.parley.api.sip.trunk.OutboundLeg;
import io.parley.api.sip.trunk.OutboundRoute;
import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkRefusedException;
import io.parley.api.sip.trunk.TrunkSignalling;
import io.parley.api.telephony.SipChannel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code public_trunk} channel: a {@link PeerProbe} per peer (OPTIONS every
 * {@code trunkOptionsIntervalSeconds}, a new peer at once), the peer allow-list for its INVITEs
 * (over UDP the peer's address and SIP port, over TCP/TLS its address: it sends from an ephemeral
 * port), and outbound legs to the first peer over UDP.
 */
final class PeerTrunk implements Trunk {

    private static final Logger LOG = LoggerFactory.getLogger(PeerTrunk.class);

    private final TrunkSignalling sip;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Consumer<PeerTrunk> closed;
    private volatile SipChannel channel;
    /** By ip|port, in the channel's order; guarded by this. */
    private Map<String, PeerProbe> probes = new LinkedHashMap<>();
    private ScheduledFuture<?> probing;
    private boolean stopped;

    PeerTrunk(SipChannel channel, TrunkSignalling sip, ScheduledExecutorService timer, Clock clock,
              Consumer<PeerTrunk> closed) {
        this.channel = channel;
        this.sip = sip;
        this.timer = timer;
        this.clock = clock;
        this.closed = closed;
    }

    @Override
    public synchronized void start() {
        if (stopped) {
            return;
        }
        follow(channel);
        long every = sip.timers().optionsInterval().toMillis();
        try {
            probing = timer.scheduleWithFixedDelay(this::probeAll, every, every, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the connector is stopping
        }
    }

    /** A changed peer list is taken in place: new peers probed at once, removed ones dropped. */
    @Override
    public synchronized boolean update(SipChannel changed) {
        channel = changed;
        if (!stopped && probing != null) {
            follow(changed);
        }
        return true;
    }

    private void follow(SipChannel c) {
        Map<String, PeerProbe> next = new LinkedHashMap<>();
        for (SipChannel.Peer p : c.peers()) {
            String key = p.ip() + "|" + p.port();
            PeerProbe probe = probes.get(key);
            if (probe == null) {
                probe = new PeerProbe(c.id(), p.ip(), p.port(), sip, sip.timers().optionsFailures(), clock);
                PeerProbe fresh = probe;
                // a new peer is probed at once rather than after a whole interval
                try {
                    timer.execute(fresh::probe);
                } catch (RejectedExecutionException e) {
                    // the connector is stopping
                }
            }
            next.put(key, probe);
        }
        probes.forEach((key, probe) -> {
            if (!next.containsKey(key)) {
                probe.close();
            }
        });
        probes = next;
    }

    private void probeAll() {
        List<PeerProbe> now;
        synchronized (this) {
            if (stopped) {
                return;
            }
            now = List.copyOf(probes.values());
        }
        for (PeerProbe p : now) {
            try {
                p.probe();
            } catch (RuntimeException e) {
                LOG.warn("channel {}: probe failed: {}", channel.id(), e.toString());
            }
        }
    }

    @Override
    public TrunkStatus status() {
        List<PeerProbe> now;
        synchronized (this) {
            now = List.copyOf(probes.values());
        }
        List<PeerReachability> peers = now.stream().map(PeerProbe::view).toList();
        boolean up = peers.stream().anyMatch(PeerReachability::reachable);
        SipChannel c = channel;
        return new TrunkStatus(c.id(), c.name(), c.dockingMode(), up ? TrunkStatus.REACHABLE : TrunkStatus.UNREACHABLE,
                null, peers, null);
    }

    /** The peer allow-list (SPEC §1.5): only a listed peer's INVITEs are taken. */
    @Override
    public Admission admit(InboundInvite invite) {
        boolean datagram = invite.transport() == null || "udp".equalsIgnoreCase(invite.transport());
        String source = normalise(invite.sourceIp());
        for (SipChannel.Peer p : channel.peers()) {
            if (normalise(p.ip()).equals(source) && (!datagram || p.port() == invite.sourcePort())) {
                return Admission.admit();
            }
        }
        return Admission.refuse(403, invite.sourceIp() + ":" + invite.sourcePort() + " is not a peer of channel "
                + channel.id());
    }

    @Override
    public OutboundRoute route(OutboundLeg leg) throws TrunkRefusedException {
        List<SipChannel.Peer> peers = channel.peers();
        if (peers.isEmpty()) {
            throw new TrunkRefusedException("public trunk " + channel.id() + " has no peers");
        }
        SipChannel.Peer peer = peers.get(0);
        return OutboundRoute.direct(leg.user(), peer.ip(), peer.port(), "udp");
    }

    @Override
    public CompletionStage<Void> close() {
        closed.accept(this);
        synchronized (this) {
            stopped = true;
            if (probing != null) {
                probing.cancel(false);
            }
            probes.values().forEach(PeerProbe::close);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** One spelling per address, so an IPv6 literal matches however it was written. */
    private static String normalise(String ip) {
        if (ip == null || ip.indexOf(':') < 0) {
            return ip;
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            return ip;
        }
    }
}
