package io.parley.rest;

import io.parley.api.auth.Permission;
import io.parley.api.error.ForbiddenException;
import io.parley.api.error.InvalidException;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.skillgroup.SkillGroupDraft;
import io.parley.api.skillgroup.MemberDraft;
import io.parley.api.skillgroup.SkillGroupService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/**
 * Skill groups, SPEC §6: {@code {I}/skill-groups}. A caller whose role scopes {@code skill_groups}
 * (SPEC §5.3) lists only its groups, gets 404 for any other group and its members, and cannot
 * create groups (403).
 */
@Path("/instances/{instanceId}/skill-groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "skill groups")
public class SkillGroupResource {

    private static final Set<String> FIELDS = Set.of("name", "ringing_mode", "reception_limit", "extension", "type");

    private final SkillGroupService groups;

    SkillGroupResource(SkillGroupService groups) {
        this.groups = groups;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "skill_groups")
    @Operation(summary = "Create a skill group",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = Views.SkillGroupWrite.class))),
            responses = @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = Views.SkillGroupView.class))))
    public Response create(@PathParam("instanceId") String instanceId, @Context SecurityContext security, String body) {
        if (AgentResource.caller(security).scopeOrAll(Permission.SKILL_GROUPS) != null) {
            throw ForbiddenException.because(null, "your role's skill_groups scope is fixed skill groups; a new group "
                    + "would be outside it");
        }
        SkillGroup created = groups.create(Json.pathId("instanceId", instanceId), draft(body));
        return Response.status(201).entity(Views.SkillGroupView.of(created)).build();
    }

    @GET
    @Allowed(permission = "skill_groups")
    @Operation(summary = "List skill groups, optionally those whose name contains `name` (ignoring case)")
    public Views.PageView<Views.SkillGroupView> list(@PathParam("instanceId") String instanceId,
                                                     @QueryParam("name") String name,
                                                     @Context SecurityContext security,
                                                     @QueryParam("page") String page,
                                                     @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(groups.list(Json.pathId("instanceId", instanceId), name,
                        AgentResource.caller(security).scopeOrAll(Permission.SKILL_GROUPS), request),
                Views.SkillGroupView::of);
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "skill_groups")
    @Operation(summary = "One skill group")
    public Views.SkillGroupView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                   @Context SecurityContext security) {
        visible(security, id);
        return Views.SkillGroupView.of(groups.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "skill_groups")
    @Operation(summary = "Change the given fields; \"extension\": null removes the extension",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = Views.SkillGroupWrite.class))))
    public Views.SkillGroupView edit(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                     @Context SecurityContext security, String body) {
        visible(security, id);
        return Views.SkillGroupView.of(
                groups.edit(Json.pathId("instanceId", instanceId), Json.pathId("id", id), draft(body)));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "skill_groups")
    @Operation(summary = "Delete a skill group; refused (409) while it has member agents")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                           @Context SecurityContext security) {
        visible(security, id);
        groups.delete(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/agents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "skill_groups")
    @Operation(summary = "Add member agents with priority 1..5 (default 3); a simultaneous group holds at most 2 "
            + "members, agents and phones together (422)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PeopleViews.MembersWrite.class))))
    public Views.SkillGroupView addAgents(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                          @Context SecurityContext security, String body) {
        visible(security, id);
        Json.Body json = Json.object(body, Set.of("agents"));
        com.fasterxml.jackson.databind.JsonNode list = json.node().get("agents");
        if (list == null || !list.isArray()) {
            throw new io.parley.api.error.MalformedException("agents", "must be an array of {agent_id, priority}");
        }
        java.util.List<MemberDraft> members = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isObject()) {
                throw new io.parley.api.error.MalformedException("agents[" + i + "]", "must be {agent_id, priority}");
            }
            Json.Body m = Json.object(list.get(i).toString(), Set.of("agent_id", "priority"));
            members.add(new MemberDraft(m.string("agent_id"), m.integer("priority")));
        }
        return Views.SkillGroupView.of(groups.addAgents(Json.pathId("instanceId", instanceId), Json.pathId("id", id),
                members));
    }

    @PATCH
    @Path("/{id}/agents/{agentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "skill_groups")
    @Operation(summary = "Change a member agent's priority (1..5)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PeopleViews.MemberWrite.class))))
    public Views.SkillGroupView setPriority(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                            @PathParam("agentId") String agentId, @Context SecurityContext security,
                                            String body) {
        visible(security, id);
        Json.Body json = Json.object(body, Set.of("priority", "agent_id"));
        Integer priority = json.integer("priority");
        if (priority == null) {
            throw new InvalidException("priority", "is required (1..5)");
        }
        return Views.SkillGroupView.of(groups.setAgentPriority(Json.pathId("instanceId", instanceId),
                Json.pathId("id", id), agentId, priority));
    }

    @DELETE
    @Path("/{id}/agents/{agentId}")
    @Allowed(permission = "skill_groups")
    @Operation(summary = "Remove a member agent from the group")
    public Views.SkillGroupView removeAgent(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                            @PathParam("agentId") String agentId, @Context SecurityContext security) {
        visible(security, id);
        return Views.SkillGroupView.of(groups.removeAgent(Json.pathId("instanceId", instanceId), Json.pathId("id", id),
                agentId));
    }

    /** A group outside the caller's skill_groups scope (SPEC §5.3) answers as absent (404). */
    private static void visible(SecurityContext security, String id) {
        long group = Json.pathId("id", id);
        AgentResource.caller(security).requireCovers(Permission.SKILL_GROUPS, java.util.List.of(group), "skill group", group);
    }

    private static SkillGroupDraft draft(String body) {
        Json.Body json = Json.object(body, FIELDS);
        String type = json.string("type");
        if (type != null && !SkillGroup.TYPE_PHONE.equals(type)) {
            throw new InvalidException("type", "must be " + SkillGroup.TYPE_PHONE);
        }
        if (json.isNull("name")) {
            throw new InvalidException("name", "must not be null");
        }
        return new SkillGroupDraft(json.string("name"), json.string("ringing_mode"), json.integer("reception_limit"),
                json.string("extension"), json.isNull("extension"));
    }
}
