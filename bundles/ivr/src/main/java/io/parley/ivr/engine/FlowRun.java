package io.parley.ivr.engine;

import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.LegInfo;
import io.parley.api.event.CallEvents;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.api.media.AudioClip;
import io.parley.api.media.Playback;
import io.parley.api.media.PlayRequest;
import io.parley.ivr.flow.SystemVariables;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call running one version of a flow, node by node, on an engine thread. The graph was
 * read when the call started and is immutable, so edits to the version reach new calls only.
 * Every wait (a prompt, keys, a transferred leg) also ends when the call ends, so a hang-up is
 * seen inside any node.
 */
class FlowRun implements Runnable {

    /** SPEC §8.15. */
    static final int MAX_VISITS = 200;
    static final String APOLOGY = "We are sorry, this service is not available at the moment. Goodbye.";

    private static final Logger LOG = LoggerFactory.getLogger(FlowRun.class);

    final EngineServices env;
    final CallInfo call;
    final String leg;
    final long flowId;
    final String version;
    private final IvrGraph graph;
    final SessionVariables variables = new SessionVariables();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Instant answeredAt = Instant.now();
    private volatile boolean endedByFlow;
    private volatile boolean stopped;
    /** A key that stopped a prompt waits in the media's type-ahead for the next node that takes input. */
    volatile boolean keyPassedOn;
    /** The SPEC §27.2 status a node asked for (non_working_hours…), used when the flow ends the call. */
    volatile String recordedStatus;
    /** {@code digit label} of the last rating (SPEC §8.7: the last one counts). */
    volatile String satisfaction;
    /** The self-service process this run is (SPEC §22), or null. */
    final Long selfServiceId;
    /** The run is on a leg of a call that goes on after it (self-service, outbound flow): its end hands the party back. */
    final boolean handBack;
    /** A self-service's end: the reason, once the customer can be handed back (or is gone). */
    final CompletableFuture<String> finished = new CompletableFuture<>();
    private volatile boolean returnedToCall;

    /** @param graph the version's graph, or null when the bound version cannot run (missing, a draft) */
    FlowRun(EngineServices env, CallInfo call, long flowId, String version, IvrGraph graph) {
        this(env, call, call.legs().get(0).id(), flowId, version, graph, null, false);
    }

    /**
     * A run on one leg of the call: with {@code handBack} (a self-service process on the customer's
     * leg, a number's outbound flow on the callee's) the call goes on after it, so its end hands the
     * party back instead of releasing the call.
     */
    FlowRun(EngineServices env, CallInfo call, String leg, long flowId, String version, IvrGraph graph,
            Long selfServiceId, boolean handBack) {
        this.handBack = handBack;
        this.env = env;
        this.call = call;
        this.leg = leg;
        this.selfServiceId = selfServiceId;
        this.flowId = flowId;
        this.version = version;
        this.graph = graph;
        variables.system(SystemVariables.CALLER_NUMBER, call.caller());
        variables.system(SystemVariables.CALLEE_NUMBER, call.callee());
        variables.system(SystemVariables.SESSION_ID, call.id());
        variables.system(SystemVariables.RING_DURATION, "0");
        variables.system(SystemVariables.ACCEPT_DURATION, "0");
        variables.system(SystemVariables.WAIT_NO, "0");
        variables.system(SystemVariables.STAFF_NO, "");
    }

    String sessionId() {
        return call.id();
    }

