package io.parley.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.popup.PopupDraft;
import io.parley.api.popup.PopupPage;
import io.parley.api.popup.PopupService;
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

/** Inbound call pop-up pages, SPEC §13: {@code {I}/popups} (permission popups). */
@Path("/instances/{instanceId}/popups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pop-ups")
public class PopupResource {

    private static final Set<String> FIELDS = Set.of("name", "url", "width", "always_visible", "enabled");

    private final PopupService popups;

    PopupResource(PopupService popups) {
        this.popups = popups;
    }

    @Schema(name = "PopupPage", description = "SPEC §13.1")
    record PopupView(long id, String name, String url,
                     @Schema(description = "pixels 200..2000 or \"default\"") Object width,
                     boolean alwaysVisible, boolean enabled, int order) {
        static PopupView of(PopupPage p) {
            return new PopupView(p.id(), p.name(), p.url(), p.width() == null ? "default" : p.width(), p.alwaysVisible(),
                    p.enabled(), p.order());
        }
    }

    @Schema(name = "PopupPageWrite", description = "create: name and url required; edit: all optional")
    record PopupWrite(@Schema(maxLength = 20) String name,
                      @Schema(description = "https:// only, no #fragment", maxLength = 2000) String url,
                      @Schema(description = "pixels 200..2000 or \"default\" (the default)") Object width,
                      @Schema(defaultValue = "false") Boolean alwaysVisible,
                      @Schema(defaultValue = "false") Boolean enabled) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "popups")
    @Operation(summary = "Add a pop-up page at the end of the order (at most 10 per instance, 409 past that)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PopupWrite.class))))
    public Response create(@PathParam("instanceId") String instanceId, String body) {
        PopupPage p = popups.create(Json.pathId("instanceId", instanceId), draft(body));
        return Response.status(201).entity(PopupView.of(p)).build();
    }

    @GET
    @Allowed(permission = "popups")
    @Operation(summary = "The instance's pop-up pages in their order")
    public Views.PageView<PopupView> list(@PathParam("instanceId") String instanceId) {
        List<PopupView> items = popups.list(Json.pathId("instanceId", instanceId)).stream().map(PopupView::of).toList();
        return new Views.PageView<>(items, items.size());
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "popups")
    @Operation(summary = "One pop-up page")
    public PopupView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return PopupView.of(popups.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "popups")
    @Operation(summary = "Change the given fields",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PopupWrite.class))))
    public PopupView edit(@PathParam("instanceId") String instanceId, @PathParam("id") String id, String body) {
        return PopupView.of(popups.edit(Json.pathId("instanceId", instanceId), Json.pathId("id", id), draft(body)));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "popups")
    @Operation(summary = "Delete a pop-up page")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        popups.delete(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}:move-up")
    @Allowed(permission = "popups")
    @Operation(summary = "Move the page one place up (409 when first)")
    public PopupView moveUp(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return PopupView.of(popups.moveUp(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @POST
    @Path("/{id}:move-down")
    @Allowed(permission = "popups")
    @Operation(summary = "Move the page one place down (409 when last)")
    public PopupView moveDown(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return PopupView.of(popups.moveDown(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    private static PopupDraft draft(String body) {
        Json.Body json = Json.object(body, FIELDS);
        for (String f : List.of("name", "url", "width", "always_visible", "enabled")) {
            if (json.isNull(f)) {
                throw new InvalidException(f, "must not be null" + (f.equals("width") ? "; use \"default\"" : ""));
            }
        }
        Object width = null;
        JsonNode w = json.node().get("width");
        if (w != null) {
            if (w.isTextual()) {
                width = w.textValue();
            } else if (w.isIntegralNumber() && w.canConvertToInt()) {
                width = w.intValue();
            } else {
                throw new MalformedException("width", "must be an integer or \"default\"");
            }
        }
        return new PopupDraft(json.string("name"), json.string("url"), width, BodyParts.bool(json, "always_visible"),
                BodyParts.bool(json, "enabled"));
    }
}
