package io.parley.rest;

import io.parley.api.error.InvalidException;
import io.parley.api.telephony.NumberApprovalSettings;
import io.parley.api.telephony.NumberService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** {@code GET|PATCH {I}/settings/numbers}: whether new numbers need approval (SPEC §2.1, §34 point 3). */
@Path("/instances/{instanceId}/settings/numbers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "numbers")
public final class NumberSettingsResource {
    private final NumberService numbers;

    NumberSettingsResource(NumberService numbers) {
        this.numbers = numbers;
    }

    @GET
    @Allowed(permission = "numbers")
    @Operation(summary = "The instance's number settings")
    public SipChannelViews.NumberSettingsView get(@PathParam("instanceId") String instanceId) {
        return SipChannelViews.NumberSettingsView.of(numbers.approvalSettings(Json.pathId("instanceId", instanceId)));
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "numbers")
    @Operation(summary = "Set number_approval_required (default false). On: numbers added from now on are "
            + "pending_approval. Off: pending numbers become active",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SipChannelViews.NumberSettingsView.class))))
    public SipChannelViews.NumberSettingsView patch(@PathParam("instanceId") String instanceId, String body) {
        Json.Body json = Json.object(body, Set.of("number_approval_required"));
        long instance = Json.pathId("instanceId", instanceId);
        Boolean required = BodyParts.bool(json, "number_approval_required");
        if (required == null) {
            if (json.has("number_approval_required")) {
                throw new InvalidException("number_approval_required", "must be true or false, not null");
            }
            return SipChannelViews.NumberSettingsView.of(numbers.approvalSettings(instance));
        }
        return SipChannelViews.NumberSettingsView.of(numbers.updateApprovalSettings(instance,
                new NumberApprovalSettings(required)));
    }
}
