package io.parley.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.Role;
import io.parley.api.role.RoleDraft;
import io.parley.api.role.RoleService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Roles, SPEC §5: {@code {I}/roles}. */
@Path("/instances/{instanceId}/roles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "roles")
public class RoleResource {

    private static final Set<String> FIELDS = Set.of("name", "permissions", "skill_group_scope", "member_agent_ids");

    private final RoleService roles;

    RoleResource(RoleService roles) {
        this.roles = roles;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "roles")
    @Operation(summary = "Create a custom role; its member agents move to it from their previous role",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PeopleViews.RoleWrite.class))))
    public Response create(@PathParam("instanceId") String instanceId, String body) {
        Role created = roles.create(Json.pathId("instanceId", instanceId), draft(body));
        return Response.status(201).entity(PeopleViews.RoleView.of(created)).build();
    }

    @GET
    @Allowed(permission = "roles")
    @Operation(summary = "List roles (the three built-in roles first)")
    public Views.PageView<PeopleViews.RoleView> list(@PathParam("instanceId") String instanceId,
                                                     @QueryParam("page") String page,
                                                     @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(roles.list(Json.pathId("instanceId", instanceId), request), PeopleViews.RoleView::of);
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "roles")
    @Operation(summary = "One role")
    public PeopleViews.RoleView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return PeopleViews.RoleView.of(roles.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "roles")
    @Operation(summary = "Change name, permissions, scope; member_agent_ids moves those agents to the role",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PeopleViews.RoleWrite.class))))
    public PeopleViews.RoleView edit(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                     String body) {
        return PeopleViews.RoleView.of(roles.edit(Json.pathId("instanceId", instanceId), Json.pathId("id", id),
                draft(body)));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "roles")
    @Operation(summary = "Delete a custom role; refused (409) for built-in roles and while agents hold it")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        roles.delete(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }

    private static RoleDraft draft(String body) {
        Json.Body json = Json.object(body, FIELDS);
        if (json.isNull("name")) {
            throw new InvalidException("name", "must not be null");
        }
        return new RoleDraft(json.string("name"), BodyParts.strings(json, "permissions"), scope(json),
                BodyParts.strings(json, "member_agent_ids"));
    }

    /** {@code {"analytics.telephone": [2001], "overview": "all"}}; "all" becomes a null list. */
    private static Map<String, List<Long>> scope(Json.Body json) {
        JsonNode v = json.node().get("skill_group_scope");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new MalformedException("skill_group_scope", "must be an object: permission → \"all\" or [ids]");
        }
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "skill_group_scope." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isTextual() && "all".equals(value.textValue())) {
                out.put(e.getKey(), null);
            } else if (value.isArray()) {
                List<Long> ids = new ArrayList<>();
                for (JsonNode id : value) {
                    if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                        throw new MalformedException(field, "must be \"all\" or an array of skill group ids");
                    }
                    ids.add(id.longValue());
                }
                out.put(e.getKey(), ids);
            } else {
                throw new MalformedException(field, "must be \"all\" or an array of skill group ids");
            }
        }
        return out;
    }
}
