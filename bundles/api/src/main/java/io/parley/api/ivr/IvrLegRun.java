package io.parley.api.ivr;

import java.util.concurrent.CompletionStage;

/**
 * A flow running on one leg of a call that goes on after it: a self-service process on the
 * customer's leg ({@link SelfServiceRunner}), a number's outbound flow on the callee's leg
 * ({@link OutboundFlowRunner}). When it ends the party is handed back to whoever started it,
 * unless a node hung up or the party did.
 *
 * <pre>{@code
 * IvrLegRun run = runner.start(...);
 * run.finished().thenAccept(reason -> {
 *     if (!"caller_hung_up".equals(reason) && !"hung_up".equals(reason)) callControl.bridge(callId, customerLeg, agentLeg);
 * });
 * }</pre>
 */
public interface IvrLegRun {

    /**
     * Completes when the flow is over: {@code end} (End node, or an exit left unconnected),
     * {@code returned_to_call}, {@code caller_hung_up} (the party on the leg hung up),
     * {@code hung_up} (a node hung the call up), or {@code visit_limit}, {@code node_type_missing},
     * {@code node_failed}, {@code version_unavailable}, {@code engine_stopped} (the party heard an
     * apology, if it could be played, and is handed back).
     */
    CompletionStage<String> finished();

    /** Stops the flow now and hands the party back (the agent's {@code :return-to-call}); a no-op once finished. */
    void returnToCall();
}
