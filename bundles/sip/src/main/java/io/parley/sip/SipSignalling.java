package io.parley.sip;

import io.parley.api.error.DomainException;
import io.parley.api.instance.InstanceService;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.Registrar;
import io.parley.api.sip.RegistrationBinding;
import io.parley.api.sip.SipSecurityService;
import io.parley.api.sip.SipSecurityStatus;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelService;
import io.parley.sip.trunk.SipClient;
import io.parley.sip.trunk.TrunkMonitor;
import io.parley.sip.trunk.TrunkSettings;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.PeerUnavailableException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.TransportNotSupportedException;
import javax.sip.address.AddressFactory;
import javax.sip.header.AllowHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import io.parley.api.audio.AudioFileService;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.Destination;
import io.parley.api.call.Dialing;
import io.parley.api.call.InboundCallHandler;
import io.parley.api.media.DigitCollectSpec;
import io.parley.api.media.DtmfCollector;
import io.parley.api.media.MediaServer;
import io.parley.api.media.PlayRequest;
import io.parley.api.media.Playback;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.store.SipChannelStore;
import io.parley.sip.call.CallManager;
import io.parley.sip.call.CallPorts;
import io.parley.sip.call.CallSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the JAIN-SIP stack: listening points (UDP and TCP), one {@link SipListener} that
 * dispatches each request by method to a small handler (REGISTER to {@link PhoneRegistrar},
 * OPTIONS answered here), and the registrar's live bindings offered as {@link Registrar}.
 */
@Component(service = {Registrar.class, TrunkService.class, SipSecurityService.class, CallControl.class}, immediate = true, configurationPid = SipConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SipConfig.class)
public class SipSignalling implements Registrar, SipListener, TrunkService, SipSecurityService, CallControl {

    private static final Logger LOG = LoggerFactory.getLogger(SipSignalling.class);
    private static final String ALLOW = "REGISTER, OPTIONS";
    /** Methods the appliance will handle once calls exist (501 until then); others get 405. */
    private static final List<String> LATER = List.of(Request.INVITE, Request.ACK, Request.BYE, Request.CANCEL,
            Request.UPDATE, Request.INFO, Request.PRACK, Request.REFER, Request.NOTIFY);
    private static final int BIND_ATTEMPTS = 5;
    /**
     * How long a REGISTER's answer is kept for its retransmissions, and how many at most (~0.5 KiB each: 50,000
     * is 2 s of 12,700 registrations a second). A client retransmits only until the answer reaches it, so
     * its copies arrive within the registrar's lag of the original, which the overload shedding bounds.
     */
    private static final long RETRANSMISSION_WINDOW_MILLIS = 4_000;
    private static final int RECENT_ANSWERS = 50_000;

    /** Where to listen. */
    record Endpoint(String bindAddress, int port, boolean udp, boolean tcp, int maxMessageSize) {
    }

    /**
     * The edge: the TLS listening point ({@code tlsPort} 0 = none, else its keystore), message
     * limits, the toll-fraud thresholds and where trunk admission reads the channels from.
     */
    record Edge(int tlsPort, TlsKeystore.Store keystore, EdgeGate.Limits limits, SipSecurity.Limits security,
                ChannelAdmission.Sources channels, Duration admissionRefresh, TlsKeystore.Store truststore) {

        /** The JDK's CA certificates as the TLS client's trust ({@link TlsKeystore#trust}). */
        Edge(int tlsPort, TlsKeystore.Store keystore, EdgeGate.Limits limits, SipSecurity.Limits security,
             ChannelAdmission.Sources channels, Duration admissionRefresh) {
            this(tlsPort, keystore, limits, security, channels, admissionRefresh, null);
        }

        /** No TLS, default limits, no channels: what the registrar's own unit tests need. */
        static Edge plain(int maxMessageSize) {
            return new Edge(0, null, EdgeGate.Limits.defaults(maxMessageSize), SipSecurity.Limits.defaults(),
                    new ChannelAdmission.Sources() {
                        @Override
                        public List<SipChannel> channels() {
                            return List.of();
                        }

                        @Override
                        public List<String> resolve(String host) throws java.net.UnknownHostException {
                            return ChannelAdmission.Sources.dns(host);
                        }
                    }, Duration.ofSeconds(5));
        }
    }


    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Bindings bindings = new Bindings();
    private final Bindings gatewayBindings = new Bindings();
    private final PhoneRegistrar registrar;
    /** Overload control of REGISTER, for the datagram lane and the valve. */
    private final RegisterShedding shedding;
    /** REGISTER datagrams answered before the stack parses them (unused when the lane is off). */
    private final RegisterLane registerLane;
    private final SipSecurity security;
    private final ChannelAdmission admission;
    private final ScheduledExecutorService sweeper;
    /** Requests served elsewhere in the bundle (calls, trunks), by method; REGISTER and OPTIONS are served here. */
    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    /** Responses that belong to no live client transaction, or null to drop them. */
    private volatile ClientTransactionHandler strayResponses;

