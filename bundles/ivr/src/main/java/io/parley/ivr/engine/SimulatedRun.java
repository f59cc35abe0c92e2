package io.parley.ivr.engine;

import io.parley.api.call.CallInfo;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.SimulationScript;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link FlowRun} with no call: the run loop, the visit limit, the trace and the node types are
 * the live ones; the caller is the script. It runs on the thread that calls {@link #run()}, and
 * no media operation waits, so it takes as long as the nodes' own work (an API call).
 */
final class SimulatedRun extends FlowRun {

    final SimulationScript script;
    private final List<SimulationScript.Input> inputs;
    private int nextInput;
    private final Set<String> visited = new HashSet<>();
    /** The prompts of each visit, in visit order. */
    final List<List<String>> said = new ArrayList<>();
    /** Keys an interrupted prompt left for the next collection (SPEC §8.2 interruptible). */
    String typeAhead = "";
    private volatile boolean callerGone;
    /** The caller heard the apology (a node type gone). */
    volatile boolean apologised;
    private final java.time.Instant startedAt = java.time.Instant.now();

    SimulatedRun(EngineServices env, CallInfo call, long flowId, String version, IvrGraph graph,
                 SimulationScript script) {
        super(env, call, flowId, version, graph);
        this.script = script;
        this.inputs = script.inputs();
    }

    @Override
    VisitContext visit(IvrNode node, int visit) {
        boolean firstVisit = visited.add(node.id());
        if (Integer.valueOf(visit).equals(script.hangUpAtVisit())
                || (firstVisit && node.id().equals(script.hangUpAtNode()))) {
            callerGone = true;
        }
        List<String> prompts = new ArrayList<>();
        while (said.size() < visit) {
            said.add(List.of());
        }
        said.set(visit - 1, prompts);
        return new SimulatedNodeContext(this, node, prompts);
    }

    /**
     * The caller's next answer for {@code nodeId}: the next input of the script when it names
     * this node or none; null (silence) otherwise or when the script is used up.
     */
    SimulationScript.Input take(String nodeId, boolean namedOnly) {
        if (callerGone || nextInput >= inputs.size()) {
            return null;
        }
        SimulationScript.Input in = inputs.get(nextInput);
        boolean mine = in.node() == null ? !namedOnly : in.node().equals(nodeId);
        if (!mine) {
            return null;
        }
        nextInput++;
        return in;
    }

    int inputsLeft() {
        return inputs.size() - nextInput;
    }

    /** The caller hangs up now (a voicemail the script ends without the end key). */
    void callerHangsUp() {
        callerGone = true;
    }

    @Override
    boolean lineGone() {
        return callerGone;
    }

    @Override
    void releaseLine(String status) {
        // no line to release
    }

    @Override
    void apologise() {
        apologised = true;
    }

    /** The script's clock, running from its {@code now} as the run goes; the real one without. */
    java.time.Clock clock(java.time.ZoneId zone) {
        java.time.Clock real = java.time.Clock.system(zone);
        return script.now() == null ? real
                : java.time.Clock.offset(real, java.time.Duration.between(startedAt, script.now()));
    }
}
