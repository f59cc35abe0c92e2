package io.parley.rest;

import io.parley.api.agentcall.AgentEvent;
import io.parley.api.agentcall.AgentEventStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

/**
 * The agent event stream, SPEC §16.3: {@code GET {I}/events?agent_id=} as Server-Sent Events
 * ({@code text/event-stream}; one {@code event:} line with the type, one {@code data:} line with
 * the JSON of the event, a comment every {@link #KEEP_ALIVE_SECONDS} seconds so a client that went
 * away is noticed). Without {@code agent_id}: the instance's supervisor stream.
 *
 * <p>Why a plain streaming response rather than CXF's SSE support: CXF's {@code Sse} needs the
 * {@code cxf-rt-rs-sse} bundle and an asynchronous servlet transport set up for it, which the
 * distribution does not carry; SSE is a text format a {@link StreamingOutput} writes with a flush
 * per event. Each open stream holds one Jetty thread while it lasts (an agent client opens one).
 */
@Path("/instances/{instanceId}/events")
@Tag(name = "calls")
public class EventStreamResource {

    static final String EVENT_STREAM = "text/event-stream";
    static final int KEEP_ALIVE_SECONDS = 15;
    /** Events a slow client may fall behind by before its stream is ended. */
    static final int BACKLOG = 1000;

    private final AgentEventStream stream;

    EventStreamResource(AgentEventStream stream) {
        this.stream = stream;
    }

    @Schema(name = "AgentEvent", description = "SPEC §16.3: the data of one event of the stream")
    record EventView(@Schema(allowableValues = {"call.offered", "call.outbound_started", "call.outbound_answered",
            "call.answered", "call.held", "call.resumed", "call.transferred", "call.ended", "agent.presence_changed"})
                     String type, String sessionId, String direction,
                     @Schema(description = "protected per §25/§26 on an agent's stream") String customerNumber,
                     String agentId, Long skillGroupId, String timestamp,
                     @Schema(description = "the enabled pop-up pages with the §13.2 parameters") List<String> popupUrls,
                     Map<String, Object> details) {
        static EventView of(AgentEvent e) {
            return new EventView(e.type(), e.sessionId(), e.direction(), e.customerNumber(), e.agentId(),
                    e.skillGroupId(), e.timestamp().toString(), e.popupUrls(), e.details());
        }
    }

    @GET
    @Produces(EVENT_STREAM)
    @Allowed(anyOf = {"workstation", "monitoring.calls", "monitoring.agents"})
    @Operation(summary = "Server-Sent Events of one agent (agent_id; an agent its own only) or, without agent_id, of the "
            + "whole instance (monitoring): call.offered, call.outbound_started, call.outbound_answered, call.answered, "
            + "call.held, call.resumed, call.transferred, call.ended, agent.presence_changed",
            responses = @ApiResponse(responseCode = "200", description = "The stream: event: <type>, data: <AgentEvent JSON>",
                    content = @Content(mediaType = EVENT_STREAM, schema = @Schema(implementation = EventView.class))))
    public Response events(@PathParam("instanceId") String instanceId, @QueryParam("agent_id") String agentId,
                           @Context SecurityContext security) {
        BlockingQueue<Optional<AgentEvent>> queue = new ArrayBlockingQueue<>(BACKLOG);
        // subscribed before the answer starts, so a refusal is an ordinary §0.2 error and no event is lost
        AutoCloseable subscription = stream.subscribe(CallerPrincipal.of(security).caller(),
                Json.pathId("instanceId", instanceId), agentId == null || agentId.isEmpty() ? null : agentId,
                e -> {
                    if (!queue.offer(Optional.ofNullable(e))) {
                        throw new IllegalStateException("the client fell " + BACKLOG + " events behind");
                    }
                });
        StreamingOutput body = out -> pump(queue, subscription, out);
        CacheControl noCache = new CacheControl();
        noCache.setNoCache(true);
        return Response.ok(body, EVENT_STREAM).cacheControl(noCache).header("X-Accel-Buffering", "no").build();
    }

    private static void pump(BlockingQueue<Optional<AgentEvent>> queue, AutoCloseable subscription, OutputStream out)
            throws IOException {
        AtomicLong id = new AtomicLong();
        try {
            out.write((": parley event stream\nretry: 3000\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                Optional<AgentEvent> next = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (next == null) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else if (next.isEmpty()) {
                    return;   // the stream service stopped: the client reconnects
                } else {
                    AgentEvent e = next.get();
                    String frame = "id: " + id.incrementAndGet() + "\nevent: " + e.type() + "\ndata: "
                            + Json.MAPPER.writeValueAsString(EventView.of(e)) + "\n\n";
                    out.write(frame.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // the service is gone already
            }
        }
    }
}