    @Activate
    public SipSignalling(@Reference SipPhoneService phones, @Reference InstanceService instances,
                         @Reference SipChannelService channels, @Reference MediaServer media,
                         @Reference SipChannelStore channelStore, SipConfig config) throws Exception {
        // a phone lookup asks the database for the instance: remembered 5 s, REGISTER floods stay in memory
        // (at 2 s the lookups behind the misses still took a quarter of the registrar's CPU in bench/sip)
        this(new PhoneCache(directory(phones, instances, phones.serverInfo().sipDomain()), Clock.systemUTC(),
                        Duration.ofSeconds(5), 100_000),
                new Endpoint(config.bindAddress(), config.port(), config.udp(), config.tcp(), config.maxMessageSize()),
                new PhoneRegistrar.Settings(phones.serverInfo().sipDomain(), config.minExpires(), config.maxExpires(),
                        config.defaultExpires(), config.maxContacts(), algorithms(config.digestAlgorithms())),
                Duration.ofSeconds(config.nonceSeconds()), Clock.systemUTC(),
                edge(config, channels, phones.serverInfo().sipDomain()),
                new RegisterPath(config.registerDatagramLane(),
                        new RegisterShedding.Settings(Math.max(0, config.registerShedAfterMillis()), 5, 15)));
        startTrunks(() -> allChannels(channels), trunkSettings(config));
        startCalls(media, channelStore, phones, instances, config);
    }

    // ---- calls (H4): the B2BUA, offered as CallControl ----

    /** The calls; null in the registrar's unit tests, which run without media. */
    private volatile CallManager calls;

    /** Creates the call handling and routes INVITE, ACK, BYE, CANCEL, UPDATE, INFO and PRACK to it. */
    void startCalls(MediaServer media, SipChannelStore channelStore, SipPhoneService phones, InstanceService instances,
                    SipConfig config) {
        String domain = phones.serverInfo().sipDomain();
        CallPorts.Security monitor = new CallPorts.Security() {
            @Override
            public boolean blocked(String ip) {
                return security.blocked(ip);
            }

            @Override
            public void authenticationFailed(String ip, String user) {
                security.authenticationFailed(ip, user);
            }

            @Override
            public void authenticated(String ip) {
                security.authenticated(ip);
            }

            @Override
            public void refused(String ip, String method, String reason) {
                security.refused(ip, method, reason);
            }
        };
        InviteAuthenticator authenticator = new InviteAuthenticator(directory(phones, instances, domain), domain,
                algorithms(config.digestAlgorithms()), new Nonces(Clock.systemUTC(), Duration.ofSeconds(config.nonceSeconds()),
                100_000), messages, headers);
        CallManager c = new CallManager(provider, messages, headers, addresses, config.bindAddress(),
                new CallSettings(config.callRingTimeoutSeconds(), config.callInboundDefault(), config.callInboundGreeting(),
                        config.callMinSessionExpiresSeconds()), () -> numberService,
                media, channelStore, (instanceId, extension) -> {
                    try {
                        return Optional.of(phones.get(instanceId, extension));
                    } catch (DomainException e) {
                        return Optional.empty();
                    }
                }, this, admission::channelOf, monitor, authenticator,
                outcome -> new ClientTransactionHandler() {
                    @Override
                    public void response(ResponseEvent event) {
                        outcome.response(event);
                    }

                    @Override
                    public void timeout(TimeoutEvent event) {
                        outcome.timeout(event);
                    }
                }, new CallPorts.HoldAudioSources() {
                    @Override
                    public InstanceSettingsService settings() {
                        return instanceSettings;
                    }

                    @Override
                    public AudioFileService audioFiles() {
                        return audioFiles;
                    }
                });
        c.eventAdmin(eventAdmin);
        c.inboundHandler(inboundHandler);
        c.blocklist(blocklist);
        c.callerNumberSources(new CallPorts.CallerNumberSources() {
            @Override
            public io.parley.api.settings.OutboundSettings outbound(long instanceId) {
                InstanceSettingsService s = instanceSettings;
                return s == null ? null : s.outbound(instanceId);
            }

            @Override
            public Optional<List<Long>> agentSkillGroups(long instanceId, String agentId) {
                io.parley.api.agent.AgentService a = agents;
                if (a == null) {
                    LOG.warn("agent {}: the agents are not running, its caller number cannot be chosen", agentId);
                    return Optional.empty();
                }
                try {
                    return Optional.of(a.get(instanceId, agentId).skillGroupIds());
                } catch (DomainException e) {
                    return Optional.empty();
                }
            }

            @Override
            public Optional<String> location(String canonicalNumber) {
                io.parley.api.telephony.NumberService n = numberService;
                return n == null ? Optional.empty() : n.location(canonicalNumber);
            }
        });
        calls = c;
        handle(Request.INVITE, c::invite);
        handle(Request.ACK, event -> c.ack(event));
        handle(Request.BYE, c::bye);
        handle(Request.CANCEL, c::cancel);
        handle(Request.UPDATE, c::update);
        handle(Request.INFO, c::inDialog);
        handle(Request.PRACK, c::inDialog);
        handleStrayResponses(new ClientTransactionHandler() {
            @Override
            public void response(ResponseEvent event) {
                c.strayResponse(event);
            }

            @Override
            public void timeout(TimeoutEvent event) {
            }
        });
    }

