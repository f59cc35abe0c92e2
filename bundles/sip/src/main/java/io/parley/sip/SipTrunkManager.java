package io.parley.sip;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.sip.TrunkHealth;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelService;
import io.parley.sip.auth.DigestClient;
import io.parley.sip.trunk.SipClient;
import io.parley.sip.trunk.TrunkMonitor;
import io.parley.sip.trunk.TrunkSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import io.parley.sip.steady.Steady;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link TrunkService}: keeps the trunks of every SIP channel on the running stack — registering to
 * carriers, probing public_trunk peers, appliance_account status from the gateway bindings
 * ({@link TrunkMonitor}) — and reports their status.
 */
@Component(service = TrunkService.class, immediate = true, configurationPid = SipConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class SipTrunkManager implements TrunkService {

    private final TrunkMonitor trunks;

    @Activate
    public SipTrunkManager(@Reference SipSignalling signalling, @Reference Steady steady, SipConfig config) {
        // while telephony restarts the read fails and TrunkMonitor keeps the trunks it follows
        this(signalling, () -> allChannels(steady.channels()), settings(config));
    }

    /** Starts keeping the trunks of {@code channels}: registering to carriers, probing peers. */
    SipTrunkManager(SipSignalling signalling, Supplier<List<SipChannel>> channels, TrunkSettings settings) {
        trunks = new TrunkMonitor(channels, signalling.gatewayBindings()::gateways,
                new SipClient(signalling.provider(), signalling.messages(), signalling.headers(), signalling.addresses(),
                        settings.contactAddress(), settings.userAgent()),
                new DigestClient(signalling.headers()), settings, Clock.systemUTC());
        trunks.start();
    }

    @Deactivate
    public void stop() {
        // unregisters from the carriers while the stack can still carry the answers (it stops after this)
        trunks.stop(Duration.ofSeconds(2));
    }

    static TrunkSettings settings(SipConfig c) {
        return new TrunkSettings(Duration.ofSeconds(c.trunkPollSeconds()), Duration.ofSeconds(c.trunkOptionsIntervalSeconds()),
                c.trunkOptionsFailures(), Duration.ofSeconds(c.trunkRefreshMarginSeconds()),
                Duration.ofSeconds(c.trunkRetryMinSeconds()), Duration.ofSeconds(c.trunkRetryMaxSeconds()),
                c.trunkContactAddress(), c.trunkUserAgent());
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