    @Override
    public void run() {
        String reason;
        String status = null;
        int visits = 0;
        try {
            if (graph == null) {
                apologise();
                finish("version_unavailable", CallStatus.SYSTEM_ERROR, 0);
                return;
            }
            String nodeId = IvrGraph.START_ID;
            while (true) {
                if (callGone()) {
                    reason = endedByFlow ? "end" : "caller_hung_up";
                    break;
                }
                Optional<IvrNode> found = graph.node(nodeId);
                if (found.isEmpty()) {
                    LOG.warn("call {}: flow {} {} has no node {}", call.id(), flowId, version, nodeId);
                    reason = "node_failed";
                    status = CallStatus.SYSTEM_ERROR;
                    break;
                }
                IvrNode node = found.get();
                if (visits == MAX_VISITS) {
                    LOG.info("call {}: flow {} {} reached {} node visits; ended", call.id(), flowId, version, MAX_VISITS);
                    reason = "visit_limit";
                    status = CallStatus.SYSTEM_ERROR;
                    break;
                }
                visits++;
                variables.system(SystemVariables.ACCEPT_DURATION,
                        String.valueOf(Duration.between(answeredAt, Instant.now()).toSeconds()));
                long start = System.nanoTime();
                Optional<IvrNodeType> type = env.catalog().find(node.type());
                if (type.isEmpty()) {
                    // the type's bundle went away after the version was published
                    LOG.warn("call {}: node {} needs type '{}', which is not installed", call.id(), node.id(), node.type());
                    trace(node, visits, "", null, start);
                    apologise();
                    reason = "node_type_missing";
                    status = CallStatus.SYSTEM_ERROR;
                    break;
                }
                VisitContext ctx = visit(node, visits);
                String port;
                try {
                    port = type.get().execute(ctx);
                } catch (CallGone e) {
                    trace(node, visits, "", ctx, start);
                    reason = endedByFlow ? "end" : "caller_hung_up";
                    break;
                } catch (RuntimeException e) {
                    LOG.warn("call {}: node {} ({}) failed: {}", call.id(), node.id(), node.type(), e.toString());
                    trace(node, visits, "", ctx, start);
                    reason = "node_failed";
                    status = CallStatus.SYSTEM_ERROR;
                    break;
                }
                trace(node, visits, port == null || isEnd(port) ? "" : port, ctx, start);
                if (callGone()) {
                    reason = endedByFlow ? "end" : "caller_hung_up";
                    break;
                }
                if (port == null || isEnd(port)) {
                    reason = "end";
                    break;
                }
                if (port.startsWith(IvrNodeType.GOTO_PREFIX)) {
                    nodeId = port.substring(IvrNodeType.GOTO_PREFIX.length());
                    continue;
                }
                Optional<String> next = graph.next(node.id(), port);
                if (next.isEmpty()) {
                    // an optional exit left unconnected hangs up (SPEC §7.3 rule 2)
                    reason = "end";
                    break;
                }
                nodeId = next.get();
            }
        } catch (CallGone e) {
            reason = endedByFlow ? "end" : "caller_hung_up";
        } catch (RuntimeException e) {
            LOG.warn("call {}: flow {} {} failed: {}", call.id(), flowId, version, e.toString());
            reason = "node_failed";
            status = CallStatus.SYSTEM_ERROR;
        }
        if (stopped) {
            reason = "engine_stopped";
            status = CallStatus.SYSTEM_ERROR;
        } else if (returnedToCall) {
            reason = "returned_to_call";
        }
        finish(reason, status, visits);
    }

    private static boolean isEnd(String port) {
        return port.isEmpty() || IvrNodeType.HANG_UP.equals(port) || IvrNodeType.END_FLOW.equals(port);
    }

    private void finish(String reason, String status, int visits) {
        String s = status != null ? status : recordedStatus != null ? recordedStatus : CallStatus.IVR_ENDED;
        // a self-service hands the customer back whatever ended it, unless a node hung up
        boolean handingBack = handBack && !endedByFlow;
        if (!callGone() && !handBack) {
            hangUp(s);
        }
        Map<String, Object> p = base();
        p.put(CallEvents.IVR_END_REASON, reason);
        p.put(CallEvents.IVR_VISITS, visits);
        if (!handingBack) {
            p.put(CallEvents.STATUS, s);
        }
        if (satisfaction != null) {
            p.put(CallEvents.IVR_SATISFACTION, satisfaction);
        }
        env.trace().post(CallEvents.IVR_ENDED, p);
        finished.complete(handBack && endedByFlow ? "hung_up" : reason);
        LOG.debug("call {}: flow {} {} ended ({}, {} visits)", call.id(), flowId, version, reason, visits);
    }

    private void trace(IvrNode node, int visit, String port, VisitContext ctx, long startNanos) {
        String keys = ctx == null ? "" : ctx.keys();
        Map<String, Object> p = base();
        p.put(CallEvents.IVR_NODE_ID, node.id());
        p.put(CallEvents.IVR_NODE_LABEL, node.label());
        p.put(CallEvents.IVR_NODE_TYPE, node.type());
        p.put(CallEvents.IVR_PORT, port);
        p.put(CallEvents.IVR_KEYS, keys);
        p.put(CallEvents.IVR_VISIT, visit);
        p.put(CallEvents.IVR_DURATION_MS, (System.nanoTime() - startNanos) / 1_000_000);
        p.put(CallEvents.IVR_DETAILS, ctx == null ? "" : ctx.details());
        env.trace().post(CallEvents.IVR_NODE, p);
    }