    private volatile EventAdmin eventAdmin;
    private volatile InboundCallHandler inboundHandler;
    private volatile BlocklistService blocklist;
    /** Where the calls find the instance's hold audio (SPEC §21.1); read at each call's first hold. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InstanceSettingsService instanceSettings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AudioFileService audioFiles;
    /** An agent's skill groups, for its outbound calls' caller number (SPEC §11.2). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.parley.api.agent.AgentService agents;
    /** The area-code table's location of a callee (SPEC §11.2 same_area) and the canonical number form. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.parley.api.telephony.NumberService numberService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindEventAdmin")
    void bindEventAdmin(EventAdmin e) {
        eventAdmin = e;
        CallManager c = calls;
        if (c != null) {
            c.eventAdmin(e);
        }
    }

    void unbindEventAdmin(EventAdmin e) {
        if (eventAdmin == e) {
            bindEventAdmin(null);
        }
    }

    /** The IVR engine's handler of answered inbound calls (highest ranking); the configured default while none. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindInboundCallHandler")
    void bindInboundCallHandler(InboundCallHandler h) {
        inboundHandler = h;
        CallManager c = calls;
        if (c != null) {
            c.inboundHandler(h);
        }
    }

    void unbindInboundCallHandler(InboundCallHandler h) {
        if (inboundHandler == h) {
            bindInboundCallHandler(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindBlocklist")
    void bindBlocklist(BlocklistService b) {
        blocklist = b;
        CallManager c = calls;
        if (c != null) {
            c.blocklist(b);
        }
    }

    void unbindBlocklist(BlocklistService b) {
        if (blocklist == b) {
            bindBlocklist(null);
        }
    }

    private CallManager callManager() {
        CallManager c = calls;
        if (c == null) {
            throw new IllegalStateException("calls are not running");
        }
        return c;
    }

    @Override
    public List<CallInfo> calls() {
        CallManager c = calls;
        return c == null ? List.of() : c.calls();
    }

    @Override
    public Optional<CallInfo> call(String callId) {
        CallManager c = calls;
        return c == null ? Optional.empty() : c.call(callId);
    }

    @Override
    public CallInfo answer(String callId) {
        return callManager().answer(callId);
    }

    @Override
    public RtpEndpoint media(String callId, String legId) {
        return callManager().media(callId, legId);
    }

    @Override
    public Playback play(String callId, String legId, PlayRequest request) {
        return callManager().play(callId, legId, request);
    }

    @Override
    public DtmfCollector collect(String callId, String legId, DigitCollectSpec spec) {
        return callManager().collect(callId, legId, spec);
    }

    @Override
    public Dialing originate(Destination destination, String callerDisplay) {
        return callManager().originate(destination, callerDisplay);
    }

    @Override
    public Dialing dial(String callId, Destination destination) {
        return callManager().dial(callId, destination);
    }

    @Override
    public void bridge(String callId, String customerLegId, String otherLegId) {
        callManager().bridge(callId, customerLegId, otherLegId);
    }

    @Override
    public Dialing transfer(String callId, String legId, Destination destination) {
        return callManager().transfer(callId, legId, destination);
    }

    @Override
    public void hold(String callId, boolean onHold) {
        callManager().hold(callId, onHold);
    }

    @Override
    public void hangupLeg(String callId, String legId) {
        callManager().hangupLeg(callId, legId);
    }

    @Override
    public void hangup(String callId, String status) {
        callManager().hangup(callId, status);
    }

    // ---- trunks (carrier registration, OPTIONS keepalive, status) ----

    /** Carrier registrations and peer probes; null until started (unit tests of the registrar run without). */
    private volatile TrunkMonitor trunks;

