package io.parley.api.agentcall;

import io.parley.api.auth.Caller;
import java.util.function.Consumer;

/**
 * The agent event stream (SPEC §16.3): what an agent client (or a supervisor's view of the
 * instance) is told about calls and presence, with the §13.2 pop-up URLs. REST serves it as
 * Server-Sent Events on {@code GET {I}/events?agent_id=}.
 *
 * <pre>{@code
 * try (AutoCloseable s = stream.subscribe(caller, 1000001, "100010", e -> send(e))) {
 *     ... until the client goes away ...
 * }
 * }</pre>
 */
public interface AgentEventStream {

    /**
     * Delivers the events of one agent ({@code agentId}), or of the whole instance ({@code agentId}
     * null: the supervisor stream, for callers with {@code monitoring.calls} or
     * {@code monitoring.agents}), to {@code sink} until the returned handle is closed. The sink is
     * called on an event thread, one event at a time; it must not block for long. When the stream
     * itself ends (the service stops) the sink is given {@code null} once, so the client can be
     * told to reconnect.
     *
     * @throws io.parley.api.error.ForbiddenException another agent's stream, or the instance's without monitoring
     * @throws io.parley.api.error.NotFoundException  no such agent
     */
    AutoCloseable subscribe(Caller caller, long instanceId, String agentId, Consumer<AgentEvent> sink);
}
