package io.parley.api.event;

/**
 * EventAdmin topics and property keys for the life of a call. The SIP, IVR and ACD code
 * post these; records, push, statistics and monitoring listen instead of being called.
 *
 * <pre>{@code
 * @Component(property = EventConstants.EVENT_TOPIC + "=" + CallEvents.ENDED)
 * public class RecordWriter implements EventHandler {
 *     public void handleEvent(Event e) {
 *         String session = (String) e.getProperty(CallEvents.SESSION_ID);
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class CallEvents {

    /** Prefix of every call topic; subscribe to {@code parley/call/*} for all. */
    public static final String PREFIX = "parley/call/";
    public static final String CREATED = PREFIX + "CREATED";
    public static final String ANSWERED = PREFIX + "ANSWERED";
    /** One node visit of an IVR flow, posted when the visit ends: the trace of the path (the {@code ivr.*} keys). */
    public static final String IVR_NODE = PREFIX + "IVR_NODE";
    /** The flow stopped running on the call ({@link #IVR_END_REASON}, {@link #IVR_VISITS}). */
    public static final String IVR_ENDED = PREFIX + "IVR_ENDED";
    /** The ACD queued the call for {@link #SKILL_GROUP_ID}. */
    public static final String QUEUED = PREFIX + "QUEUED";
    /** The call left the queue of {@link #SKILL_GROUP_ID}; {@link #OUTCOME} says why. */
    public static final String DEQUEUED = PREFIX + "DEQUEUED";
    /** An agent ({@link #AGENT_ID}) is offered the call and rings. */
    public static final String AGENT_RINGING = PREFIX + "AGENT_RINGING";
    /** An offer to {@link #AGENT_ID} ended; {@link #OUTCOME} is {@code answered}, {@code timeout}, {@code rejected} or {@code canceled}. */
    public static final String AGENT_RING_ENDED = PREFIX + "AGENT_RING_ENDED";
    public static final String BRIDGED = PREFIX + "BRIDGED";
    public static final String HELD = PREFIX + "HELD";
    public static final String TRANSFERRED = PREFIX + "TRANSFERRED";
    public static final String ENDED = PREFIX + "ENDED";

    /** String: the session id. */
    public static final String SESSION_ID = "session.id";
    /** Long: the instance id. */
    public static final String INSTANCE_ID = "instance.id";
    /** String: {@code inbound} or {@code outbound}. */
    public static final String DIRECTION = "direction";
    public static final String CALLER = "caller";
    public static final String CALLEE = "callee";
    /** Long (epoch millis): when the event happened. */
    public static final String TIMESTAMP = "timestamp";
    /** Long: skill group of a queued or bridged call. */
    public static final String SKILL_GROUP_ID = "skill_group.id";
    /** String: the agent involved. */
    public static final String AGENT_ID = "agent.id";
    /** String: SPEC §27.2 status of an ended call. */
    public static final String STATUS = "status";
    /** String: {@code telephone} or {@code internal} (SPEC §27.1). */
    public static final String CATEGORY = "category";
    /** String: the leg an event is about ({@code a}, {@code b}…), when it is about one leg. */
    public static final String LEG_ID = "leg.id";
    /** String, on {@link #BRIDGED}: the customer leg of the bridge ({@code a}…), the side a recording's left channel is. */
    public static final String CUSTOMER_LEG_ID = "customer.leg.id";
    /** Integer: the final SIP status of the leg or call that ended, when there was one. */
    public static final String SIP_STATUS = "sip.status";
    /** String: who hung up, {@code customer}, {@code agent} or {@code system} (SPEC §27.1 hangup_party). */
    public static final String HANGUP_PARTY = "hangup_party";

    /**
     * String: how a step ended. On {@link #DEQUEUED}: {@code offered} (an agent took it),
     * {@code caller_hung_up}, {@code queue_timeout}, {@code overflow}, {@code no_agent_online} or
     * {@code transferred}; on {@link #AGENT_RING_ENDED} as said there.
     */
    public static final String OUTCOME = "outcome";
    /** Boolean, on {@link #HELD}: true when the hold starts, false when it ends. */
    public static final String ON_HOLD = "on_hold";
    /** String, on {@link #TRANSFERRED}: {@code skill_group}, {@code agent}, {@code external} or {@code extension}. */
    public static final String TRANSFER_TYPE = "transfer.type";
    /** String, on {@link #TRANSFERRED}: the target (group id, agent id or number). */
    public static final String TRANSFER_TO = "transfer.to";
    /** String: {@code computer}, {@code mobile} or {@code sip_phone}, the agent's device (SPEC §27.1). */
    public static final String AGENT_TERMINAL = "agent.terminal";
    /** String: the §16.1 {@code user_data} JSON object of an agent's call, echoed in events and the record. */
    public static final String USER_DATA = "user_data";
    /** Long: the campaign of a campaign call (SPEC §19). */
    public static final String CAMPAIGN_ID = "campaign.id";

    /** Long: the IVR flow running. */
    public static final String IVR_FLOW_ID = "ivr.flow_id";
    /** String: its version. */
    public static final String IVR_VERSION = "ivr.version";
    /** String: the node visited. */
    public static final String IVR_NODE_ID = "ivr.node_id";
    public static final String IVR_NODE_LABEL = "ivr.node_label";
    public static final String IVR_NODE_TYPE = "ivr.node_type";
    /** String: the exit the visit took, or empty when the call ended inside the node. */
    public static final String IVR_PORT = "ivr.port";
    /** String: the DTMF keys heard during the visit; digits of a multi-digit collection are masked as {@code *}. */
    public static final String IVR_KEYS = "ivr.keys";
    /** String: what the node added to the trace ({@code NodeContext.trace}), e.g. {@code key digit=1 label=Sales}; entries joined by "; ". */
    public static final String IVR_DETAILS = "ivr.details";
    /** String, on {@link #IVR_ENDED} when the caller rated: {@code digit label} (SPEC §8.7). */
    public static final String IVR_SATISFACTION = "ivr.satisfaction";
    /** Integer: 1 for the first visit of the call, up to 200 (SPEC §8.15). */
    public static final String IVR_VISIT = "ivr.visit";
    /** Long: how long the visit took, milliseconds. */
    public static final String IVR_DURATION_MS = "ivr.duration_ms";
    /**
     * String, on {@link #IVR_ENDED}: {@code end} (an End node or an exit with no edge),
     * {@code caller_hung_up}, {@code visit_limit}, {@code node_type_missing}, {@code node_failed},
     * {@code version_unavailable} or {@code engine_stopped}.
     */
    public static final String IVR_END_REASON = "ivr.end_reason";
    /** Integer, on {@link #IVR_ENDED}: the node visits made. */
    public static final String IVR_VISITS = "ivr.visits";
    /**
     * Long, on {@link #IVR_NODE} and {@link #IVR_ENDED} of a self-service process run on the call
     * (SPEC §22): its id; absent for the number's own flow. Such an {@link #IVR_ENDED} carries no
     * {@link #STATUS}: the call goes on with the agent.
     */
    public static final String IVR_SELF_SERVICE_ID = "ivr.self_service_id";

    private CallEvents() {
    }
}
