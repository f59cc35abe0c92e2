package io.parley.sip;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.sip.TrunkHealth;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.sip.trunk.Trunk;
import io.parley.api.sip.trunk.TrunkConnector;
import io.parley.api.sip.trunk.TrunkTimers;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelService;
import io.parley.sip.auth.DigestClient;
import io.parley.sip.steady.Steady;
import io.parley.sip.trunk.SipClient;
import io.parley.sip.trunk.StackTrunkSignalling;
import io.parley.sip.trunk.TrunkConnectors;
import io.parley.sip.trunk.TrunkMonitor;
import io.parley.sip.trunk.TrunkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link TrunkService}: keeps the trunks of every SIP channel on the running stack through the
 * {@link TrunkConnector} bundles of their docking modes ({@link TrunkMonitor}), offering them the stack
 * as a {@link StackTrunkSignalling}, and reports their status. Also a bundle-internal service: the calls
 * ({@link SipCallManager}) ask it for a channel's {@link Trunk} to admit an INVITE and to address an
 * outbound leg. The connectors are a dynamic, greedy reference: one coming or going never restarts this
 * component, so calls are untouched.
 */
@Component(service = {TrunkService.class, SipTrunkManager.class}, immediate = true, configurationPid = SipConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class SipTrunkManager implements TrunkService {

    private final TrunkConnectors connectors = new TrunkConnectors();
    private final TrunkMonitor trunks;

    @Activate
    public SipTrunkManager(@Reference SipSignalling signalling, @Reference Steady steady, SipConfig config) {
        // while telephony restarts the read fails and TrunkMonitor keeps the trunks it follows
        this(signalling, () -> allChannels(steady.channels()), settings(config));
    }

    /** Starts keeping the trunks of {@code channels} with the connectors bound since (or given to {@link #connector}). */
    SipTrunkManager(SipSignalling signalling, Supplier<List<SipChannel>> channels, TrunkSettings settings) {
        trunks = new TrunkMonitor(channels, connectors, new StackTrunkSignalling(
                new SipClient(signalling.provider(), signalling.messages(), signalling.headers(), signalling.addresses(),
                        settings.contactAddress(), settings.userAgent()),
                new DigestClient(signalling.headers()), signalling.gatewayBindings()::gateways, timers(settings)),
                settings.poll());
        trunks.start();
    }

    @Deactivate
    public void stop() {
        // unregisters from the carriers while the stack can still carry the answers (it stops after this)
        trunks.stop(Duration.ofSeconds(2));
    }

    /** A connector bundle started (or one of higher ranking): its mode's channels are opened through it now. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "connectorGone")
    void connector(TrunkConnector connector, Map<String, Object> properties) {
        connectors.add(connector, properties);
        trunks.connectorsChanged();
    }

    /** A connector is going: its trunks close now; its channels are unavailable until another of the mode runs. */
    void connectorGone(TrunkConnector connector) {
        connectors.remove(connector);
        trunks.connectorGone(connector);
        trunks.connectorsChanged();
    }

    /** The running trunk of {@code channel}, or empty while no connector of its docking mode runs. */
    public Optional<Trunk> trunk(SipChannel channel) {
        return trunks.trunk(channel);
    }

    static TrunkSettings settings(SipConfig c) {
        return new TrunkSettings(Duration.ofSeconds(c.trunkPollSeconds()), Duration.ofSeconds(c.trunkOptionsIntervalSeconds()),
                c.trunkOptionsFailures(), Duration.ofSeconds(c.trunkRefreshMarginSeconds()),
                Duration.ofSeconds(c.trunkRetryMinSeconds()), Duration.ofSeconds(c.trunkRetryMaxSeconds()),
                c.trunkContactAddress(), c.trunkUserAgent());
    }

    static TrunkTimers timers(TrunkSettings s) {
        return new TrunkTimers(s.optionsInterval(), s.optionsFailures(), s.refreshMargin(), s.retryMin(), s.retryMax());
    }

    /** Every channel, a page of 100 at a time. */
    static List<SipChannel> allChannels(SipChannelService channels) {
        List<SipChannel> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<SipChannel> p = channels.list(null, new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            all.addAll(p.items());
            if (p.items().size() < PageRequest.MAX_PAGE_SIZE || all.size() >= p.total()) {
                return all;
            }
        }
    }

    @Override
    public Optional<TrunkStatus> trunkStatus(long channelId) {
        return trunks.trunkStatus(channelId);
    }

    @Override
    public List<TrunkStatus> trunkStatuses() {
        return trunks.trunkStatuses();
    }

    @Override
    public TrunkHealth health() {
        return trunks.health();
    }
}
