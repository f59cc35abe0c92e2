package io.parley.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.TrunkNumberDraft;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * {@code POST {I}/numbers:bulk-edit} (SPEC §3.2), a root of its own: {@code :verb} cannot
 * follow the {@code /numbers} root.
 */
@Path("/instances/{instanceId}/numbers:bulk-edit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "numbers")
public final class NumberBulkEditResource {
    private final NumberService numbers;

    NumberBulkEditResource(NumberService numbers) {
        this.numbers = numbers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "numbers")
    @Operation(summary = "Set the same field values on many numbers, all or nothing: every number is checked "
            + "first; a failure names ids[i].field and the number, and nothing changes",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SipChannelViews.NumbersBulkEdit.class))))
    public SipChannelViews.NumbersView bulkEdit(@PathParam("instanceId") String instanceId, String body) {
        Json.Body json = Json.object(body, Set.of("ids", "changes"));
        List<Long> ids = BodyParts.ids(json, "ids");
        if (ids == null) {
            throw new InvalidException("ids", "is required: the ids of the numbers to change");
        }
        JsonNode changes = json.node().get("changes");
        if (changes == null || changes.isNull()) {
            throw new InvalidException("changes", "is required: the fields to set on every number");
        }
        Json.Body fields = SipChannelResource.object(changes, "changes", SipChannelResource.NUMBER_EDIT_FIELDS);
        if (fields.node().isEmpty()) {
            throw new InvalidException("changes", "must set at least one field");
        }
        TrunkNumberDraft draft;
        try {
            draft = SipChannelResource.numberDraft(fields, "");
        } catch (MalformedException e) {
            throw new MalformedException("changes." + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
        return new SipChannelViews.NumbersView(numbers.bulkEdit(Json.pathId("instanceId", instanceId), ids, draft)
                .stream().map(SipChannelViews.NumberView::of).toList());
    }
}
