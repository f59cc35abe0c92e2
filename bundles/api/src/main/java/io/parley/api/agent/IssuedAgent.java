package io.parley.api.agent;

/**
 * An agent with its new password. When an SMTP relay is configured the password was mailed to
 * the agent ({@code mailed} true) and {@code password} is null; otherwise it is shown to the
 * caller here, once.
 *
 * <pre>{@code
 * IssuedAgent issued = agents.resetPassword(instanceId, "100010");
 * hand(issued.agent().email(), issued.password());
 * }</pre>
 */
public record IssuedAgent(Agent agent, String password, boolean mailed) {
}
