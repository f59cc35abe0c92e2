package io.parley.api.ivr;

/**
 * Runs a version of a flow with no call (issue 11, flow simulation): the engine's own run loop
 * and the installed node types execute it node by node as on a live call; only the call side is
 * scripted — the keys and phrases the caller gives, where the caller hangs up, the clock, and the
 * answers of chosen API URLs (the others are really called). The path, the ports taken and the
 * variables come back, so a flow can be tested in CI before a number binds it.
 *
 * <pre>{@code
 * SimulationScript script = simulation.parseScript("""
 *     {"inputs":[{"node":"menu","keys":"2"}],
 *      "api_answers":{"https://crm.example.com/score":{"status":200,"body":{"Score":"95"}}}}""");
 * SimulationResult r = simulation.simulate(instanceId, flowId, "MAIN", script);
 * r.path().stream().map(SimulationResult.Step::port).toList();   // [next, key:2, true, ""]
 * r.endReason();                                                  // "end"
 * }</pre>
 */
public interface FlowSimulation {

    /**
     * Reads a script ({@code docs/ivr-flow-format.md}, "Simulation"); an empty or null text is
     * the empty script (no input: every question times out).
     *
     * @throws io.parley.api.error.MalformedException naming the field, e.g. {@code inputs[2].keys}
     */
    SimulationScript parseScript(String json);

    /**
     * Runs the version (a draft too: the result says so) with the script.
     *
     * @throws io.parley.api.error.NotFoundException the flow or version does not exist
     */
    SimulationResult simulate(long instanceId, long flowId, String version, SimulationScript script);
}
