package io.parley.rest;

import io.parley.api.paging.PageRequest;
import io.parley.api.push.OutboxEntry;
import io.parley.api.push.OutboxSummary;
import io.parley.api.push.PushOutbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/**
 * The push outbox (SPEC §29.3), permission storage: {@code {I}/push/status} (backlog, oldest
 * pending item, last error, why delivery is held), {@code {I}/push/outbox} (the items, newest
 * first, by status) and {@code :retry} of a failed item. The settings are {@code {I}/settings/push}.
 */
@Path("/instances/{instanceId}/push")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "push")
public final class PushResource {

    private final PushOutbox outbox;

    PushResource(PushOutbox outbox) {
        this.outbox = outbox;
    }

    @Schema(name = "PushStatus", description = "SPEC §29.3 outbox state")
    record StatusView(long pending, long failed, long delivered,
                      @Schema(description = "RFC 3339; null when nothing is pending") String oldestPendingAt,
                      @Schema(description = "what the last failed try reported, e.g. HTTP 503") String lastError,
                      String lastErrorAt,
                      @Schema(description = "why pending items are not being tried now (push disabled, the sink not "
                              + "installed), or null") String held) {
        static StatusView of(OutboxSummary s) {
            return new StatusView(s.pending(), s.failed(), s.delivered(), text(s.oldestPendingAt()), s.lastError(),
                    text(s.lastErrorAt()), s.held());
        }
    }

    @Schema(name = "PushItem", description = "One outbox item; session_id + kind is its idempotency key")
    record ItemView(long id, @Schema(allowableValues = {"cdr", "recording", "voicemail"}) String kind, String sessionId,
                    @Schema(allowableValues = {"pending", "delivered", "failed"}) String status, int attempts,
                    String createdAt, String firstAttemptAt, String lastAttemptAt, String nextAttemptAt, String doneAt,
                    String lastError) {
        static ItemView of(OutboxEntry e) {
            return new ItemView(e.id(), e.kind(), e.sessionId(), e.status(), e.attempts(), text(e.createdAt()),
                    text(e.firstAttemptAt()), text(e.lastAttemptAt()),
                    OutboxEntry.PENDING.equals(e.status()) ? text(e.nextAttemptAt()) : null, text(e.doneAt()),
                    e.lastError());
        }
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    @GET
    @Path("/status")
    @Allowed(permission = "storage")
    @Operation(summary = "The push outbox: backlog, oldest pending item, last error")
    public StatusView status(@PathParam("instanceId") String instanceId) {
        return StatusView.of(outbox.summary(Json.pathId("instanceId", instanceId)));
    }

    @GET
    @Path("/outbox")
    @Allowed(permission = "storage")
    @Operation(summary = "Items of the push outbox, newest first, optionally of one `status` (pending, delivered, failed)")
    public Views.PageView<ItemView> list(@PathParam("instanceId") String instanceId, @QueryParam("status") String status,
                                         @QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(outbox.list(Json.pathId("instanceId", instanceId), status, request), ItemView::of);
    }

    @GET
    @Path("/outbox/{id}")
    @Allowed(permission = "storage")
    @Operation(summary = "One outbox item")
    public ItemView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return ItemView.of(outbox.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @POST
    @Path("/outbox/{id}:retry")
    @Allowed(permission = "storage")
    @Operation(summary = "Queue a failed item again, tried at once with a fresh 24 h retry window (409 unless failed)")
    public ItemView retry(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return ItemView.of(outbox.retry(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }
}
