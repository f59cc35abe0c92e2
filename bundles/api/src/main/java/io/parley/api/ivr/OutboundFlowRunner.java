package io.parley.api.ivr;

import java.util.Optional;

/**
 * Runs the outbound flow a number binds ({@code outbound_ivr_id}, SPEC §3.1, §7.1 kind
 * {@code outbound}) toward the callee of an agent's outbound call placed on that number, e.g.
 * an announcement before the agent is connected. For the side that originates agents' calls
 * (§16.1): once the callee's leg answers, it asks this service; with no flow bound it bridges
 * at once, otherwise it bridges the agent when {@link IvrLegRun#finished()} completes (unless the
 * reason is {@code caller_hung_up} or {@code hung_up}). The agent meanwhile hears what the caller
 * side decides (ringback or silence); the flow plays only to the callee. The version run is MAIN,
 * read now.
 *
 * <pre>{@code
 * Optional<IvrLegRun> flow = outboundFlows.start(instanceId, callId, calleeLegId, numberId);
 * if (flow.isEmpty()) calls.bridge(callId, calleeLegId, agentLegId);
 * else flow.get().finished().thenAccept(reason -> { if (!reason.endsWith("hung_up")) calls.bridge(callId, calleeLegId, agentLegId); });
 * }</pre>
 */
public interface OutboundFlowRunner {

    /**
     * Starts the number's outbound flow on {@code calleeLegId}; empty when the number binds none.
     * A bound flow that cannot run (deleted, a draft) still gives a run: the callee hears the
     * apology and is handed back with {@code version_unavailable}.
     *
     * @param numberId the trunk number the call was placed on
     * @throws io.parley.api.error.NotFoundException the number, the call or the answered leg does not exist
     * @throws io.parley.api.error.ConflictException a flow already runs on a leg of this call
     */
    Optional<IvrLegRun> start(long instanceId, String callId, String calleeLegId, long numberId);
}
