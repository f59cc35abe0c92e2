package io.parley.api.ivr;

import java.util.List;
import java.util.Map;

/**
 * What a simulated run did (see {@link FlowSimulation}): the same trace a live call posts as
 * {@code parley/call/IVR_NODE} events, node by node, and the end the live call would have had.
 *
 * <pre>{@code
 * for (SimulationResult.Step s : r.path()) System.out.println(s.nodeId() + " -> " + s.port());
 * r.variables().get("Score");
 * }</pre>
 *
 * @param flowId     the flow
 * @param version    the version run
 * @param draft      true when the version is a draft (no number can bind it; it ran anyway)
 * @param endReason  as {@code parley/call/IVR_ENDED}: {@code end}, {@code caller_hung_up}, {@code visit_limit},
 *                   {@code node_type_missing}, {@code node_failed}
 * @param status     the SPEC §27.2 status the call would end with
 * @param visits     node visits
 * @param path       the visits in order
 * @param variables  every variable at the end, system ones included
 * @param inputsLeft script inputs no node took
 */
public record SimulationResult(long flowId, String version, boolean draft, String endReason, String status,
                               int visits, List<Step> path, Map<String, String> variables, int inputsLeft) {

    public SimulationResult {
        path = List.copyOf(path);
        variables = Map.copyOf(variables);
    }

    /**
     * One node visit.
     *
     * @param visit   1 for Start
     * @param nodeId  the node
     * @param label   its label
     * @param type    its type
     * @param port    the exit taken; "" when the flow ended there
     * @param keys    keys heard (a multi-digit collection masked, as on a call)
     * @param details what the node traced (API results, speech heard, ratings)
     * @param said    the prompts played, text after substitution or {@code audio:<id>}
     */
    public record Step(int visit, String nodeId, String label, String type, String port, String keys, String details,
                       List<String> said) {

        public Step {
            said = List.copyOf(said);
        }
    }
}
