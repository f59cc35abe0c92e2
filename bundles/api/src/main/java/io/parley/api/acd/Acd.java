package io.parley.api.acd;

import io.parley.api.ivr.TransferOutcome;

/**
 * The automatic call distributor (SPEC §8.5, §15): takes a caller out of an IVR, queues it
 * for the skill groups in order, offers it to agents by the routing policy and bridges it.
 * A {@code to_agent} node hands its call here when an ACD is installed (otherwise it rings
 * the groups through {@link io.parley.api.ivr.NodeContext#transfer}).
 *
 * <p>{@link #queue} blocks the node's thread until the caller is the flow's again, so it must
 * be called from an IVR engine thread, never a SIP or media one.
 *
 * <pre>{@code
 * TransferOutcome o = acd.queue(new AcdRequest(ctx.sessionId(), ctx.instanceId(), caller,
 *         List.of(2955L), null, List.of(), Prompt.tts("Please hold"), Duration.ofSeconds(300)));
 * if (TransferOutcome.AGENT_HUNG_UP.equals(o.reason())) { return "next"; }
 * }</pre>
 */
public interface Acd {

    /**
     * Queues the call and returns when it leaves the ACD: {@code agent_hung_up} (the agent
     * ended the agent leg; the caller continues in the flow), {@code caller_hung_up},
     * {@code queue_timeout} after {@link AcdRequest#maxQueueWait()}, or {@code no_agent_online}
     * when no agent is online in any of the groups or the overflow group (constants in
     * {@link TransferOutcome}).
     */
    TransferOutcome queue(AcdRequest request);

    /**
     * Lines for {@code parley:status} about what is not as configured, e.g.
     * {@code "ACD: instance 1000001 routes by longest_idle: policy fewest_calls is not installed"},
     * and the reconciler's repairs; empty when all is well.
     */
    default java.util.List<String> statusLines() {
        return java.util.List.of();
    }

    /** The queues of the instance's skill groups that have had calls since start, by group id. */
    default java.util.List<QueueStatus> queues(long instanceId) {
        return java.util.List.of();
    }
}
