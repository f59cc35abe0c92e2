package io.parley.rest;

import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentPresence;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.error.ForbiddenException;
import io.parley.api.error.InvalidException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/**
 * An agent's presence, SPEC §14.3: {@code {I}/agents/{id}/presence}. An agent reads and changes
 * its own (the account logged in is the agent's email); a role with {@code agents} any agent of
 * its scope. A root resource of its own so that its service ({@link AgentPresence}, the presence
 * bundle) can come and go without taking the agents' endpoints with it.
 */
@Path("/instances/{instanceId}/agents/{agentId}/presence")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class PresenceResource {

    private static final Set<String> FIELDS = Set.of("state", "break_reason_id");

    private final AgentPresence presence;
    private final AgentService agents;

    PresenceResource(AgentPresence presence, AgentService agents) {
        this.presence = presence;
        this.agents = agents;
    }

    @Schema(name = "PresenceWrite", description = "state: available, busy, on_break (with break_reason_id) or offline; "
            + "from offline it logs the agent in")
    record PresenceWrite(String state, Long breakReasonId) {
    }

    @Schema(name = "Presence", description = "The agent's presence, since when, and today's seconds per state")
    record PresenceView(String agentId, String state, Long breakReasonId, String breakReason, String sessionId,
                        String since, int callsAnsweredToday, Map<String, Long> secondsToday) {
        static PresenceView of(PresenceState s, int answered, Map<Presence, Duration> today) {
            Map<String, Long> seconds = new TreeMap<>();
            today.forEach((p, d) -> seconds.put(p.wire(), d.toSeconds()));
            return new PresenceView(s.agentId(), s.state().wire(), s.breakReasonId(), s.breakReason(), s.sessionId(),
                    s.since() == null ? null : s.since().toString(), answered, seconds);
        }
    }

    @GET
    @Allowed(anyCaller = true)
    @Operation(summary = "The agent's presence now, its calls answered and seconds per state today (the agent "
            + "itself, or a role with agents)")
    public PresenceView get(@PathParam("instanceId") String instanceId, @PathParam("agentId") String agentId,
                            @Context SecurityContext security) {
        long instance = Json.pathId("instanceId", instanceId);
        mayAct(security, instance, agentId);
        return view(instance, presence.current(instance, agentId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(anyCaller = true)
    @Operation(summary = "Set the agent's own state: available, busy, on_break with an enabled break_reason_id, or "
            + "offline (logout); from offline it logs in. 409 while ringing or in a call",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PresenceWrite.class))))
    public PresenceView set(@PathParam("instanceId") String instanceId, @PathParam("agentId") String agentId,
                            @Context SecurityContext security, String body) {
        long instance = Json.pathId("instanceId", instanceId);
        Json.Body json = Json.object(body, FIELDS);
        String state = json.string("state");
        if (state == null) {
            throw new InvalidException("state", "is required: available, busy, on_break or offline");
        }
        Presence p = Presence.fromWire(state);
        if (p == null) {
            throw new InvalidException("state", "must be available, busy, on_break or offline");
        }
        Integer reason = json.integer("break_reason_id");
        mayAct(security, instance, agentId);
        return view(instance, presence.set(instance, agentId, p, reason == null ? null : reason.longValue()));
    }

    private PresenceView view(long instance, PresenceState s) {
        return PresenceView.of(s, presence.callsAnsweredToday(instance, s.agentId()),
                presence.durationsToday(instance, s.agentId()));
    }

    /** The agent itself, or a role with {@code agents} covering the agent's groups (404 outside its scope). */
    private void mayAct(SecurityContext security, long instance, String agentId) {
        Caller caller = AgentResource.caller(security);
        Agent a = agents.get(instance, agentId);
        if (a.login().equalsIgnoreCase(caller.login())) {
            return;
        }
        if (!caller.has(Permission.AGENTS)) {
            throw ForbiddenException.because("agent_id", "an agent may change only its own presence");
        }
        caller.requireCovers(Permission.AGENTS, a.skillGroupIds(), "agent", agentId);
    }

    static List<Object> all(AgentPresence presence, AgentService agents) {
        return List.of(new PresenceResource(presence, agents));
    }
}
