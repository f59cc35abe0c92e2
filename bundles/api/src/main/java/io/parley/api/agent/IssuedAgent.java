package io.parley.api.agent;

/**
 * An agent with its new password, shown to the caller once. No SMTP delivery exists yet, so
 * the password is always returned here ({@code mailed} is false).
 *
 * <pre>{@code
 * IssuedAgent issued = agents.resetPassword(instanceId, "100010");
 * hand(issued.agent().email(), issued.password());
 * }</pre>
 */
public record IssuedAgent(Agent agent, String password, boolean mailed) {
}
