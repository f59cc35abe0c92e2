package io.parley.rest;

import io.parley.api.agent.AgentDraft;
import io.parley.api.agent.AgentFilter;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.IssuedAgent;
import io.parley.api.auth.Permission;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.Response;
import org.apache.cxf.jaxrs.ext.multipart.MultipartBody;

/**
 * Agents, SPEC §4: {@code {I}/agents}. {@code agents:import} is a root resource of its own
 * (see {@link HotWordResource} for why). A caller whose role scopes {@code agents} to skill
 * groups (SPEC §5.3) lists only agents of those groups, gets 404 for any other agent, and may
 * assign only those groups (403 otherwise).
 */
@Path("/instances/{instanceId}/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentResource {

    private static final Set<String> FIELDS = Set.of("agent_id", "name", "nickname", "email", "role_id",
            "skill_group_ids", "phone_number", "mobile_answering");
    static final String CSV = "text/csv; charset=utf-8";

    private final AgentService agents;
    // force-offline also logs the agent out of presence while the presence bundle runs
    private final java.util.function.Supplier<io.parley.api.agent.AgentPresence> presence;

    AgentResource(AgentService agents) {
        this(agents, () -> null);
    }

    AgentResource(AgentService agents, java.util.function.Supplier<io.parley.api.agent.AgentPresence> presence) {
        this.agents = agents;
        this.presence = presence;
    }

    /** This resource and {@code agents:import}, for {@link RestServer}. */
    static List<Object> all(AgentService agents) {
        return all(agents, () -> null);
    }

    static List<Object> all(AgentService agents, java.util.function.Supplier<io.parley.api.agent.AgentPresence> presence) {
        return List.of(new AgentResource(agents, presence), new Import(agents), new BulkEdit(agents), new Export(agents));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "agents")
    @Operation(summary = "Create an agent with a random password: mailed to its email when an SMTP relay is configured (502 MAIL_FAILED "
            + "and nothing created when the relay refuses), otherwise in the answer, once",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PeopleViews.AgentWrite.class))),
            responses = @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = PeopleViews.IssuedAgentView.class))))
    public Response create(@PathParam("instanceId") String instanceId, @Context SecurityContext security, String body) {
        AgentDraft d = draft(body);
        caller(security).requireWithin(Permission.AGENTS, d.skillGroupIds() == null ? List.of() : d.skillGroupIds(),
                "skill_group_ids");
        IssuedAgent created = agents.create(Json.pathId("instanceId", instanceId), d);
        return Response.status(201).entity(PeopleViews.IssuedAgentView.of(created)).build();
    }

    @GET
    @Allowed(permission = "agents")
    @Operation(summary = "List agents; text filters match a part ignoring case, last_online_from/to are RFC 3339")
    public Views.PageView<PeopleViews.AgentView> list(@PathParam("instanceId") String instanceId,
                                                      @Context SecurityContext security,
                                                      @QueryParam("agent_id") String agentId,
                                                      @QueryParam("email") String email,
                                                      @QueryParam("name") String name,
                                                      @QueryParam("phone_number") String phoneNumber,
                                                      @QueryParam("skill_group") String skillGroup,
                                                      @QueryParam("mobile_answering") String mobileAnswering,
                                                      @QueryParam("last_online_from") String from,
                                                      @QueryParam("last_online_to") String to,
                                                      @QueryParam("page") String page,
                                                      @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        Integer group = Json.queryInt("skill_group", skillGroup);
        AgentFilter filter = new AgentFilter(agentId, email, name, phoneNumber, group == null ? null : group.longValue(),
                mobileAnswering, instant("last_online_from", from), instant("last_online_to", to))
                .withScope(caller(security).scopeOrAll(Permission.AGENTS));
        return Views.PageView.of(agents.list(Json.pathId("instanceId", instanceId), filter, request),
                PeopleViews.AgentView::of);
    }

    @GET
    @Path("/import-template")
    @Produces(CSV)
    @Allowed(permission = "agents")
    @Operation(summary = "The CSV template for agents:import (header and one example row)")
    public Response importTemplate(@PathParam("instanceId") String instanceId) {
        Json.pathId("instanceId", instanceId);
        return Response.ok(agents.importTemplate(), CSV)
                .header("Content-Disposition", "attachment; filename=\"agents-template.csv\"").build();
    }

    @GET
    @Path("/{agentId}")
    @Allowed(permission = "agents")
    @Operation(summary = "One agent")
    public PeopleViews.AgentView get(@PathParam("instanceId") String instanceId, @PathParam("agentId") String agentId,
                                     @Context SecurityContext security) {
        return PeopleViews.AgentView.of(visible(security, instanceId, agentId));
    }

    @PATCH
    @Path("/{agentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "agents")
    @Operation(summary = "Change name, nickname, role_id, skill_group_ids, phone_number (null removes it) or "
            + "mobile_answering; changing agent_id or email is refused (422)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PeopleViews.AgentWrite.class))))
    public PeopleViews.AgentView edit(@PathParam("instanceId") String instanceId, @PathParam("agentId") String agentId,
                                      @Context SecurityContext security, String body) {
        visible(security, instanceId, agentId);
        AgentDraft d = draft(body);
        if (d.skillGroupIds() != null) {
            caller(security).requireWithin(Permission.AGENTS, d.skillGroupIds(), "skill_group_ids");
        }
        return PeopleViews.AgentView.of(agents.edit(Json.pathId("instanceId", instanceId), agentId, d));
    }

    @DELETE
    @Path("/{agentId}")
    @Allowed(permission = "agents")
    @Operation(summary = "Delete an agent: its login stops working, its memberships are removed")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("agentId") String agentId,
                           @Context SecurityContext security) {
        visible(security, instanceId, agentId);
        agents.delete(Json.pathId("instanceId", instanceId), agentId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{agentId}:reset-password")
    @Allowed(permission = "agents")
    @Operation(summary = "A new random password, mailed to the agent when an SMTP relay is configured (the answer says \"sent to "
            + "<email>\"; 502 MAIL_FAILED and no change when the relay refuses), otherwise returned once; the old one and "
            + "every token stop working at once")
    public PeopleViews.IssuedAgentView resetPassword(@PathParam("instanceId") String instanceId,
                                                     @PathParam("agentId") String agentId,
            @Context SecurityContext security) {
        visible(security, instanceId, agentId);
        return PeopleViews.IssuedAgentView.of(agents.resetPassword(Json.pathId("instanceId", instanceId), agentId));
    }

    @POST
    @Path("/{agentId}:force-offline")
    @Allowed(permission = "agents")
    @Operation(summary = "Log the agent out everywhere and refuse its logins until resume-online")
    public PeopleViews.AgentView forceOffline(@PathParam("instanceId") String instanceId,
                                              @PathParam("agentId") String agentId,
            @Context SecurityContext security) {
        visible(security, instanceId, agentId);
        io.parley.api.agent.AgentPresence p = presence.get();
        if (p != null && agents.get(Json.pathId("instanceId", instanceId), agentId).accountState()
                != io.parley.api.agent.AccountState.FORCED_OFFLINE) {
            p.forceOffline(Json.pathId("instanceId", instanceId), agentId);
            return PeopleViews.AgentView.of(agents.get(Json.pathId("instanceId", instanceId), agentId));
        }
        return PeopleViews.AgentView.of(agents.forceOffline(Json.pathId("instanceId", instanceId), agentId));
    }

    @POST
    @Path("/{agentId}:resume-online")
    @Allowed(permission = "agents")
    @Operation(summary = "Allow a forced-offline agent to log in again")
    public PeopleViews.AgentView resumeOnline(@PathParam("instanceId") String instanceId,
                                              @PathParam("agentId") String agentId,
            @Context SecurityContext security) {
        visible(security, instanceId, agentId);
        return PeopleViews.AgentView.of(agents.resumeOnline(Json.pathId("instanceId", instanceId), agentId));
    }

    static io.parley.api.auth.Caller caller(SecurityContext security) {
        return CallerPrincipal.of(security).caller();
    }

    /** The agent, if the caller's agents scope (SPEC §5.3) covers it; 404 otherwise. */
    private io.parley.api.agent.Agent visible(SecurityContext security, String instanceId, String agentId) {
        io.parley.api.agent.Agent a = agents.get(Json.pathId("instanceId", instanceId), agentId);
        caller(security).requireCovers(Permission.AGENTS, a.skillGroupIds(), "agent", agentId);
        return a;
    }

    private static AgentDraft draft(String body) {
        Json.Body json = Json.object(body, FIELDS);
        for (String required : List.of("name", "nickname", "role_id", "agent_id", "email", "mobile_answering")) {
            if (json.isNull(required)) {
                throw new InvalidException(required, "must not be null");
            }
        }
        Integer role = json.integer("role_id");
        return new AgentDraft(json.string("agent_id"), json.string("name"), json.string("nickname"),
                json.string("email"), role == null ? null : role.longValue(), BodyParts.ids(json, "skill_group_ids"),
                json.string("phone_number"), json.string("mobile_answering"), json.isNull("phone_number"));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedException(name, "must be an RFC 3339 time such as 2026-01-31T08:00:00Z");
        }
    }

    /** {@code POST {I}/agents:import}. */
    @Path("/instances/{instanceId}/agents:import")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "agents")
    public static final class Import {
        private static final int MAX = 1 << 20;
        private final AgentService agents;

        Import(AgentService agents) {
            this.agents = agents;
        }

        @POST
        @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
        @Allowed(permission = "agents")
        @Operation(summary = "Import agents from the CSV template (the body is the file): every row is validated "
                + "first; 201 with each agent and its password, or 422 with the errors by line and column and nothing created")
        public Response importRaw(@PathParam("instanceId") String instanceId, InputStream body) {
            return answer(agents.importCsv(Json.pathId("instanceId", instanceId), BodyParts.bounded(body, MAX)));
        }

        @POST
        @Consumes(MediaType.MULTIPART_FORM_DATA)
        @Allowed(permission = "agents")
        @Operation(summary = "The same import with the CSV file as the multipart part 'file'",
                requestBody = @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                        schema = @Schema(implementation = Views.FileForm.class))))
        public Response importMultipart(@PathParam("instanceId") String instanceId, MultipartBody body) {
            return answer(agents.importCsv(Json.pathId("instanceId", instanceId), BodyParts.part(body, "file", MAX)));
        }

        private static Response answer(io.parley.api.agent.ImportResult result) {
            return Response.status(result.errors().isEmpty() ? 201 : 422)
                    .entity(PeopleViews.ImportView.of(result)).build();
        }
    }

    @Schema(name = "AgentBulkEdit", description = "SPEC §4.2 / §34 p9: agent_ids and at least one of role_id, "
            + "skill_group_ids (replaces the memberships), mobile_answering; all agents change or none")
    record BulkEditWrite(List<String> agentIds, Long roleId, List<Long> skillGroupIds,
                         @Schema(allowableValues = {"off", "when_offline", "always"}) String mobileAnswering) {
    }

    /** {@code POST {I}/agents:bulk-edit}. */
    @Path("/instances/{instanceId}/agents:bulk-edit")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "agents")
    public static final class BulkEdit {
        private final AgentService agents;

        BulkEdit(AgentService agents) {
            this.agents = agents;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Allowed(permission = "agents")
        @Operation(summary = "Set role, skill groups or mobile answering on many agents: every agent is checked first, "
                + "then all change or none (422 naming agent_ids[i] or the field)",
                requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = BulkEditWrite.class))))
        public Views.PageView<PeopleViews.AgentView> bulkEdit(@PathParam("instanceId") String instanceId,
                                                             @Context SecurityContext security, String body) {
            Json.Body json = Json.object(body, Set.of("agent_ids", "role_id", "skill_group_ids", "mobile_answering"));
            long instance = Json.pathId("instanceId", instanceId);
            List<String> ids = BodyParts.strings(json, "agent_ids");
            List<Long> groups = BodyParts.ids(json, "skill_group_ids");
            io.parley.api.auth.Caller caller = caller(security);
            if (ids != null) {
                for (String id : ids) {
                    if (id != null) {
                        try {
                            caller.requireCovers(Permission.AGENTS, agents.get(instance, id).skillGroupIds(), "agent", id);
                        } catch (io.parley.api.error.NotFoundException absent) {
                            // reported by the service with the index of the id
                        }
                    }
                }
            }
            if (groups != null) {
                caller.requireWithin(Permission.AGENTS, groups, "skill_group_ids");
            }
            Integer role = json.integer("role_id");
            List<PeopleViews.AgentView> items = agents.bulkEdit(instance, ids, role == null ? null : role.longValue(),
                    groups, json.string("mobile_answering")).stream().map(PeopleViews.AgentView::of).toList();
            return new Views.PageView<>(items, items.size());
        }
    }

    /** {@code GET {I}/agents:export}. */
    @Path("/instances/{instanceId}/agents:export")
    @Tag(name = "agents")
    public static final class Export {
        private final AgentService agents;

        Export(AgentService agents) {
            this.agents = agents;
        }

        @GET
        @Produces(CSV)
        @Allowed(permission = "agents")
        @Operation(summary = "The agents matching the list filters as CSV in the import template's columns")
        public Response export(@PathParam("instanceId") String instanceId, @Context SecurityContext security,
                               @QueryParam("agent_id") String agentId, @QueryParam("email") String email,
                               @QueryParam("name") String name, @QueryParam("phone_number") String phoneNumber,
                               @QueryParam("skill_group") String skillGroup,
                               @QueryParam("mobile_answering") String mobileAnswering) {
            Integer group = Json.queryInt("skill_group", skillGroup);
            AgentFilter filter = new AgentFilter(agentId, email, name, phoneNumber, group == null ? null : group.longValue(),
                    mobileAnswering, null, null).withScope(caller(security).scopeOrAll(Permission.AGENTS));
            return Response.ok(agents.exportCsv(Json.pathId("instanceId", instanceId), filter), CSV)
                    .header("Content-Disposition", "attachment; filename=\"agents.csv\"").build();
        }
    }
}
