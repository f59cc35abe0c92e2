package io.parley.rest;

import io.parley.api.agent.AgentStatusService;
import io.parley.api.agent.BasicSettings;
import io.parley.api.agent.BreakReason;
import io.parley.api.error.InvalidException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Presence configuration, SPEC §14: {@code {I}/break-reasons} here, {@code {I}/settings/basic}
 * in {@link BasicSettingsResource} (a root at {@code /instances/{instanceId}} would shadow
 * {@code GET /instances/{id}}).
 */
@Path("/instances/{instanceId}/break-reasons")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agent status")
public class AgentStatusResource {

    private static final Set<String> FIELDS = Set.of("name", "enabled");

    private final AgentStatusService status;

    AgentStatusResource(AgentStatusService status) {
        this.status = status;
    }

    @Schema(name = "BreakReason", description = "SPEC §14.2")
    record BreakReasonView(long id, String name, boolean enabled) {
        static BreakReasonView of(BreakReason r) {
            return new BreakReasonView(r.id(), r.name(), r.enabled());
        }
    }

    @Schema(name = "BreakReasonWrite")
    record BreakReasonWrite(@Schema(maxLength = 20, description = "1..20 characters, unique") String name,
                            @Schema(description = "default true") Boolean enabled) {
    }

    @Schema(name = "BasicSettings", description = "SPEC §14.1")
    record BasicSettingsView(@Schema(allowableValues = {"available", "busy"}) String defaultStatusAfterLogin) {
        static BasicSettingsView of(BasicSettings s) {
            return new BasicSettingsView(s.defaultStatusAfterLogin().wire());
        }
    }

    @GET
    @Allowed(permission = "basic_settings")
    @Operation(summary = "The instance's On Break reasons, by id")
    public Views.PageView<BreakReasonView> list(@PathParam("instanceId") String instanceId) {
        List<BreakReasonView> items = status.breakReasons(Json.pathId("instanceId", instanceId)).stream()
                .map(BreakReasonView::of).toList();
        return new Views.PageView<>(items, items.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "basic_settings")
    @Operation(summary = "Create an On Break reason (at most 100 per instance)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = BreakReasonWrite.class))))
    public Response create(@PathParam("instanceId") String instanceId, String body) {
        Json.Body json = Json.object(body, FIELDS);
        BreakReason created = status.createBreakReason(Json.pathId("instanceId", instanceId), json.string("name"),
                BodyParts.bool(json, "enabled"));
        return Response.status(201).entity(BreakReasonView.of(created)).build();
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "basic_settings")
    @Operation(summary = "One On Break reason")
    public BreakReasonView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return BreakReasonView.of(status.breakReason(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "basic_settings")
    @Operation(summary = "Rename, enable or disable an On Break reason",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = BreakReasonWrite.class))))
    public BreakReasonView edit(@PathParam("instanceId") String instanceId, @PathParam("id") String id, String body) {
        Json.Body json = Json.object(body, FIELDS);
        if (json.isNull("name") || json.isNull("enabled")) {
            throw new InvalidException(json.isNull("name") ? "name" : "enabled", "must not be null");
        }
        return BreakReasonView.of(status.editBreakReason(Json.pathId("instanceId", instanceId), Json.pathId("id", id),
                json.string("name"), BodyParts.bool(json, "enabled")));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "basic_settings")
    @Operation(summary = "Delete an On Break reason")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        status.deleteBreakReason(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }

    /** This resource and the basic settings, for {@link RestServer}. */
    static List<Object> all(AgentStatusService status) {
        return List.of(new AgentStatusResource(status), new BasicSettingsResource(status));
    }

    /** {@code GET|PATCH {I}/settings/basic}. */
    @Path("/instances/{instanceId}/settings/basic")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "agent status")
    public static final class BasicSettingsResource {
        private final AgentStatusService status;

        BasicSettingsResource(AgentStatusService status) {
            this.status = status;
        }

        @GET
        @Allowed(permission = "basic_settings")
        @Operation(summary = "The status an agent gets at login")
        public BasicSettingsView basic(@PathParam("instanceId") String instanceId) {
            return BasicSettingsView.of(status.basicSettings(Json.pathId("instanceId", instanceId)));
        }

        @PATCH
        @Consumes(MediaType.APPLICATION_JSON)
        @Allowed(permission = "basic_settings")
        @Operation(summary = "Set default_status_after_login: available or busy",
                requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = BasicSettingsView.class))))
        public BasicSettingsView editBasic(@PathParam("instanceId") String instanceId, String body) {
            Json.Body json = Json.object(body, Set.of("default_status_after_login"));
            if (json.isNull("default_status_after_login")) {
                throw new InvalidException("default_status_after_login", "must not be null");
            }
            return BasicSettingsView.of(status.updateBasicSettings(Json.pathId("instanceId", instanceId),
                    json.string("default_status_after_login")));
        }
    }
}
