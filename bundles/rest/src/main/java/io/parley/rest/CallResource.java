package io.parley.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.agentcall.AgentCall;
import io.parley.api.agentcall.AgentCallService;
import io.parley.api.agentcall.CallTransfer;
import io.parley.api.agentcall.OutboundCallRequest;
import io.parley.api.auth.Caller;
import io.parley.api.call.LegInfo;
import io.parley.api.error.MalformedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * Agents' calls, SPEC §16.1, §16.2, §21: {@code {I}/calls} (live calls), {@code {I}/calls/outbound}
 * (originate, redial) and the in-call controls {@code {I}/calls/{sid}:hangup|:hold|:unhold|:mute|
 * :unmute|:send-dtmf|:transfer}. Permission {@code workstation} (an agent, its own calls only) or
 * {@code monitoring.calls} (every call of the instance); the rules live in {@link AgentCallService}.
 */
@Path("/instances/{instanceId}/calls")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "calls")
public class CallResource {

    private final AgentCallService calls;

    CallResource(AgentCallService calls) {
        this.calls = calls;
    }

    @Schema(name = "CallLeg", description = "one side of a call")
    record LegView(String id, @Schema(allowableValues = {"trunk", "phone"}) String kind, String party,
                   @Schema(allowableValues = {"ringing", "early", "answered", "held", "ended"}) String state,
                   int sipStatus, String failureStatus, long rtpReceived, long rtpSent, String since) {
        static LegView of(LegInfo l) {
            return new LegView(l.id(), l.kind(), l.party(), l.state(), l.sipStatus(), l.failureStatus(), l.rtpReceived(),
                    l.rtpSent(), l.since().toString());
        }
    }

    @Schema(name = "LiveCall", description = "SPEC §16: a live call, its legs, agent and queue")
    record CallView(String sessionId, @Schema(allowableValues = {"inbound", "outbound"}) String direction,
                    @Schema(allowableValues = {"setup", "answered", "bridged", "held", "ended"}) String state,
                    @Schema(description = "protected per §25/§26 for callers without monitoring") String customerNumber,
                    String agentId, Long skillGroupId, boolean queued, boolean muted, String description,
                    @Schema(description = "the originate request's user_data object") Map<String, Object> userData,
                    List<LegView> legs, String since, long elapsedS) {
        static CallView of(AgentCall c) {
            Map<String, Object> data = null;
            if (c.userData() != null) {
                try {
                    data = Json.MAPPER.readValue(c.userData(), new com.fasterxml.jackson.core.type.TypeReference<>() {
                    });
                } catch (Exception e) {
                    data = null;   // stored as a JSON object's text by this API only
                }
            }
            return new CallView(c.sessionId(), c.direction(), c.state(), c.customerNumber(), c.agentId(),
                    c.skillGroupId(), c.queued(), c.muted(), c.description(), data,
                    c.legs().stream().map(LegView::of).toList(), c.since().toString(), c.elapsedSeconds());
        }
    }

    @Schema(name = "OutboundCall", description = "SPEC §16.1 originate, or §21 redial with redial_of")
    record OutboundWrite(@Schema(description = "1..20 digits; required") String agentId,
                         @Schema(description = "number, or user ID with §26 mapping; required unless redial_of") String callee,
                         @Schema(description = "only with allow_agent_choose_number (§11.2)") String callerNumber,
                         @Schema(maxLength = 64) String description,
                         @Schema(description = "a JSON object, at most 4 KB, echoed in events") Object userData,
                         @Schema(description = "an ended session whose customer is dialled again") String redialOf) {
    }

    @Schema(name = "SessionId")
    record SessionView(String sessionId) {
    }

    @Schema(name = "DtmfWrite")
    record DtmfWrite(@Schema(description = "1..32 of 0-9 * #", maxLength = 32) String digits) {
    }

    @Schema(name = "TransferWrite", description = "SPEC §21 transfer; the session id is kept")
    record TransferWrite(@Schema(allowableValues = {"skill_group", "agent", "external"}) String target,
                         @Schema(description = "the skill group (skill_group)") Long id,
                         @Schema(description = "the agent (agent)") String agentId,
                         @Schema(description = "the number (external)") String number,
                         @Schema(description = "external: the agent's chosen caller number (§11.2)") String callerNumber) {
    }

