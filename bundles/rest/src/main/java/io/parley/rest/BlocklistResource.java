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
    @Allowed(anyOf = {"blocklist", "workstation"})
    @Operation(summary = "Blocklist a caller number (inbound calls from it are refused before the IVR). A caller with "
            + "the blocklist permission adds an admin entry; an agent with only workstation adds an agent entry, and "
            + "only while settings/general allow_agent_blocklist is on (403 otherwise; no expires_at)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = EntryWrite.class))))
    public Response add(@PathParam("instanceId") String instanceId, @Context SecurityContext security, String body) {
        Json.Body json = Json.object(body, Set.of("number", "remark", "expires_at"));
        io.parley.api.auth.Caller caller = CallerPrincipal.of(security).caller();
        long instance = Json.pathId("instanceId", instanceId);
        BlocklistEntry e;
        if (caller.has(io.parley.api.auth.Permission.BLOCKLIST)) {
            e = blocklist.add(instance, json.string("number"), caller.login(), json.string("remark"),
                    instant(json.string("expires_at")));
        } else {
            if (json.has("expires_at")) {
                throw new io.parley.api.error.InvalidException("expires_at", "only an administrator sets an expiry");
            }
            e = blocklist.addByAgent(instance, json.string("number"), caller.login(), json.string("remark"));
        }
        return Response.status(201).entity(EntryView.of(e)).build();
    }

    @GET
    @Allowed(permission = "blocklist")
    @Operation(summary = "List blocklisted numbers, optionally those containing `q` and of one `source` "
            + "(admin, agent, import)")
    public Views.PageView<EntryView> list(@PathParam("instanceId") String instanceId, @QueryParam("q") String q,
                                          @QueryParam("source") String source,
                                          @QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(blocklist.list(Json.pathId("instanceId", instanceId), q, source, request), EntryView::of);
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

    /** This resource and the bulk operations, for {@link RestServer}. */
    static java.util.List<Object> all(BlocklistService blocklist) {
        return java.util.List.of(new BlocklistResource(blocklist), new BulkAdd(blocklist), new BulkDelete(blocklist));
    }

    @Schema(name = "BlocklistBulkAdd", description = "1..1000 numbers, each {number, remark?, expires_at?}")
    record BulkAddWrite(java.util.List<EntryWrite> entries) {
    }

    @Schema(name = "BlocklistBulkAddResult", description = "per number, in request order")
    record BulkAddView(long added, long failed, java.util.List<io.parley.api.blocklist.BulkAddResult.Item> items) {
    }

    /** {@code POST {I}/blocklist:bulk-add} (SPEC §24.2 bulk import). */
    @Path("/instances/{instanceId}/blocklist:bulk-add")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "blocklist")
    public static final class BulkAdd {
        private final BlocklistService blocklist;

        BulkAdd(BlocklistService blocklist) {
            this.blocklist = blocklist;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Allowed(permission = "blocklist")
        @Operation(summary = "Import numbers (source import); each is added or reported with the error a single add "
                + "would get, the others go on",
                requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = BulkAddWrite.class))))
        public BulkAddView bulkAdd(@PathParam("instanceId") String instanceId, @Context SecurityContext security,
                                   String body) {
            Json.Body json = Json.object(body, Set.of("entries"));
            com.fasterxml.jackson.databind.JsonNode list = json.node().get("entries");
            if (list == null || !list.isArray()) {
                throw new MalformedException("entries", "must be an array of {number, remark, expires_at}");
            }
            java.util.List<io.parley.api.blocklist.BlocklistDraft> drafts = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isObject()) {
                    throw new MalformedException("entries[" + i + "]", "must be {number, remark, expires_at}");
                }
                Json.Body item = Json.object(list.get(i).toString(), Set.of("number", "remark", "expires_at"));
                drafts.add(new io.parley.api.blocklist.BlocklistDraft(item.string("number"), item.string("remark"),
                        instant(item.string("expires_at"))));
            }
            io.parley.api.blocklist.BulkAddResult r = blocklist.bulkAdd(Json.pathId("instanceId", instanceId), drafts,
                    CallerPrincipal.of(security).caller().login());
            return new BulkAddView(r.added(), r.items().size() - r.added(), r.items());
        }
    }

    /** {@code POST {I}/blocklist:bulk-delete} (SPEC §0.2 bulk op, §24.2 bulk delete). */
    @Path("/instances/{instanceId}/blocklist:bulk-delete")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "blocklist")
    public static final class BulkDelete {
        private final BlocklistService blocklist;

        BulkDelete(BlocklistService blocklist) {
            this.blocklist = blocklist;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Allowed(permission = "blocklist")
        @Operation(summary = "Remove entries by id; each is reported ok or NOT_FOUND",
                requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = TelephonyViews.IdsWrite.class))))
        public TelephonyViews.BulkView bulkDelete(@PathParam("instanceId") String instanceId, String body) {
            Json.Body json = Json.object(body, Set.of("ids"));
            return TelephonyViews.BulkView.of(blocklist.bulkRemove(Json.pathId("instanceId", instanceId),
                    BodyParts.ids(json, "ids")));
        }
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
