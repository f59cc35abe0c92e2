package io.parley.api.event;

/**
 * EventAdmin topics and property keys for agents' sessions and presence (SPEC §14.3).
 *
 * <pre>{@code
 * eventAdmin.postEvent(new Event(AgentEvents.PRESENCE_CHANGED,
 *         Map.of(AgentEvents.AGENT_ID, "100010", AgentEvents.PRESENCE, "available")));
 * }</pre>
 */
public final class AgentEvents {

    public static final String PREFIX = "parley/agent/";
    public static final String LOGGED_IN = PREFIX + "LOGGED_IN";
    public static final String LOGGED_OUT = PREFIX + "LOGGED_OUT";
    public static final String PRESENCE_CHANGED = PREFIX + "PRESENCE_CHANGED";
    public static final String FORCED_OFFLINE = PREFIX + "FORCED_OFFLINE";

    public static final String AGENT_ID = "agent.id";
    public static final String INSTANCE_ID = "instance.id";
    public static final String PRESENCE = "presence";
    public static final String REASON = "reason";
    public static final String TIMESTAMP = "timestamp";

    private AgentEvents() {
    }
}
