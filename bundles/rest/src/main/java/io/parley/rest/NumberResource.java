package io.parley.rest;

import io.parley.api.error.MalformedException;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** The instance-level numbers, SPEC §3.2: {@code {I}/numbers[/{id}]}. */
@Path("/instances/{instanceId}/numbers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "numbers")
public final class NumberResource {
    private final NumberService numbers;

    NumberResource(NumberService numbers) {
        this.numbers = numbers;
    }

    @GET
    @Allowed(permission = "numbers")
    @Operation(summary = "The instance's numbers by id; `q` matches a substring of the canonical number, `tag` "
            + "a tag name (ignoring case), `untagged=true` numbers without tags, `status` one §2.1 status")
    public Views.PageView<SipChannelViews.NumberView> list(@PathParam("instanceId") String instanceId,
                                                           @QueryParam("q") String q,
                                                           @QueryParam("tag") String tag,
                                                           @QueryParam("untagged") String untagged,
                                                           @QueryParam("status") String status,
                                                           @QueryParam("page") String page,
                                                           @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        boolean onlyUntagged = false;
        if (untagged != null && !untagged.isEmpty()) {
            if (!untagged.equals("true") && !untagged.equals("false")) {
                throw new MalformedException("untagged", "must be true or false");
            }
            onlyUntagged = untagged.equals("true");
        }
        return Views.PageView.of(numbers.list(Json.pathId("instanceId", instanceId),
                new NumberFilter(q, tag, onlyUntagged, status), request), SipChannelViews.NumberView::of);
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "numbers")
    @Operation(summary = "One number with its settings")
    public SipChannelViews.NumberView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return SipChannelViews.NumberView.of(numbers.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "numbers")
    @Operation(summary = "Change a number's settings (§2.1 limits and §3.1); inbound_ivr_id or outbound_ivr_id "
            + "null removes that binding; number and instance_id are immutable",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SipChannelViews.NumberWrite.class))))
    public SipChannelViews.NumberView edit(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                           String body) {
        Json.Body json = Json.object(body, SipChannelResource.NUMBER_EDIT_FIELDS);
        return SipChannelViews.NumberView.of(numbers.edit(Json.pathId("instanceId", instanceId),
                Json.pathId("id", id), SipChannelResource.numberDraft(json, "")));
    }

    @POST
    @Path("/{id}:approve")
    @Allowed(permission = "numbers")
    @Operation(summary = "pending_approval → active (SPEC §2.2); 409 unless the instance requires number "
            + "approval and the number is pending")
    public SipChannelViews.NumberView approve(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return SipChannelViews.NumberView.of(numbers.approve(Json.pathId("instanceId", instanceId),
                Json.pathId("id", id)));
    }

    @POST
    @Path("/{id}:reject")
    @Allowed(permission = "numbers")
    @Operation(summary = "pending_approval → rejected (SPEC §2.2); 409 unless the instance requires number "
            + "approval and the number is pending")
    public SipChannelViews.NumberView reject(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return SipChannelViews.NumberView.of(numbers.reject(Json.pathId("instanceId", instanceId),
                Json.pathId("id", id)));
    }
}
