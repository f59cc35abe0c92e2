package io.parley.rest;

import io.parley.api.blocklist.BlocklistEntry;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.error.MalformedException;
import io.parley.api.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** Blocklist, SPEC §24: {@code {I}/blocklist}. */
@Path("/instances/{instanceId}/blocklist")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "blocklist")
public class BlocklistResource {

    private final BlocklistService blocklist;

    BlocklistResource(BlocklistService blocklist) {
        this.blocklist = blocklist;
    }

    @Schema(name = "BlocklistEntry", description = "SPEC §24.1")
    record EntryView(long id, String number, String source, String addedBy, String addedAt, String remark,
                     String expiresAt) {
        static EntryView of(BlocklistEntry e) {
            return new EntryView(e.id(), e.number(), e.source(), e.addedBy(), e.addedAt().toString(), e.remark(),
                    e.expiresAt() == null ? null : e.expiresAt().toString());
        }
    }

    @Schema(name = "BlocklistWrite")
    record EntryWrite(@Schema(description = "+ or 00, country code and number; stored as 00…") String number,
                      @Schema(maxLength = 100) String remark,
                      @Schema(description = "RFC 3339, in the future; absent: never expires") String expiresAt) {
    }

    @Schema(name = "BlocklistCheck")
    record CheckView(String number, boolean blocked) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "blocklist")
    @Operation(summary = "Blocklist a caller number (inbound calls from it are refused before the IVR)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = EntryWrite.class))))
    public Response add(@PathParam("instanceId") String instanceId, @Context SecurityContext security, String body) {
        Json.Body json = Json.object(body, Set.of("number", "remark", "expires_at"));
        BlocklistEntry e = blocklist.add(Json.pathId("instanceId", instanceId), json.string("number"),
                CallerPrincipal.of(security).caller().login(), json.string("remark"), instant(json.string("expires_at")));
        return Response.status(201).entity(EntryView.of(e)).build();
    }

    @GET
    @Allowed(permission = "blocklist")
    @Operation(summary = "List blocklisted numbers, optionally those containing `q`")
    public Views.PageView<EntryView> list(@PathParam("instanceId") String instanceId, @QueryParam("q") String q,
                                          @QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(blocklist.list(Json.pathId("instanceId", instanceId), q, request), EntryView::of);
    }

    @GET
    @Path("/check")
    @Allowed(permission = "blocklist")
    @Operation(summary = "Whether a call from `number` would be refused now")
    public CheckView check(@PathParam("instanceId") String instanceId, @QueryParam("number") String number) {
        boolean blocked = blocklist.isBlocked(Json.pathId("instanceId", instanceId), number);
        return new CheckView(number, blocked);
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "blocklist")
    @Operation(summary = "One blocklist entry")
    public EntryView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return EntryView.of(blocklist.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "blocklist")
    @Operation(summary = "Remove a number from the blocklist")
    public Response remove(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        blocklist.remove(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedException("expires_at", "must be an RFC 3339 time such as 2026-12-31T23:59:00Z");
        }
    }
}
