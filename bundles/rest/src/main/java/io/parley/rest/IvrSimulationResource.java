package io.parley.rest;

import io.parley.api.ivr.FlowSimulation;
import io.parley.api.ivr.SimulationResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * Flow simulation (issue 11): {@code POST {I}/ivr-flows/{id}/versions/{v}:simulate} runs the
 * version with no call, the body being the script of docs/ivr-flow-format.md ("Simulation"). A
 * root resource of its own, so it is up (and documented) exactly while the engine's
 * {@link FlowSimulation} is.
 */
@Path("/instances/{instanceId}/ivr-flows/{id}/versions/{version}:simulate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ivr")
public class IvrSimulationResource {

    private final FlowSimulation simulation;

    IvrSimulationResource(FlowSimulation simulation) {
        this.simulation = simulation;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "ivr")
    @Operation(summary = "Run a version with no call, from a script of caller inputs (keys or phrases per input node, "
            + "hang-up at a visit or node, the clock, stubbed API answers by URL); returns the path, ports and "
            + "variables. The engine and the installed node types run it as on a call; a draft runs too",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = ScriptView.class))))
    public SimulationView simulate(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                   @PathParam("version") String version, String body) {
        long instance = Json.pathId("instanceId", instanceId);
        long flowId = Json.pathId("id", id);
        return SimulationView.of(simulation.simulate(instance, flowId, version, simulation.parseScript(body)));
    }

    @Schema(name = "IvrSimulationScript", description = "docs/ivr-flow-format.md, Simulation; every field optional")
    record ScriptView(String callerNumber, String calleeNumber,
                      @Schema(description = "ISO-8601 with offset: the clock the run starts at") String now,
                      @Schema(description = "taken in order by the nodes that ask") List<InputView> inputs,
                      Integer hangUpAtVisit, String hangUpAtNode,
                      @Schema(description = "URL -> answer; other URLs are really called") Map<String, ApiAnswerView> apiAnswers,
                      @Schema(description = "node id -> how its transfer ends") Map<String, TransferView> transfers) {
    }

    @Schema(name = "IvrSimulationInput")
    record InputView(@Schema(description = "only this node takes it; absent: the next node that asks") String node,
                     @Schema(description = "DTMF keys, e.g. 1 or 12345#") String keys,
                     @Schema(description = "what the caller says") String speech,
                     @Schema(description = "a voicemail's length") Integer recordSeconds) {
    }

    @Schema(name = "IvrSimulationApiAnswer")
    record ApiAnswerView(Integer status, @Schema(description = "JSON object or text") Object body) {
    }

    @Schema(name = "IvrSimulationTransfer")
    record TransferView(Boolean connected, String reason, String answeredBy) {
    }

    @Schema(name = "IvrSimulation", description = "the path a call would take, as its trace")
    record SimulationView(long flowId, String version, boolean draft,
                          @Schema(allowableValues = {"end", "caller_hung_up", "visit_limit", "node_type_missing",
                                  "node_failed"}) String endReason,
                          @Schema(description = "SPEC §27.2") String status, int visits, List<StepView> path,
                          Map<String, String> variables, int inputsLeft) {
        static SimulationView of(SimulationResult r) {
            return new SimulationView(r.flowId(), r.version(), r.draft(), r.endReason(), r.status(), r.visits(),
                    r.path().stream().map(StepView::of).toList(), r.variables(), r.inputsLeft());
        }
    }

    @Schema(name = "IvrSimulationStep")
    record StepView(int visit, String nodeId, String label, String type,
                    @Schema(description = "the exit taken; empty where the flow ended") String port, String keys,
                    String details, @Schema(description = "prompts played, after substitution") List<String> said) {
        static StepView of(SimulationResult.Step s) {
            return new StepView(s.visit(), s.nodeId(), s.label(), s.type(), s.port(), s.keys(), s.details(), s.said());
        }
    }
}
