package io.parley.sip;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import io.parley.api.instance.InstanceService;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipPhoneService;
import io.parley.sip.auth.Digest;
import io.parley.sip.auth.Nonces;
import io.parley.sip.edge.ChannelAdmission;
import io.parley.sip.edge.EdgeGate;
import io.parley.sip.edge.PeerNameTlsPolicy;
import io.parley.sip.edge.ResponseTags;
import io.parley.sip.edge.SipSecurity;
import io.parley.sip.edge.TlsKeystore;
import io.parley.sip.registrar.Bindings;
import io.parley.sip.registrar.LaneUdpProcessor;
import io.parley.sip.registrar.PhoneCache;
import io.parley.sip.registrar.PhoneDirectory;
import io.parley.sip.registrar.PhoneRegistrar;
import io.parley.sip.registrar.RecentAnswers;
import io.parley.sip.registrar.RegisterLane;
import io.parley.sip.registrar.RegisterShedding;
import io.parley.sip.registrar.RegisterValve;
import io.parley.sip.steady.ServiceAwayException;
import io.parley.sip.steady.Steady;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP stack's lifecycle: the JAIN-SIP stack and its listening points (UDP, TCP, TLS), the edge
 * installed before any of them exists ({@link EdgeGate}, {@link SipSecurity}, {@link ChannelAdmission}),
 * the REGISTER path answered before the stack's dispatch ({@link RegisterLane}, {@link RegisterValve},
 * {@link PhoneRegistrar} and its live {@link Bindings}), and the one {@link SipListener} that dispatches
 * every other request by method to the {@link RequestHandler} registered for it (OPTIONS answered here)
 * and every response to its transaction's {@link ClientTransactionHandler}.
 *
 * <p>A bundle-internal service: the bundle's other components reference it and use the running stack
 * through it — {@code registrar.RegistrarManager} ({@code Registrar}), {@code edge.SipSecurityManager}
 * ({@code SipSecurityService}), {@link SipTrunkManager} ({@code TrunkService}) and {@link SipCallManager}
 * ({@code CallControl}). DS deactivates them before this component, so the calls hang up and the trunks
 * unregister while the stack still runs; a configuration change restarts them all.
 *
 * <pre>{@code
 * @Reference SipSignalling signalling;
 * signalling.handle(Request.INVITE, calls::invite);
 * ClientTransaction ct = signalling.provider().getNewClientTransaction(invite);
 * }</pre>
 */
@Component(service = SipSignalling.class, immediate = true, configurationPid = SipConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SipConfig.class)
public class SipSignalling implements SipListener {

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
    public record Endpoint(String bindAddress, int port, boolean udp, boolean tcp, int maxMessageSize) {
    }