    /** Starts keeping the trunks of {@code channels}: registering to carriers, probing peers. */
    void startTrunks(java.util.function.Supplier<List<SipChannel>> channels, TrunkSettings settings) {
        TrunkMonitor t = new TrunkMonitor(channels, this::gatewayBindings,
                new SipClient(provider, messages, headers, addresses, settings.contactAddress()),
                new DigestClient(headers), settings, Clock.systemUTC());
        trunks = t;
        t.start();
    }

    static TrunkSettings trunkSettings(SipConfig c) {
        return new TrunkSettings(Duration.ofSeconds(c.trunkPollSeconds()), Duration.ofSeconds(c.trunkOptionsIntervalSeconds()),
                c.trunkOptionsFailures(), Duration.ofSeconds(c.trunkRefreshMarginSeconds()),
                Duration.ofSeconds(c.trunkRetryMinSeconds()), Duration.ofSeconds(c.trunkRetryMaxSeconds()),
                c.trunkContactAddress());
    }

    /** Every channel, a page of 100 at a time. */
    static List<SipChannel> allChannels(SipChannelService channels) {
        List<SipChannel> all = new java.util.ArrayList<>();
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
        TrunkMonitor t = trunks;
        return t == null ? Optional.empty() : t.trunkStatus(channelId);
    }

    @Override
    public List<TrunkStatus> trunkStatuses() {
        TrunkMonitor t = trunks;
        return t == null ? List.of() : t.trunkStatuses();
    }

    /**
     * How REGISTER is served: datagrams of the common shape through the {@link RegisterLane} (or all through
     * the stack), and the overload shedding of the stack's way (the lane sheds nothing, see RegisterShedding).
     */
    record RegisterPath(boolean datagramLane, RegisterShedding.Settings shedding) {

        static RegisterPath defaults() {
            return new RegisterPath(true, RegisterShedding.Settings.defaults());
        }
    }

    SipSignalling(PhoneDirectory directory, Endpoint endpoint, PhoneRegistrar.Settings settings, Duration nonceTtl,
                  Clock clock) throws Exception {
        this(directory, endpoint, settings, nonceTtl, clock, Edge.plain(endpoint.maxMessageSize()));
    }

    SipSignalling(PhoneDirectory directory, Endpoint endpoint, PhoneRegistrar.Settings settings, Duration nonceTtl,
                  Clock clock, Edge edge) throws Exception {
        this(directory, endpoint, settings, nonceTtl, clock, edge, RegisterPath.defaults());
    }

    SipSignalling(PhoneDirectory directory, Endpoint endpoint, PhoneRegistrar.Settings settings, Duration nonceTtl,
                  Clock clock, Edge edge, RegisterPath registerPath) throws Exception {
        security = new SipSecurity(clock, edge.security());
        admission = new ChannelAdmission(edge.channels(), clock, edge.admissionRefresh(), this::gatewayBindings);
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SipSignalling.class.getClassLoader());
        try {
            stack = factory.createSipStack(properties(endpoint, edge));
            messages = factory.createMessageFactory();
            headers = factory.createHeaderFactory();
            addresses = factory.createAddressFactory();
            registrar = new PhoneRegistrar(directory, settings, new Nonces(clock, nonceTtl, 100_000), bindings, clock,
                    messages, headers, addresses, security, admission::gateway, gatewayBindings);
            // before any listening point exists, so no request passes ungated; REGISTER is answered by the
            // second valve, statelessly, before the stack would create a transaction for it
            ((SIPTransactionStack) stack).sipMessageValves.add(new EdgeGate(security, edge.limits()));
            RecentAnswers recent = new RecentAnswers(RETRANSMISSION_WINDOW_MILLIS, RECENT_ANSWERS, System::currentTimeMillis);
            shedding = new RegisterShedding(registerPath.shedding(), System::currentTimeMillis);
            LongAdder retransmissions = new LongAdder();
            ((SIPTransactionStack) stack).sipMessageValves.add(new RegisterValve(registrar::register, recent, shedding,
                    retransmissions));
            registerLane = new RegisterLane(registrar, security::admits, edge.limits(), recent, retransmissions, clock);
            if (registerPath.datagramLane()) {
                // REGISTER datagrams of the common shape are answered before the stack parses them (bench/sip)
                SIPTransactionStack s = (SIPTransactionStack) stack;
                s.setMessageProcessorFactory(LaneUdpProcessor.factory(s.getMessageProcessorFactory(), registerLane));
            }
            provider = listen(endpoint, edge.tlsPort());
            provider.addSipListener(this);
            stack.start();
        } catch (Exception | Error e) {
            stopQuietly(factory);
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-sip-registrar-sweep");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        long refreshMillis = Math.max(1000, edge.admissionRefresh().toMillis());
        sweeper.scheduleWithFixedDelay(this::refreshAdmission, 0, refreshMillis, TimeUnit.MILLISECONDS);
        LOG.info("SIP listening on {}:{} ({}{}){}, realm {}", endpoint.bindAddress(), endpoint.port(),
                endpoint.udp() ? "udp " : "", endpoint.tcp() ? "tcp" : "",
                edge.tlsPort() > 0 ? " and tls " + edge.tlsPort() : "", settings.realm());
    }