    @GET
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "The instance's live calls (an agent sees its own): state, legs, agent, queue, elapsed")
    public Views.PageView<CallView> list(@PathParam("instanceId") String instanceId, @Context SecurityContext security) {
        List<CallView> items = calls.calls(caller(security), Json.pathId("instanceId", instanceId)).stream()
                .map(CallView::of).toList();
        return new Views.PageView<>(items, items.size());
    }

    @GET
    @Path("/{sessionId}")
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "One live call")
    public CallView get(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                        @Context SecurityContext security) {
        return CallView.of(calls.call(caller(security), Json.pathId("instanceId", instanceId), sessionId));
    }

    @POST
    @Path("/outbound")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "Originate for an agent (SPEC §16.1): the agent's device rings first, then the callee with the "
            + "§11.2 caller number, then both are bridged; or redial an ended call (redial_of). 409 NO_CALLER_NUMBER "
            + "without an outbound number, 502 MAPPING_FAILED when a user ID cannot be mapped",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = OutboundWrite.class))),
            responses = @ApiResponse(responseCode = "201", description = "Placed",
                    content = @Content(schema = @Schema(implementation = SessionView.class))))
    public Response originate(@PathParam("instanceId") String instanceId, @Context SecurityContext security,
                              String body) {
        Json.Body json = Json.object(body, Set.of("agent_id", "callee", "caller_number", "description", "user_data",
                "redial_of"));
        String userData = null;
        JsonNode data = json.node().get("user_data");
        if (data != null && !data.isNull()) {
            if (!data.isObject()) {
                throw new MalformedException("user_data", "must be a JSON object");
            }
            userData = data.toString();
        }
        String sid = calls.originate(caller(security), Json.pathId("instanceId", instanceId), new OutboundCallRequest(
                json.string("agent_id"), json.string("callee"), json.string("caller_number"), json.string("description"),
                userData, json.string("redial_of")));
        return Response.status(201).entity(new SessionView(sid)).build();
    }

    @POST
    @Path("/{sessionId}:hangup")
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "Hang up: ends the agent's leg (an inbound caller goes on in the flow) or the outbound call",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response hangup(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                           @Context SecurityContext security) {
        calls.hangup(caller(security), Json.pathId("instanceId", instanceId), sessionId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{sessionId}:hold")
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "Hold: the customer hears the hold audio (settings/general hold_audio), not the agent",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response hold(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                         @Context SecurityContext security) {
        calls.hold(caller(security), Json.pathId("instanceId", instanceId), sessionId, true);
        return Response.noContent().build();
    }

    @POST
    @Path("/{sessionId}:unhold")
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "Retrieve the held customer", responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response unhold(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                           @Context SecurityContext security) {
        calls.hold(caller(security), Json.pathId("instanceId", instanceId), sessionId, false);
        return Response.noContent().build();
    }

    @POST
    @Path("/{sessionId}:mute")
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "Mute: the customer no longer hears the agent; the agent still hears the customer",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response mute(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                         @Context SecurityContext security) {
        calls.mute(caller(security), Json.pathId("instanceId", instanceId), sessionId, true);
        return Response.noContent().build();
    }

    @POST
    @Path("/{sessionId}:unmute")
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "Unmute the agent", responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response unmute(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                           @Context SecurityContext security) {
        calls.mute(caller(security), Json.pathId("instanceId", instanceId), sessionId, false);
        return Response.noContent().build();
    }

    @POST
    @Path("/{sessionId}:send-dtmf")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "Send digits to the customer as RFC 4733 events (extension digits after an outbound call connects)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = DtmfWrite.class))),
            responses = @ApiResponse(responseCode = "204", description = "Sent"))
    public Response sendDtmf(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                             @Context SecurityContext security, String body) {
        Json.Body json = Json.object(body, Set.of("digits"));
        calls.sendDtmf(caller(security), Json.pathId("instanceId", instanceId), sessionId, json.string("digits"));
        return Response.noContent().build();
    }

    @POST
    @Path("/{sessionId}:transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(anyOf = {"workstation", "monitoring.calls"})
    @Operation(summary = "Transfer the customer to a skill group (queued by the ACD; 503 while it is not installed), an "
            + "available agent, or an external number (caller number by §11); the session id is kept and the agent's "
            + "leg ends once the target answers",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = TransferWrite.class))),
            responses = @ApiResponse(responseCode = "204", description = "Transfer started"))
    public Response transfer(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                             @Context SecurityContext security, String body) {
        Json.Body json = Json.object(body, Set.of("target", "id", "agent_id", "number", "caller_number"));
        JsonNode id = json.node().get("id");
        if (id != null && !id.isNull() && !(id.isIntegralNumber() && id.canConvertToLong() && id.longValue() > 0)) {
            throw new MalformedException("id", "must be a positive integer");
        }
        Long group = id == null || id.isNull() ? null : id.longValue();
        calls.transfer(caller(security), Json.pathId("instanceId", instanceId), sessionId, new CallTransfer(
                json.string("target"), group, json.string("agent_id"), json.string("number"),
                json.string("caller_number")));
        return Response.noContent().build();
    }

    private static Caller caller(SecurityContext security) {
        return CallerPrincipal.of(security).caller();
    }
}
