package io.parley.api.ivr;

/**
 * How a transfer ended, once the transferred leg is over.
 *
 * @param connected  whether someone answered
 * @param reason     e.g. {@code agent_hung_up}, {@code caller_hung_up}, {@code no_answer}, {@code queue_timeout}
 * @param answeredBy agent id or extension that answered, or null
 */
public record TransferOutcome(boolean connected, String reason, String answeredBy) {

    /** The agent (or extension, or external party) hung up first; the caller goes on in the flow. */
    public static final String AGENT_HUNG_UP = "agent_hung_up";
    /** The caller hung up; the flow ends. */
    public static final String CALLER_HUNG_UP = "caller_hung_up";
    /** The target rang and nobody answered. */
    public static final String NO_ANSWER = "no_answer";
    /** The call waited in the queue longer than allowed. */
    public static final String QUEUE_TIMEOUT = "queue_timeout";
    /** No agent was online in the target skill group(s). */
    public static final String NO_AGENT_ONLINE = "no_agent_online";
    /** The target does not exist, e.g. an extension no phone or group has. */
    public static final String UNKNOWN_TARGET = "unknown_target";
    /** The target could not be reached (busy, carrier error). */
    public static final String FAILED = "failed";
}