    private Map<String, Object> base() {
        Map<String, Object> p = new HashMap<>();
        p.put(CallEvents.SESSION_ID, call.id());
        p.put(CallEvents.INSTANCE_ID, call.instanceId());
        p.put(CallEvents.TIMESTAMP, System.currentTimeMillis());
        p.put(CallEvents.IVR_FLOW_ID, flowId);
        p.put(CallEvents.IVR_VERSION, version);
        if (selfServiceId != null) {
            p.put(CallEvents.IVR_SELF_SERVICE_ID, selfServiceId);
        }
        return p;
    }

    /** The context of one node visit: the call's media (a simulation gives its scripted one). */
    VisitContext visit(IvrNode node, int visit) {
        return new CallNodeContext(this, node);
    }

    /** Plays the apology once, not interruptible; quietly nothing when no voice can say it. */
    void apologise() {
        AudioClip clip = render(Prompt.tts(APOLOGY));
        if (clip == null || callGone()) {
            return;
        }
        try {
            Playback p = env.calls().play(call.id(), leg, PlayRequest.once(clip, false));
            await(p.completion(), p::stop);
        } catch (CallGone e) {
            // nothing more to say
        } catch (RuntimeException e) {
            LOG.debug("call {}: apology not played ({})", call.id(), e.toString());
        }
    }

    /** The prompt as audio, or null when it cannot be played (no TTS engine, no approved file, empty text). */
    AudioClip render(Prompt prompt) {
        if (prompt == null) {
            return null;
        }
        try {
            if (prompt.mode() == Prompt.Mode.AUDIO) {
                short[] pcm = env.audio() == null ? null : env.audio().playable(call.instanceId(), prompt.audioId());
                return pcm == null || pcm.length == 0 ? null : new AudioClip(pcm);
            }
            String text = variables.substitute(prompt.text());
            if (text == null || text.isBlank()) {
                return null;
            }
            return env.media().speak(text, prompt.voice());
        } catch (RuntimeException e) {
            LOG.info("call {}: prompt not playable ({})", call.id(), e.getMessage());
            return null;
        }
    }

    /**
     * Waits for {@code op} or the end of the call, whichever comes first; parks the thread, no
     * polling. When the call ends first, {@code cancel} runs and {@link CallGone} is thrown.
     */
    <T> T await(CompletionStage<T> op, Runnable cancel) {
        CompletableFuture<T> f = op.toCompletableFuture();
        try {
            CompletableFuture.anyOf(f, ended).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.run();
            throw new CallGone();
        } catch (ExecutionException e) {
            // f failed: reported below
        }
        if (!f.isDone()) {
            cancel.run();
            throw new CallGone();
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallGone();
        } catch (ExecutionException e) {
            throw new IllegalStateException("media operation failed: " + e.getCause(), e.getCause());
        }
    }

    /** The call ended (an ENDED event); every wait of this run ends now. */
    void callEnded() {
        ended.complete(null);
    }

    /** The agent takes the customer back (SPEC §22.2 {@code :return-to-call}): the run stops where it is. */
    void returnToCall() {
        returnedToCall = true;
        ended.complete(null);
    }

    /** The engine stops: the call is ended as a system error. */
    void stop() {
        stopped = true;
        ended.complete(null);
    }

    boolean callGone() {
        if (ended.isDone()) {
            return true;
        }
        boolean gone = lineGone();
        if (gone) {
            ended.complete(null);
        }
        return gone;
    }

    /** True when the caller's side of the call is over (asked when no end was seen yet). */
    boolean lineGone() {
        // the call, or the leg the flow runs on (a self-service's customer leg), has ended
        return env.calls().call(call.id()).map(c -> CallInfo.ENDED.equals(c.state())
                || c.legs().stream().noneMatch(l -> l.id().equals(leg) && !LegInfo.ENDED.equals(l.state())))
                .orElse(true);
    }

    /** Ends the call from the flow (an End node, or the engine after the last node). */
    void hangUp(String status) {
        endedByFlow = true;
        releaseLine(status);
        ended.complete(null);
    }

    /** Hangs the call up with {@code status}. */
    void releaseLine(String status) {
        try {
            env.calls().hangup(call.id(), status);
        } catch (RuntimeException e) {
            LOG.debug("call {}: hang-up: {}", call.id(), e.toString());
        }
    }

    boolean hasNode(String nodeId) {
        return graph != null && graph.node(nodeId).isPresent();
    }

    /** Thrown out of a node's wait when the call has ended; the engine catches it. */
    static final class CallGone extends RuntimeException {
        CallGone() {
            super("the call has ended", null, false, false);
        }
    }
}
