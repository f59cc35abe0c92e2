package io.parley.api.media;

/**
 * One direction of audio through a {@link Bridge}.
 *
 * <pre>{@code
 * bridge.mute(BridgeDirection.AGENT_TO_CUSTOMER, true); // the customer stops hearing the agent
 * }</pre>
 */
public enum BridgeDirection {
    /** What the customer says, heard by the agent. */
    CUSTOMER_TO_AGENT,
    /** What the agent says, heard by the customer. */
    AGENT_TO_CUSTOMER
}