    /**
     * The edge: the TLS listening point ({@code tlsPort} 0 = none, else its keystore), message
     * limits, the toll-fraud thresholds and where trunk admission reads the channels from.
     */
    public record Edge(int tlsPort, TlsKeystore.Store keystore, EdgeGate.Limits limits, SipSecurity.Limits security,
                ChannelAdmission.Sources channels, Duration admissionRefresh, TlsKeystore.Store truststore) {

        /** The JDK's CA certificates as the TLS client's trust ({@link TlsKeystore#trust}). */
        public Edge(int tlsPort, TlsKeystore.Store keystore, EdgeGate.Limits limits, SipSecurity.Limits security,
             ChannelAdmission.Sources channels, Duration admissionRefresh) {
            this(tlsPort, keystore, limits, security, channels, admissionRefresh, null);
        }

        /** No TLS, default limits, no channels: what the registrar's own unit tests need. */
        public static Edge plain(int maxMessageSize) {
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
    /** Requests served by the bundle's other components (the calls), by method; OPTIONS is answered here. */
    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    /** Responses that belong to no live client transaction, or null to drop them. */
    private volatile ClientTransactionHandler strayResponses;

    /**
     * The telephony, directory and store services come through {@link Steady}: their bundles may restart
     * while this stack carries calls (docs/architecture.md, Restarting bundles under load).
     */
    @Activate
    public SipSignalling(@Reference Steady steady, SipConfig config) throws Exception {
        this(steady.phones(), steady.instances(), steady.channels(), config);
    }

    private SipSignalling(SipPhoneService phones, InstanceService instances, SipChannelService channels,
                          SipConfig config) throws Exception {
        // a phone lookup asks the database for the instance: remembered 5 s, REGISTER floods stay in memory
        // (at 2 s the lookups behind the misses still took a quarter of the registrar's CPU in bench/sip)
        this(new PhoneCache(PhoneDirectory.of(phones, instances, phones.serverInfo().sipDomain()), Clock.systemUTC(),
                        Duration.ofSeconds(5), 100_000),
                new Endpoint(config.bindAddress(), config.port(), config.udp(), config.tcp(), config.maxMessageSize()),
                new PhoneRegistrar.Settings(phones.serverInfo().sipDomain(), config.minExpires(), config.maxExpires(),
                        config.defaultExpires(), config.maxContacts(), Digest.algorithms(config.digestAlgorithms())),
                Duration.ofSeconds(config.nonceSeconds()), Clock.systemUTC(),
                edge(config, channels, phones.serverInfo().sipDomain()),
                new RegisterPath(config.registerDatagramLane(),
                        new RegisterShedding.Settings(Math.max(0, config.registerShedAfterMillis()), 5, 15)));
    }

    /**
     * How REGISTER is served: datagrams of the common shape through the {@link RegisterLane} (or all through
     * the stack), and the overload shedding of the stack's way (the lane sheds nothing, see RegisterShedding).
     */
    public record RegisterPath(boolean datagramLane, RegisterShedding.Settings shedding) {

        public static RegisterPath defaults() {
            return new RegisterPath(true, RegisterShedding.Settings.defaults());
        }
    }

    public SipSignalling(PhoneDirectory directory, Endpoint endpoint, PhoneRegistrar.Settings settings, Duration nonceTtl,
                  Clock clock) throws Exception {
        this(directory, endpoint, settings, nonceTtl, clock, Edge.plain(endpoint.maxMessageSize()));
    }

    public SipSignalling(PhoneDirectory directory, Endpoint endpoint, PhoneRegistrar.Settings settings, Duration nonceTtl,
                  Clock clock, Edge edge) throws Exception {
        this(directory, endpoint, settings, nonceTtl, clock, edge, RegisterPath.defaults());
    }

    public SipSignalling(PhoneDirectory directory, Endpoint endpoint, PhoneRegistrar.Settings settings, Duration nonceTtl,
                  Clock clock, Edge edge, RegisterPath registerPath) throws Exception {
        security = new SipSecurity(clock, edge.security());
        admission = new ChannelAdmission(edge.channels(), clock, edge.admissionRefresh(), gatewayBindings::gateways);
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SipSignalling.class.getClassLoader());
        try {
            stack = factory.createSipStack(properties(endpoint, edge));
            // every response the bundle builds from a request outside a dialog gets a To tag (RFC 3261 §8.2.6.2)
            messages = new ResponseTags(factory.createMessageFactory());
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
            // REGISTER datagrams of the common shape are answered before the stack parses them (bench/sip), and
            // the stack's own answers to unparsable datagrams leave without the parser's internals (StackAnswers)
            SIPTransactionStack s = (SIPTransactionStack) stack;
            s.setMessageProcessorFactory(LaneUdpProcessor.factory(s.getMessageProcessorFactory(),
                    registerPath.datagramLane() ? registerLane : null, security));
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
        // the calls and the trunks are stopped by now: DS deactivates the components that reference this one
        // first, so calls are hung up and carriers unregistered while the stack can still carry the messages
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

    // ---- what the bundle's other components use of the running stack ----

    public SipProvider provider() {
        return provider;
    }

    public MessageFactory messages() {
        return messages;
    }

    public HeaderFactory headers() {
        return headers;
    }

    public AddressFactory addresses() {
        return addresses;
    }

    /** Routes requests of {@code method} to {@code handler} from now on (the bundle's call code). */
    public void handle(String method, RequestHandler handler) {
        handlers.put(method, handler);
    }

    /** Stops routing {@code method} (the component that served it stops): the method is refused again. */
    public void stopHandling(String method) {
        handlers.remove(method);
    }

    /** Routes responses without a live client transaction to {@code handler} (null: drop them). */
    public void handleStrayResponses(ClientTransactionHandler handler) {
        strayResponses = handler;
    }

    /** The toll-fraud monitor every handler reports to, and the operator's view of it. */
    public SipSecurity security() {
        return security;
    }

    /** Which channel a request's source is a trunk peer of. */
    public ChannelAdmission admission() {
        return admission;
    }

    /** The phones' live registrations. */
    public Bindings phoneBindings() {
        return bindings;
    }

    /** The live registrations of appliance_account gateways (the Aor's instance id is the channel id). */
    public Bindings gatewayBindings() {
        return gatewayBindings;
    }

    /** REGISTERs the datagram lane answered (first answers). */
    long registerLaneAnswered() {
        return registerLane.answered();
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
            // REGISTER never gets here: RegisterLane and RegisterValve answer it before the stack dispatches
            if (!Request.OPTIONS.equals(request.getMethod())) {
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
            // a lookup's bundle restarting: the request may be tried again in a moment
            answerQuietly(tx, request, e instanceof ServiceAwayException ? Response.SERVICE_UNAVAILABLE
                    : e instanceof java.text.ParseException || e instanceof IllegalArgumentException
                    ? Response.BAD_REQUEST : Response.SERVER_INTERNAL_ERROR);
        }
    }

    private Response respond(Request request) throws Exception {
        String method = request.getMethod();
        Response r = messages.createResponse(Request.OPTIONS.equals(method) ? Response.OK
                : LATER.contains(method) ? Response.NOT_IMPLEMENTED : Response.METHOD_NOT_ALLOWED, request);
        r.addHeader(allow());
        return r;
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
    /** REGISTERs shed as of the last overload warning, and when it was logged (nanoTime); sweeper thread only. */
    private long shedWarned;
    private long shedWarnedAt = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);

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

}
