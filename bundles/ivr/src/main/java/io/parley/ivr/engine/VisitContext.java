package io.parley.ivr.engine;

import io.parley.api.call.CallStatus;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.NodeContext;
import java.net.http.HttpClient;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a node visit's {@link NodeContext} does the same on a call and in a simulation: the
 * variables, the trace of the visit, the record status, ratings, passed-on keys. The media side
 * (prompts, keys, speech, transfers, recordings) is the subclass's: {@link CallNodeContext} over
 * the call control and media server, {@link SimulatedNodeContext} over a script.
 */
abstract class VisitContext implements NodeContext {

    final FlowRun run;
    final IvrNode node;
    /** The keys heard during this visit, for the trace; multi-digit collections masked. */
    final StringBuilder keys = new StringBuilder();
    private final List<String> details = new ArrayList<>();

    VisitContext(FlowRun run, IvrNode node) {
        this.run = run;
        this.node = node;
    }

    String keys() {
        return keys.toString();
    }

    /** What the node added with {@link #trace}, for the trace event. */
    String details() {
        synchronized (details) {
            return String.join("; ", details);
        }
    }

    @Override
    public String sessionId() {
        return run.call.id();
    }

    @Override
    public long instanceId() {
        return run.call.instanceId();
    }

    @Override
    public Map<String, Object> params() {
        return node.params();
    }

    @Override
    public Map<String, String> variables() {
        return run.variables;
    }

    @Override
    public String substitute(String text) {
        return run.variables.substitute(text);
    }

    @Override
    public void trace(String what, Map<String, String> values) {
        StringBuilder b = new StringBuilder(what);
        values.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        synchronized (details) {
            details.add(b.toString());
        }
    }

    @Override
    public void recordStatus(String status) {
        run.recordedStatus = status;
    }

    @Override
    public void rateSatisfaction(String digit, String label) {
        run.satisfaction = digit + " " + label;
        trace("satisfaction", Map.of("digit", digit, "label", label));
    }

    @Override
    public boolean audioPlayable(String audioId) {
        try {
            short[] pcm = run.env.audio() == null ? null : run.env.audio().playable(instanceId(), audioId);
            return pcm != null && pcm.length > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void passOnKey(char key) {
        // the key waits in the type-ahead; the next collection takes it
        run.keyPassedOn = true;
    }

    @Override
    public boolean hasNode(String nodeId) {
        return run.hasNode(nodeId);
    }

    @Override
    public ZoneId timeZone() {
        return run.env.timeZones().of(instanceId());
    }

    @Override
    public HttpClient http() {
        return run.env.http();
    }

    @Override
    public boolean callerHungUp() {
        return run.callGone();
    }

    @Override
    public void hangUp() {
        run.hangUp(CallStatus.IVR_ENDED);
    }
}
