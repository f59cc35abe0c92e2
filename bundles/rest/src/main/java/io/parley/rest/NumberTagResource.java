package io.parley.rest;

import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.NumberTag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Number tags, SPEC §3.1/§3.2: {@code {I}/number-tags}. */
@Path("/instances/{instanceId}/number-tags")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "numbers")
public final class NumberTagResource {
    private final NumberService numbers;

    NumberTagResource(NumberService numbers) {
        this.numbers = numbers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "numbers")
    @Operation(summary = "Create a number tag: name 1..20 characters, unique ignoring case (409)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SipChannelViews.TagWrite.class))))
    public Response create(@PathParam("instanceId") String instanceId, String body) {
        Json.Body json = Json.object(body, Set.of("name"));
        NumberTag tag = numbers.createTag(Json.pathId("instanceId", instanceId), json.string("name"));
        return Response.status(201).entity(new SipChannelViews.TagView(tag.id(), tag.name(), 0)).build();
    }

    @GET
    @Allowed(permission = "numbers")
    @Operation(summary = "Every tag with the number of numbers carrying it, by name, plus the counts of All "
            + "numbers and Untagged ones")
    public SipChannelViews.TagListView list(@PathParam("instanceId") String instanceId) {
        return SipChannelViews.TagListView.of(numbers.tags(Json.pathId("instanceId", instanceId)));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "numbers")
    @Operation(summary = "Delete a tag; numbers carrying it lose it")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        numbers.deleteTag(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }
}
