package io.parley.rest;

import io.parley.api.agent.AgentService;
import io.parley.api.error.InvalidException;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.ivr.SelfService;
import io.parley.api.ivr.SelfServiceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Self-service processes, SPEC §22.1: {@code {I}/self-services} (permission {@code self_service}),
 * and the enabled ones an agent may start, {@code {I}/agents/{id}/self-services} (also
 * {@code workstation}, the agent's own permission).
 */
@Path("/instances/{instanceId}/self-services")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ivr")
public class SelfServiceResource {

    private static final Set<String> FIELDS = Set.of("name", "ivr_id", "ivr_version", "enabled");

    private final SelfServiceService selfServices;

    SelfServiceResource(SelfServiceService selfServices) {
        this.selfServices = selfServices;
    }

    /** This resource and the agents' list. */
    static List<Object> all(SelfServiceService selfServices, Supplier<AgentService> agents) {
        return List.of(new SelfServiceResource(selfServices), new OfAgent(selfServices, agents));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "self_service")
    @Operation(summary = "Create a self-service process running a published version of a self_service flow",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SelfServiceWrite.class))),
            responses = @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = SelfServiceView.class))))
    public Response create(@PathParam("instanceId") String instanceId, String body) {
        Json.Body json = Json.object(body, FIELDS);
        long instance = Json.pathId("instanceId", instanceId);
        SelfService created = selfServices.create(instance, new SelfService(0, instance, json.string("name"),
                ivrId(json), json.string("ivr_version"), !json.has("enabled") || bool(json, "enabled")));
        return Response.status(201).entity(SelfServiceView.of(created)).build();
    }

    @GET
    @Allowed(permission = "self_service")
    @Operation(summary = "Every self-service process of the instance, by name")
    public Views.PageView<SelfServiceView> list(@PathParam("instanceId") String instanceId) {
        List<SelfServiceView> items = selfServices.list(Json.pathId("instanceId", instanceId)).stream()
                .map(SelfServiceView::of).toList();
        return new Views.PageView<>(items, items.size());
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "self_service")
    @Operation(summary = "One self-service process")
    public SelfServiceView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return SelfServiceView.of(selfServices.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "self_service")
    @Operation(summary = "Change name, flow, version or enabled",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SelfServiceWrite.class))))
    public SelfServiceView edit(@PathParam("instanceId") String instanceId, @PathParam("id") String id, String body) {
        Json.Body json = Json.object(body, FIELDS);
        long instance = Json.pathId("instanceId", instanceId);
        SelfService s = selfServices.get(instance, Json.pathId("id", id));
        return SelfServiceView.of(selfServices.update(instance, s.id(), new SelfService(s.id(), instance,
                json.has("name") ? json.string("name") : s.name(), json.has("ivr_id") ? ivrId(json) : s.ivrId(),
                json.has("ivr_version") ? json.string("ivr_version") : s.ivrVersion(),
                json.has("enabled") ? bool(json, "enabled") : s.enabled())));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "self_service")
    @Operation(summary = "Delete a self-service process")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        selfServices.delete(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }

    private static long ivrId(Json.Body json) {
        if (!json.has("ivr_id") || json.isNull("ivr_id")) {
            throw new InvalidException("ivr_id", "is required: a flow of kind self_service");
        }
        if (!json.node().get("ivr_id").isIntegralNumber() || !json.node().get("ivr_id").canConvertToLong()) {
            throw new io.parley.api.error.MalformedException("ivr_id", "must be an integer");
        }
        return json.node().get("ivr_id").asLong();
    }

    private static boolean bool(Json.Body json, String field) {
        if (!json.node().get(field).isBoolean()) {
            throw new io.parley.api.error.MalformedException(field, "must be true or false");
        }
        return json.node().get(field).asBoolean();
    }

    /** {@code GET {I}/agents/{id}/self-services}. */
    @Path("/instances/{instanceId}/agents/{agentId}/self-services")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "ivr")
    public static final class OfAgent {
        private final SelfServiceService selfServices;
        private final Supplier<AgentService> agents;

        OfAgent(SelfServiceService selfServices, Supplier<AgentService> agents) {
            this.selfServices = selfServices;
            this.agents = agents;
        }

        @GET
        @Allowed(anyOf = {"self_service", "workstation"})
        @Operation(summary = "The enabled self-service processes an agent may start during a call (SPEC §22.2)")
        public Views.PageView<SelfServiceView> list(@PathParam("instanceId") String instanceId,
                                                    @PathParam("agentId") String agentId) {
            long instance = Json.pathId("instanceId", instanceId);
            AgentService a = agents.get();
            if (a != null) {
                a.get(instance, agentId);    // 404 for an agent that does not exist
            }
            List<SelfServiceView> items = selfServices.enabled(instance).stream().map(SelfServiceView::of).toList();
            return new Views.PageView<>(items, items.size());
        }
    }

    @Schema(name = "SelfServiceWrite", description = "SPEC §22.1")
    record SelfServiceWrite(@Schema(description = "1..32 characters, unique") String name,
                            @Schema(description = "a flow of kind self_service") Long ivrId,
                            @Schema(description = "default MAIN; must be published") String ivrVersion,
                            @Schema(description = "default true") Boolean enabled) {
    }

    @Schema(name = "SelfService", description = "SPEC §22.1")
    record SelfServiceView(long id, String name, long ivrId, String ivrVersion, boolean enabled) {
        static SelfServiceView of(SelfService s) {
            return new SelfServiceView(s.id(), s.name(), s.ivrId(), s.ivrVersion() == null ? IvrVersion.MAIN : s.ivrVersion(),
                    s.enabled());
        }
    }
}