    @Deactivate
    public void stop() {
        CallManager c = calls;
        if (c != null) {
            // hang up while the stack can still send the BYEs
            c.close();
        }
        TrunkMonitor t = trunks;
        if (t != null) {
            // unregister from the carriers while the stack can still carry the answers
            t.stop(Duration.ofSeconds(2));
        }
        sweeper.shutdownNow();
        stopQuietly(SipFactory.getInstance());
        LOG.info("SIP stopped");
    }

    private void stopQuietly(SipFactory factory) {
        SipStack s = stack;
        if (s != null) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the SIP stack: {}", e.toString());
            }
        }
        // STACK.md pitfall 8: a stale factory keeps the old stack for the next activation
        factory.resetFactory();
    }

    /**
     * The edge settings of {@code config}: the TLS keystore is the operator's or generated under karaf.data; the
     * TLS client's trust is the operator's truststore or the JDK's CA certificates.
     */
    static Edge edge(SipConfig config, SipChannelService channels, String domain) throws Exception {
        TlsKeystore.Store store = null;
        TlsKeystore.Store trust = null;
        if (config.tlsPort() > 0) {
            Path dir = Path.of(System.getProperty("karaf.data", "data"), "parley");
            store = TlsKeystore.of(config.tlsKeystore(), config.tlsKeystorePassword(), config.tlsKeystoreType(), dir, domain);
            trust = TlsKeystore.trust(config.tlsTruststore(), config.tlsTruststorePassword(), config.tlsTruststoreType());
        }
        return new Edge(config.tlsPort(), store,
                new EdgeGate.Limits(config.maxMessageSize(), config.maxHeaders(), config.maxHeaderLength()),
                new SipSecurity.Limits(config.securityThrottleFailures(), config.securityBlockFailures(),
                        Duration.ofSeconds(config.securityWindowSeconds()), Duration.ofSeconds(config.securityBlockSeconds()),
                        Duration.ofMillis(config.securityThrottleMillis())),
                ChannelAdmission.of(channels), Duration.ofSeconds(Math.max(1, config.admissionRefreshSeconds())), trust);
    }

    private static Properties properties(Endpoint endpoint, Edge edge) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "parley-" + endpoint.port());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE",
                Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        // the kernel's buffer of the UDP socket (the stack's default, 64 KiB, holds ~100 REGISTERs: a burst, or the
        // receiving thread descheduled for a few ms on a busy machine, dropped datagrams and caused retransmissions);
        // the kernel caps it at net.core.rmem_max / wmem_max
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(1024 * 1024));
        // The classic (OIO) message processors, not NioMessageProcessorFactory: in jain-sip-ri 1.3.0-91 the NIO
        // TCP client opens a second socket while the first is still connecting ("old socket different than
        // new socket") and writes the request to neither, in blocking and non-blocking mode alike, so every
        // request the appliance sends over TCP or TLS (REGISTER to a carrier, INVITE to a phone or peer) was
        // lost (SipTrunksTest.registersOverTcp). UDP is served the same way by both.
        // one byte over the limit: a datagram that fills the stack's receive buffer (allocated per
        // datagram, so not 64 KiB) is known to be oversized, and EdgeGate answers it 513; over TCP
        // the stack's framing closes a connection whose message exceeds it
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(endpoint.maxMessageSize() + 1));
        if (edge.tlsPort() > 0) {
            p.setProperty("javax.net.ssl.keyStore", edge.keystore().path().toString());
            p.setProperty("javax.net.ssl.keyStorePassword", edge.keystore().password());
            p.setProperty("javax.net.ssl.keyStoreType", edge.keystore().type());
            // what a carrier's certificate is verified against (JAIN-SIP would take the keystore above)
            TlsKeystore.Store trust = edge.truststore();
            if (trust == null) {
                try {
                    trust = TlsKeystore.trust("", "", "");
                } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                    throw new IllegalStateException("the JDK's CA certificates cannot be read: " + e.getMessage(), e);
                }
            }
            p.setProperty("javax.net.ssl.trustStore", trust.path().toString());
            p.setProperty("javax.net.ssl.trustStorePassword", trust.password());
            p.setProperty("javax.net.ssl.trustStoreType", trust.type());
            // a carrier's certificate must name the host the appliance meant to reach, not only chain to a trusted CA
            p.setProperty("gov.nist.javax.sip.TLS_SECURITY_POLICY", PeerNameTlsPolicy.class.getName());
            // phones present no client certificate
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2,TLSv1.3");
            p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
        }
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", "io.parley.sip.StackLogger");
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", "io.parley.sip.StackLogger$Server");
        return p;
    }

    /** Creates the listening points, retrying the bind (STACK.md pitfall 8: a port just released may still be busy). */
    private SipProvider listen(Endpoint endpoint, int tlsPort) throws Exception {
        awaitFreePorts(endpoint, tlsPort);
        for (int attempt = 1; ; attempt++) {
            try {
                SipProvider p = null;
                List<String> transports = new java.util.ArrayList<>(transports(endpoint));
                if (tlsPort > 0) {
                    transports.add(ListeningPoint.TLS);
                }
                for (String transport : transports) {
                    int port = ListeningPoint.TLS.equals(transport) ? tlsPort : endpoint.port();
                    ListeningPoint lp = stack.createListeningPoint(endpoint.bindAddress(), port, transport);
                    if (p == null) {
                        p = stack.createSipProvider(lp);
                    } else {
                        p.addListeningPoint(lp);
                    }
                }
                if (p == null) {
                    throw new IllegalArgumentException("neither udp, tcp nor tls is enabled in " + SipConfig.PID);
                }
                return p;
            } catch (TransportNotSupportedException | InvalidArgumentException | ObjectInUseException e) {
                releaseListeningPoints();
                if (attempt >= BIND_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("SIP bind {}:{} failed ({}), retrying", endpoint.bindAddress(), endpoint.port(), e.getMessage());
                Thread.sleep(500L * attempt);
            }
        }
    }

    /**
     * Waits (as long as the bind retries would) until the ports bind: a classic TCP processor whose bind
     * failed stays in the stack's tables and cannot be stopped cleanly, so the listening points are
     * created once they will bind (STACK.md pitfall 8: the previous stack may still hold them).
     */
    private static void awaitFreePorts(Endpoint endpoint, int tlsPort) throws InterruptedException {
        for (int attempt = 1; attempt < BIND_ATTEMPTS; attempt++) {
            try {
                java.net.InetAddress address = java.net.InetAddress.getByName(endpoint.bindAddress());
                try (java.net.ServerSocket tcp = endpoint.tcp() ? new java.net.ServerSocket(endpoint.port(), 1, address) : null;
                     java.net.ServerSocket tls = tlsPort > 0 ? new java.net.ServerSocket(tlsPort, 1, address) : null;
                     java.net.DatagramSocket udp = endpoint.udp()
                             ? new java.net.DatagramSocket(new java.net.InetSocketAddress(address, endpoint.port())) : null) {
                    return;
                }
            } catch (java.io.IOException busy) {
                LOG.warn("SIP ports {}:{}/{} busy ({}), waiting", endpoint.bindAddress(), endpoint.port(), tlsPort,
                        busy.getMessage());
                Thread.sleep(500L * attempt);
            }
        }
    }

    private void releaseListeningPoints() {
        // copies: deleting from the stack's live lists while iterating them threw ConcurrentModificationException
        List<Object> providers = new java.util.ArrayList<>();
        stack.getSipProviders().forEachRemaining(providers::add);
        List<Object> points = new java.util.ArrayList<>();
        stack.getListeningPoints().forEachRemaining(points::add);
        providers.forEach(p -> {
            try {
                stack.deleteSipProvider((SipProvider) p);
            } catch (ObjectInUseException ignored) {
                // deleted with the stack
            } catch (RuntimeException e) {
                // deleting the last provider stops the stack, whose classic TCP processor with a failed bind
                // throws NullPointerException: as below, the bind retry must still run
                LOG.debug("releasing SIP provider: {}", e.toString());
            }
        });
        points.forEach(lp -> {
            try {
                stack.deleteListeningPoint((ListeningPoint) lp);
            } catch (ObjectInUseException ignored) {
                // deleted with the stack
            } catch (RuntimeException e) {
                // the classic TCP processor whose bind failed has no server socket and its stop() throws
                // NullPointerException: swallowing it lets the bind retry run instead of failing activation
                LOG.debug("releasing listening point {}: {}", lp, e.toString());
            }
        });
    }

    private static List<String> transports(Endpoint e) {
        return e.udp() && e.tcp() ? List.of(ListeningPoint.UDP, ListeningPoint.TCP)
                : e.udp() ? List.of(ListeningPoint.UDP) : e.tcp() ? List.of(ListeningPoint.TCP) : List.of();
    }

    static List<String> algorithms(String configured) {
        List<String> list = Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> {
                    String a = Digest.algorithm(s);
                    if (a == null) {
                        throw new IllegalArgumentException("digestAlgorithms: " + s + " is not MD5 or SHA-256");
                    }
                    return a;
                }).distinct().toList();
        return list.isEmpty() ? List.of(Digest.MD5) : list;
    }

    /**
     * Phones by extension within the instance the request's domain names: {@code <instanceId>.<sipDomain>}
     * names that instance; the appliance domain itself or an IP address, the default instance.
     */
    static PhoneDirectory directory(SipPhoneService phones, InstanceService instances, String sipDomain) {
        Pattern instanceDomain = Pattern.compile("(\\d{1,18})\\." + Pattern.quote(sipDomain), Pattern.CASE_INSENSITIVE);
        return new PhoneDirectory() {
            @Override
            public Optional<SipPhone> find(String host, String extension) {
                try {
                    Matcher m = host == null ? null : instanceDomain.matcher(host);
                    long instanceId = m != null && m.matches() ? Long.parseLong(m.group(1))
                            : instances.defaultInstance().id();
                    return Optional.of(phones.get(instanceId, extension));
                } catch (DomainException e) {
                    return Optional.empty();
                }
            }

            @Override
            public void report(long instanceId, String extension, PhoneRegistration registration) {
                phones.updateRegistration(instanceId, extension, registration);
            }
        };
    }

    /** Routes requests of {@code method} to {@code handler} from now on (the bundle's call and trunk code). */
    void handle(String method, RequestHandler handler) {
        handlers.put(method, handler);
    }

    /** The toll-fraud monitor every handler reports to. */
    SecurityMonitor security() {
        return security;
    }

    /** Which channel a request's source is a trunk peer of. */
    TrunkAdmission admission() {
        return admission;
    }

    /** Routes responses without a live client transaction to {@code handler}. */
    void handleStrayResponses(ClientTransactionHandler handler) {
        strayResponses = handler;
    }

    // ---- Registrar ----

    @Override
    public List<RegistrationBinding> bindings(long instanceId, String extension) {
        return bindings.of(new Bindings.Aor(instanceId, extension));
    }

    @Override
    public List<RegistrationBinding> all() {
        return bindings.all();
    }

    @Override
    public List<GatewayBinding> gatewayBindings(long channelId) {
        // the gateway store keeps the channel id as the Aor's instance id and the username as its extension
        return gatewayBindings.ofInstance(channelId).stream().map(SipSignalling::gateway).toList();
    }

    @Override
    public List<GatewayBinding> allGateways() {
        return gatewayBindings.all().stream().map(SipSignalling::gateway).toList();
    }

    private static GatewayBinding gateway(RegistrationBinding b) {
        return new GatewayBinding(b.instanceId(), b.extension(), b.contact(), b.sourceAddress(), b.transport(),
                b.userAgent(), b.callId(), b.registeredAt(), b.expiresAt());
    }

    // ---- SipSecurityService ----

    @Override
    public SipSecurityStatus status() {
        return security.status();
    }

    @Override
    public boolean unblock(String ip) {
        return security.unblock(ip);
    }

    // ---- SipListener ----

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction tx = event.getServerTransaction();
        try {
            RequestHandler handler = handlers.get(request.getMethod());
            if (handler != null) {
                handler.handle(event);
                return;
            }
            if (Request.ACK.equals(request.getMethod())) {
                return;
            }
            // REGISTER is answered in a server transaction, which absorbs retransmissions with the very
            // same answer; measured against SIPp answering it statelessly failed 80-95 % of the calls
            // (a retransmitted REGISTER got a second, different challenge, or a stale one for a used nonce)
            boolean stateful = Request.REGISTER.equals(request.getMethod()) || Request.OPTIONS.equals(request.getMethod());
            if (!stateful) {
                // refused methods are answered statelessly: no transaction state for requests we do not serve
                provider.sendResponse(respond(request));
                return;
            }
            if (tx == null) {
                tx = provider.getNewServerTransaction(request);
            }
            tx.sendResponse(respond(request));
        } catch (TransactionAlreadyExistsException e) {
            // a retransmission the stack already answers
        } catch (TransactionUnavailableException e) {
            LOG.info("{} from {} refused: {}", request.getMethod(), PhoneRegistrar.source(request), e.getMessage());
            answerQuietly(null, request, Response.BAD_REQUEST);
        } catch (Exception | LinkageError e) {
            LOG.warn("{} from {} failed: {}", request.getMethod(), PhoneRegistrar.source(request), e.toString());
            answerQuietly(tx, request, e instanceof java.text.ParseException || e instanceof IllegalArgumentException
                    ? Response.BAD_REQUEST : Response.SERVER_INTERNAL_ERROR);
        }
    }

    private Response respond(Request request) throws Exception {
        String method = request.getMethod();
        switch (method) {
            case Request.REGISTER:
                return registrar.register(request);
            case Request.OPTIONS: {
                Response r = messages.createResponse(Response.OK, request);
                r.addHeader(allow());
                return r;
            }
            default: {
                Response r = messages.createResponse(LATER.contains(method) ? Response.NOT_IMPLEMENTED
                        : Response.METHOD_NOT_ALLOWED, request);
                r.addHeader(allow());
                return r;
            }
        }
    }

    private AllowHeader allow() throws java.text.ParseException {
        // what is served right now: REGISTER and OPTIONS here, the call methods once the calls registered for them
        StringBuilder methods = new StringBuilder(ALLOW);
        for (String m : LATER) {
            if (handlers.containsKey(m)) {
                methods.append(", ").append(m);
            }
        }
        return headers.createAllowHeader(methods.toString());
    }

    private void answerQuietly(ServerTransaction tx, Request request, int status) {
        try {
            Response r = messages.createResponse(status, request);
            if (tx != null) {
                tx.sendResponse(r);
            } else {
                provider.sendResponse(r);
            }
        } catch (Exception | LinkageError e) {
            LOG.debug("could not answer {}: {}", status, e.toString());
        }
    }

    /** REGISTERs shed as of the last overload warning, and when it was logged (nanoTime); sweeper thread only. */
    private long shedWarned;
    private long shedWarnedAt = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);

    /** REGISTERs the datagram lane answered (first answers). */
    long registerLaneAnswered() {
        return registerLane.answered();
    }

    void sweep() {
        try {
            registrar.sweep();
            security.sweep();
            long shed = shedding.shed();
            if (shed > shedWarned && System.nanoTime() - shedWarnedAt >= TimeUnit.MINUTES.toNanos(1)) {
                // at most a line a minute: an overload must not add a log flood to the CPU it lacks
                LOG.warn("SIP registrar behind: {} new REGISTERs answered 503 with Retry-After since the last report",
                        shed - shedWarned);
                shedWarned = shed;
                shedWarnedAt = System.nanoTime();
            }
        } catch (RuntimeException e) {
            LOG.warn("registration sweep failed: {}", e.toString());
        }
    }

    private void refreshAdmission() {
        try {
            admission.refresh();
        } catch (RuntimeException e) {
            LOG.warn("trunk admission refresh failed: {}", e.toString());
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        if (ct != null && ct.getApplicationData() instanceof ClientTransactionHandler handler) {
            handler.response(event);
        } else if (strayResponses != null) {
            // e.g. a retransmitted 2xx to an INVITE whose transaction has already ended
            strayResponses.response(event);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()
                && event.getClientTransaction().getApplicationData() instanceof ClientTransactionHandler handler) {
            handler.timeout(event);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("SIP I/O error with {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}
