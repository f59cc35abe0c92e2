package io.parley.api.ivr;

/**
 * How a transfer ended, once the transferred leg is over.
 *
 * @param connected  whether someone answered
 * @param reason     e.g. {@code agent_hung_up}, {@code caller_hung_up}, {@code no_answer}, {@code queue_timeout}
 * @param answeredBy agent id or extension that answered, or null
 */
public record TransferOutcome(boolean connected, String reason, String answeredBy) {
}
