package io.parley.api.ivr;

/**
 * Runs a self-service process on a live call (SPEC §22.2, §21.2, §23), for the agent side's
 * {@code :start-self-service} and {@code :return-to-call}. The engine runs the process's flow on
 * the customer's leg as it runs an inbound flow (prompts, keys, ratings and the trace as
 * {@code parley/call/IVR_NODE} events carrying {@code ivr.self_service_id}); reaching End, or any
 * end that is not a hang-up, hands the customer back instead of releasing the call.
 *
 * <p>The caller owns the call's shape: before {@code start} it holds the agent so that the agent
 * hears neither prompts nor the customer's keys (SPEC §34 p56); when {@link Run#finished()}
 * completes it bridges the customer back to the agent (unless the reason is
 * {@code caller_hung_up}).
 *
 * <pre>{@code
 * SelfServiceRunner.Run run = runner.start(instanceId, callId, customerLegId, selfServiceId, agentId);
 * run.finished().thenAccept(reason -> { if (!"caller_hung_up".equals(reason)) bridgeBack(); });
 * run.returnToCall();     // the agent cancels early; finished() completes with "returned_to_call"
 * }</pre>
 */
public interface SelfServiceRunner {

    /** The run on its way: {@link IvrLegRun#finished()} and {@link IvrLegRun#returnToCall()}. */
    interface Run extends IvrLegRun {
    }

    /**
     * Starts the process's flow version (read now) on {@code customerLegId} of {@code callId}.
     *
     * @param agentId the agent who started it, for the trace; may be null
     * @throws io.parley.api.error.NotFoundException the call, the leg or the self-service does not exist
     * @throws io.parley.api.error.ConflictException the self-service is disabled, or its version is not published
     */
    Run start(long instanceId, String callId, String customerLegId, long selfServiceId, String agentId);
}
