package io.parley.sip.edge;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.sip.GatewayBinding;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TrunkAdmission} from a snapshot of the SIP channels, so no INVITE costs a database
 * query: the snapshot maps public_trunk peer ip:port, carrier_account server and outbound
 * proxy addresses (names resolved when the snapshot is built) and appliance_account gateway
 * usernames to their channel. It is rebuilt every {@code refresh} by {@link #refresh()} (the
 * bundle's sweeper calls it), and at once — at most once a second — when a REGISTER names a
 * gateway the snapshot does not know yet (a channel just created). Gateways are admitted by
 * the source address of their live registration.
 */
public final class ChannelAdmission implements TrunkAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelAdmission.class);
    private static final Duration MIN_ON_DEMAND = Duration.ofSeconds(1);
    private static final Duration MIN_FORCED_GAP = Duration.ofMillis(200);

    /** What the snapshot was built from: the channels, and how a host name resolves. */
    public interface Sources {
        List<SipChannel> channels();

        List<String> resolve(String host) throws UnknownHostException;

        static List<String> dns(String host) throws UnknownHostException {
            return java.util.Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).toList();
        }
    }

    /** {@code readAt}: when the read of the channels it was built from began. */
    private record Snapshot(Map<String, SipChannel> byAddress, Map<String, SipChannel> peerIps, Map<String, SipChannel> byIp,
                            Map<String, SipChannel> gateways, Map<Long, SipChannel> byId, Instant builtAt, Instant readAt) {
    }

    private final Sources sources;
    private final Clock clock;
    private final Duration refresh;
    /** The live gateway bindings by channel id (the registrar's). */
    private final Function<Long, List<GatewayBinding>> gatewayBindings;
    private volatile Snapshot snapshot;
    /** When an unknown gateway name last forced a re-read; guarded by this. */
    private Instant lastForced = Instant.MIN;

    public ChannelAdmission(Sources sources, Clock clock, Duration refresh, Function<Long, List<GatewayBinding>> gatewayBindings) {
        this.sources = sources;
        this.clock = clock;
        this.refresh = refresh;
        this.gatewayBindings = gatewayBindings;
        this.snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Instant.MIN, Instant.MIN);
    }

    /** The channel service, paged through 100 at a time, and DNS. */
    public static Sources of(SipChannelService channels) {
        return new Sources() {
            @Override
            public List<SipChannel> channels() {
                List<SipChannel> list = new ArrayList<>();
                for (int page = 1; ; page++) {
                    Page<SipChannel> p = channels.list(null, new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
                    list.addAll(p.items());
                    if (p.items().isEmpty() || list.size() >= p.total()) {
                        return list;
                    }
                }
            }

            @Override
            public List<String> resolve(String host) throws UnknownHostException {
                return Sources.dns(host);
            }
        };
    }

    @Override
    public Optional<SipChannel> channelOf(String ip, int port, String transport) {
        return lookup(current(), ip, port, transport);
    }

    /**
     * The channel of a source {@link #channelOf} does not know, from a snapshot whose read of the channels
     * began after this call: a channel committed before the INVITE arrived admits its peer at once (issue 19:
     * a peer calling right after its channel was created over REST got 403 until the next refresh). The read
     * is shared: callers waiting for it meanwhile take its answer, and reads are spaced 200 ms apart, so a
     * spray of strangers costs at most five reads a second (and waits up to that long for its 403).
     */
    public Optional<SipChannel> channelOfReread(String ip, int port, String transport) {
        Instant asked = clock.instant();
        Optional<SipChannel> known = channelOf(ip, port, transport);
        if (known.isPresent()) {
            return known;
        }
        rereadSince(asked);
        return lookup(snapshot, ip, port, transport);
    }

    private synchronized void rereadSince(Instant asked) {
        if (!snapshot.readAt().isBefore(asked)) {
            // a read that began after we asked finished while we waited for the lock
            return;
        }
        Duration wait = Duration.between(clock.instant(), lastForced.plus(MIN_FORCED_GAP));
        if (!wait.isNegative() && !wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        lastForced = clock.instant();
        refresh();
    }

    private Optional<SipChannel> lookup(Snapshot s, String ip, int port, String transport) {
        // over UDP a peer sends from its SIP port; over TCP/TLS from an ephemeral one, so only its address counts
        boolean datagram = transport == null || "udp".equalsIgnoreCase(transport);
        SipChannel c = datagram ? s.byAddress().get(key(ip, port)) : s.peerIps().get(ip);
        if (c == null) {
            // carrier servers may send from other ports than the one we register to; match them by address
            c = s.byIp().get(ip);
        }
        if (c != null) {
            return Optional.of(c);
        }
        String source = ip + ":" + port;
        for (SipChannel g : s.gateways().values()) {
            for (GatewayBinding b : gatewayBindings.apply(g.id())) {
                if (datagram ? b.sourceAddress().equals(source) : b.sourceAddress().startsWith(ip + ":")) {
                    return Optional.of(g);
                }
            }
        }
        return Optional.empty();
    }

    /** The appliance_account channel whose gateway username is {@code username}, or empty. */
    public Optional<SipChannel> gateway(String username) {
        String name = username.toLowerCase(Locale.ROOT);
        SipChannel c = current().gateways().get(name);
        if (c == null && name.startsWith("gateway") && mayRefreshFor(name)) {
            // a channel created since the last refresh: its gateway may register at once
            refresh();
            c = snapshot.gateways().get(name);
        }
        return Optional.ofNullable(c);
    }

    /**
     * Whether an unknown gateway name may re-read the channels now: once the snapshot is a
     * second old, or when no other name forced a re-read in the last 200 ms (a channel created
     * just after a refresh is found at once, while a spray of invented names costs at most five
     * reads a second).
     */
    private synchronized boolean mayRefreshFor(String name) {
        Instant now = clock.instant();
        if (now.isAfter(snapshot.builtAt().plus(MIN_ON_DEMAND))) {
            return true;
        }
        if (now.isBefore(lastForced.plus(MIN_FORCED_GAP))) {
            return false;
        }
        lastForced = now;
        return true;
    }

    /** The channel {@code id} as of the snapshot, or empty. */
    Optional<SipChannel> channel(long id) {
        return Optional.ofNullable(current().byId().get(id));
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (clock.instant().isAfter(s.builtAt().plus(refresh.multipliedBy(3)))) {
            // the sweeper is late (or not running, in a test): do not admit from a stale list
            refresh();
            s = snapshot;
        }
        return s;
    }

    /** Rebuilds the snapshot from the channels; keeps the previous one when the channels cannot be read. */
    public synchronized void refresh() {
        List<SipChannel> channels;
        Instant readAt = clock.instant();
        try {
            channels = sources.channels();
        } catch (RuntimeException e) {
            LOG.warn("SIP channels could not be read for admission, keeping the previous list: {}", e.toString());
            snapshot = new Snapshot(snapshot.byAddress(), snapshot.peerIps(), snapshot.byIp(), snapshot.gateways(), snapshot.byId(),
                    clock.instant(), snapshot.readAt());
            return;
        }
        Map<String, SipChannel> byAddress = new HashMap<>();
        Map<String, SipChannel> peerIps = new HashMap<>();
        Map<String, SipChannel> byIp = new HashMap<>();
        Map<String, SipChannel> gateways = new HashMap<>();
        Map<Long, SipChannel> byId = new HashMap<>();
        for (SipChannel c : channels) {
            byId.put(c.id(), c);
            switch (c.dockingMode()) {
                case "public_trunk" -> c.peers().forEach(p -> {
                    byAddress.putIfAbsent(key(normalise(p.ip()), p.port()), c);
                    peerIps.putIfAbsent(normalise(p.ip()), c);
                });
                case "carrier_account" -> {
                    SipChannel.CarrierAccount a = c.carrier();
                    if (a != null) {
                        addHost(byIp, a.serverHost(), c);
                        if (a.outboundProxyHost() != null && !a.outboundProxyHost().isBlank()) {
                            addHost(byIp, a.outboundProxyHost(), c);
                        }
                    }
                }
                case "appliance_account" -> {
                    if (c.gatewayDigest() != null) {
                        gateways.put(c.gatewayDigest().username().toLowerCase(Locale.ROOT), c);
                    }
                }
                default -> LOG.debug("channel {} has docking mode {}", c.id(), c.dockingMode());
            }
        }
        snapshot = new Snapshot(Map.copyOf(byAddress), Map.copyOf(peerIps), Map.copyOf(byIp), Map.copyOf(gateways), Map.copyOf(byId),
                clock.instant(), readAt);
    }

    private void addHost(Map<String, SipChannel> byIp, String host, SipChannel c) {
        try {
            for (String ip : sources.resolve(host)) {
                byIp.putIfAbsent(normalise(ip), c);
            }
        } catch (UnknownHostException e) {
            LOG.warn("SIP channel {}: carrier host {} does not resolve", c.id(), host);
        }
    }

    /** One spelling per address, so an IPv6 literal matches however it was written. */
    private static String normalise(String ip) {
        if (ip.indexOf(':') < 0) {
            return ip;
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    private static String key(String ip, int port) {
        return ip + "|" + port;
    }
}
