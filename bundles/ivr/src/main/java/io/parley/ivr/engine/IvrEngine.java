package io.parley.ivr.engine;

import io.parley.api.audio.AudioFileService;
import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.InboundCallHandler;
import io.parley.api.call.LegInfo;
import io.parley.api.error.ConflictException;
import io.parley.api.error.NotFoundException;
import io.parley.api.ivr.IvrLegRun;
import io.parley.api.ivr.OutboundFlowRunner;
import io.parley.api.ivr.SelfService;
import io.parley.api.ivr.SelfServiceRunner;
import io.parley.api.store.SelfServiceStore;
import io.parley.api.event.CallEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.media.MediaServer;
import io.parley.api.recording.RecordingService;
import io.parley.api.store.IvrFlowStore;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.TrunkNumber;
import io.parley.ivr.flow.FlowJson;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import io.parley.api.hotword.HotWord;
import io.parley.api.hotword.HotWordService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.speech.SpeechRecognizer;
import io.parley.api.speech.WeightedWord;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a number's bound inbound flow (SPEC §3.1, §7) on each answered call to it: the SIP
 * bundle hands over the calls this handler {@link #accepts}, the rest get its default.
 *
 * <p>Threads: the SIP bundle calls {@link #answered} on its call-handling thread, which this
 * returns at once; the run goes to the engine's pool. A node's {@code NodeContext} calls block
 * (the SPI is straight-line code), each parked on a media completion stage: a waiting call costs
 * a parked thread with a small stack (256 KiB), no CPU. The pool is bounded ({@code maxThreads},
 * default 2000); beyond it new calls wait in the queue in silence until a run ends. See
 * docs/architecture.md for the figures.
 */
@Component(service = {InboundCallHandler.class, EventHandler.class, SelfServiceRunner.class, OutboundFlowRunner.class},
        property = {EventConstants.EVENT_TOPIC + "=" + CallEvents.ENDED, "service.ranking:Integer=10"})
public class IvrEngine implements InboundCallHandler, EventHandler, SelfServiceRunner, OutboundFlowRunner {

    static final int DEFAULT_MAX_THREADS = 2000;
    static final long STACK_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(IvrEngine.class);

    private final IvrFlowStore flows;
    private final NumberService numbers;
    /** With {@code calls} and {@code media} of the moment, so that the SIP bundle may come and go. */
    private final java.util.function.Supplier<EngineServices> services;
    private final FlowJson json = new FlowJson();
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final Map<String, FlowRun> runs = new ConcurrentHashMap<>();
    /** Flows on one leg of a call (self-service, outbound), by call: one at a time per call. */
    private final Map<String, FlowRun> legRuns = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SelfServiceStore selfServices;

    /**
     * Only the reference, its object got when a call comes: the SIP component that provides
     * {@code CallControl} gets this engine (its {@code InboundCallHandler}) while it activates,
     * so getting {@code CallControl} while this engine activates is a cycle that SCR breaks by
     * leaving the field empty for good. Without it the engine accepts no call.
     */
    @Reference(service = CallControl.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceReference<CallControl> callControl;
    private final BundleContext bundle;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MediaServer media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AudioFileService audioFiles;
    /** Where voicemail files go and who indexes them (the recordings bundle); without it they stay under data/parley/ivr. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordingService recordings;
    // a recogniser bundle may come and go while calls run (hot swap): each listen takes the one there is
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SpeechRecognizer recognizer;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HotWordService hotWords;

    @Activate
    public IvrEngine(@Reference IvrNodeTypeCatalog catalog, @Reference IvrFlowStore flows, @Reference NumberService numbers,
                     @Reference InstanceService instances, BundleContext bundle, Map<String, Object> config) {
        this.bundle = bundle;
        this.flows = flows;
        this.numbers = numbers;
        int max = config.get("maxThreads") instanceof Number n ? n.intValue()
                : config.get("maxThreads") instanceof String s ? Integer.parseInt(s.strip()) : DEFAULT_MAX_THREADS;
        this.pool = pool(max);
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("parley-ivr-timer", 0));
        Path data = Path.of(System.getProperty("karaf.data", "data"), "parley", "ivr");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        this.services = () -> new EngineServices(calls(), media, catalog, this::post, id -> zone(instances, id),
                (instanceId, audioId) -> {
                    AudioFileService a = audioFiles;
                    return a == null ? null : a.playable(instanceId, audioId);
                }, http, data, timer, recordings, this::listenFor);
    }

    /**
     * A recognition for a menu: its keywords (weight 1, the recogniser's base threshold; a hot
     * word that is also a keyword lends it its weight) and the instance's hot words (SPEC §17),
     * read at each listen so an edit applies to the next recognition.
     */
    private SpeechRecognizer.Session listenFor(long instanceId, List<String> keywords) {
        SpeechRecognizer asr = recognizer;
        if (asr == null) {
            return null;
        }
        Map<String, Integer> words = new java.util.LinkedHashMap<>();
        keywords.forEach(k -> words.put(k.toLowerCase(java.util.Locale.ROOT), 1));
        HotWordService h = hotWords;
        if (h != null) {
            for (int page = 1; page <= HotWordService.MAX_PER_INSTANCE / PageRequest.MAX_PAGE_SIZE; page++) {
                Page<HotWord> p = h.list(instanceId, null, new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
                p.items().forEach(w -> words.merge(w.name().toLowerCase(java.util.Locale.ROOT), w.weight(), Math::max));
                if ((long) page * PageRequest.MAX_PAGE_SIZE >= p.total()) {
                    break;
                }
            }
        }
        List<WeightedWord> weighted = new java.util.ArrayList<>();
        words.forEach((w, weight) -> weighted.add(new WeightedWord(w, weight)));
        return asr.open("en-US", weighted);
    }

    /** For tests: the services given. */
    IvrEngine(EngineServices services, IvrFlowStore flows, NumberService numbers, int maxThreads,
              SelfServiceStore selfServices) {
        this.selfServices = selfServices;
        this.bundle = null;
        this.flows = flows;
        this.numbers = numbers;
        this.services = () -> services;
        this.pool = pool(maxThreads);
        this.timer = services.timer();
    }

    @Deactivate
    void deactivate() {
        runs.values().forEach(FlowRun::stop);
        legRuns.values().forEach(FlowRun::stop);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    @Override
    public boolean accepts(CallInfo call, long numberId) {
        EngineServices env = services.get();
        if (env.calls() == null || env.media() == null) {
            return false;
        }
        try {
            return numbers.get(call.instanceId(), numberId).inboundIvrId() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void answered(CallInfo call, long numberId) {
        TrunkNumber n = numbers.get(call.instanceId(), numberId);
        long flowId = n.inboundIvrId();
        String version = n.inboundIvrVersion() == null ? IvrVersion.MAIN : n.inboundIvrVersion();
        start(call, flowId, version);
    }

    /** Reads the version now (edits reach new calls only) and queues the run. */
    FlowRun start(CallInfo call, long flowId, String version) {
        IvrGraph graph = load(call.instanceId(), flowId, version);
        EngineServices env = services.get();
        if (env.calls() == null || env.media() == null) {
            throw new IllegalStateException("the call control or the media server went away");
        }
        FlowRun run = new FlowRun(env, call, flowId, version, graph);
        runs.put(call.id(), run);
        pool.execute(() -> {
            try {
                run.run();
            } finally {
                runs.remove(call.id());
            }
        });
        return run;
    }

    private IvrGraph load(long instanceId, long flowId, String version) {
        try {
            if (flows.findFlow(instanceId, flowId).isEmpty()) {
                LOG.warn("IVR flow {} bound to a number does not exist", flowId);
                return null;
            }
            return flows.findVersion(flowId, version).filter(v -> IvrVersion.PUBLISHED.equals(v.status()))
                    .map(v -> json.parseGraph(v.graphJson())).orElseGet(() -> {
                        LOG.warn("IVR flow {} version {} is missing or a draft: calls hear the apology", flowId, version);
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.warn("IVR flow {} version {} cannot be read: {}", flowId, version, e.toString());
            return null;
        }
    }

    @Override
    public void handleEvent(Event event) {
        Object session = event.getProperty(CallEvents.SESSION_ID);
        FlowRun run = session == null ? null : runs.get(session.toString());
        if (run != null) {
            run.callEnded();
        }
        FlowRun self = session == null ? null : legRuns.get(session.toString());
        if (self != null) {
            self.callEnded();
        }
    }

    @Override
    public Run start(long instanceId, String callId, String customerLegId, long selfServiceId, String agentId) {
        SelfServiceStore store = selfServices;
        if (store == null) {
            throw new IllegalStateException("the self-service store is not available");
        }
        SelfService s = store.find(instanceId, selfServiceId)
                .orElseThrow(() -> new NotFoundException("self-service", selfServiceId));
        if (!s.enabled()) {
            throw new ConflictException("self_service_id", "self-service " + selfServiceId + " is disabled");
        }
        CallInfo call = liveLeg(services.get(), instanceId, callId, customerLegId);
        EngineServices env = services.get();
        IvrGraph graph = load(instanceId, s.ivrId(), s.ivrVersion());
        if (graph == null) {
            throw new ConflictException("self_service_id", "the flow version of self-service " + selfServiceId
                    + " (" + s.ivrId() + " " + s.ivrVersion() + ") is missing or a draft");
        }
        FlowRun run = new FlowRun(env, call, customerLegId, s.ivrId(), s.ivrVersion(), graph, selfServiceId, true);
        LOG.debug("call {}: self-service {} started by agent {}", callId, selfServiceId, agentId);
        return startOnLeg(callId, run);
    }

    @Override
    public Optional<IvrLegRun> start(long instanceId, String callId, String calleeLegId, long numberId) {
        TrunkNumber n = numbers.get(instanceId, numberId);
        if (n.outboundIvrId() == null) {
            return Optional.empty();
        }
        EngineServices env = services.get();
        CallInfo call = liveLeg(env, instanceId, callId, calleeLegId);
        // a bound flow that cannot run still runs: the callee hears the apology and is handed back
        IvrGraph graph = load(instanceId, n.outboundIvrId(), IvrVersion.MAIN);
        return Optional.of(startOnLeg(callId, new FlowRun(env, call, calleeLegId, n.outboundIvrId(), IvrVersion.MAIN, graph,
                null, true)));
    }

    private CallInfo liveLeg(EngineServices env, long instanceId, String callId, String legId) {
        if (env.calls() == null || env.media() == null) {
            throw new IllegalStateException("the call control or the media server is not available");
        }
        CallInfo call = env.calls().call(callId).filter(c -> c.instanceId() == instanceId && !CallInfo.ENDED.equals(c.state()))
                .orElseThrow(() -> new NotFoundException("call", callId));
        call.legs().stream().filter(l -> l.id().equals(legId) && LegInfo.ANSWERED.equals(l.state())).findFirst()
                .orElseThrow(() -> new NotFoundException("answered leg", legId));
        return call;
    }

    private SelfServiceRunner.Run startOnLeg(String callId, FlowRun run) {
        if (legRuns.putIfAbsent(callId, run) != null) {
            throw new ConflictException("call", "a flow already runs on a leg of call " + callId);
        }
        pool.execute(() -> {
            try {
                run.run();
            } finally {
                legRuns.remove(callId, run);
                run.finished.complete("engine_stopped");
            }
        });
        return new Run() {
            @Override
            public java.util.concurrent.CompletionStage<String> finished() {
                return run.finished.minimalCompletionStage();
            }

            @Override
            public void returnToCall() {
                run.returnToCall();
            }
        };
    }

    /** The call control of the moment, or null (the framework ungets it when the SIP bundle goes). */
    private synchronized CallControl calls() {
        ServiceReference<CallControl> ref = callControl;
        if (ref == null || bundle == null) {
            return null;
        }
        if (ref != gotRef) {
            gotCalls = bundle.getService(ref);
            gotRef = ref;
        }
        return gotCalls;
    }

    private ServiceReference<CallControl> gotRef;
    private CallControl gotCalls;

    /** Calls in flows now. */
    int running() {
        return runs.size();
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin e = eventAdmin;
        if (e != null) {
            e.postEvent(new Event(topic, properties));
        }
    }

    private static ZoneId zone(InstanceService instances, long instanceId) {
        try {
            return ZoneId.of(instances.get(instanceId).timeZone());
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static ThreadPoolExecutor pool(int maxThreads) {
        ThreadPoolExecutor p = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("parley-ivr", STACK_BYTES));
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    private static ThreadFactory threads(String name, long stack) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, name + "-" + n.incrementAndGet(), stack);
            t.setDaemon(true);
            return t;
        };
    }
}
