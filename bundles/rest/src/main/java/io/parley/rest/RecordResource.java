package io.parley.rest;

import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.error.ForbiddenException;
import io.parley.api.error.MalformedException;
import io.parley.api.paging.PageRequest;
import io.parley.api.record.RecordFilter;
import io.parley.api.record.ServiceRecord;
import io.parley.api.record.ServiceRecordService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

/**
 * Service records, SPEC §27.3: {@code {I}/records}. Permissions per SPEC §5.2:
 * {@code records.telephone} sees the telephone category, {@code records.internal} the internal
 * one, each within its skill-group scope (§5.3).
 */
@Path("/instances/{instanceId}/records")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "records")
public class RecordResource {

    static final String CSV = "text/csv; charset=utf-8";

    private final ServiceRecordService records;

    RecordResource(ServiceRecordService records) {
        this.records = records;
    }

    @Schema(name = "ServiceRecordTransfer", description = "time in UNIX seconds")
    record TransferView(long time, String fromAgent, String to, String type) {
    }

    @Schema(name = "ServiceRecordSatisfaction")
    record SatisfactionView(String digit, String label) {
    }

    @Schema(name = "ServiceRecordIvrStep", description = "key: the DTMF keys chosen at the node, absent when none")
    record IvrStepView(String nodeId, String label, String key) {
    }

    @Schema(name = "ServiceRecordVoicemail")
    record VoicemailView(String id, int durationS) {
    }

    @Schema(name = "ServiceRecordRecording")
    record RecordingView(String id, int durationS, int channels) {
    }

    @Schema(name = "ServiceRecord", description = "SPEC §27.1; time and ended_at_s in UNIX seconds, started_at and "
            + "ended_at in RFC 3339; status `calling` and open true while the session runs")
    record RecordView(String sessionId, long time, String startedAt, String endedAt, boolean open, String category,
                      String direction, String agentTerminal, String callerNumber, String numberSource,
                      String calleeNumber, String remark, String status, int durationS, int ringDurationS,
                      int talkDurationS, int queueDurationS, int holdDurationS, String agentName, String agentId,
                      String skillGroup, Long skillGroupId, SatisfactionView satisfaction,
                      String hangupParty, List<IvrStepView> ivrPath, VoicemailView voicemail,
                      RecordingView recording, Long campaignId, List<TransferView> transfers,
                      Map<String, String> variables) {
        static RecordView of(ServiceRecord r) {
            return new RecordView(r.sessionId(), r.time().getEpochSecond(), r.time().toString(),
                    r.endedAt() == null ? null : r.endedAt().toString(), r.open(), r.category(), r.direction(),
                    r.agentTerminal(), r.callerNumber(), r.numberSource(), r.calleeNumber(), r.remark(), r.status(),
                    r.durationS(), r.ringDurationS(), r.talkDurationS(), r.queueDurationS(), r.holdDurationS(),
                    r.agentName(), r.agentId(), r.skillGroup(), r.skillGroupId(),
                    r.satisfaction() == null ? null : new SatisfactionView(r.satisfaction().digit(),
                            r.satisfaction().label()), r.hangupParty(),
                    r.ivrPath().stream().map(s -> new IvrStepView(s.nodeId(), s.label(), s.key())).toList(),
                    r.voicemail() == null ? null : new VoicemailView(r.voicemail().id(), r.voicemail().durationS()),
                    r.recording() == null ? null : new RecordingView(r.recording().id(), r.recording().durationS(),
                            r.recording().channels()), r.campaignId(),
                    r.transfers().stream().map(t -> new TransferView(t.time().getEpochSecond(), t.fromAgent(), t.to(),
                            t.type())).toList(), r.variables());
        }
    }

    @Schema(name = "ServiceRecordRemark")
    record RemarkWrite(@Schema(maxLength = 200, description = "null or empty clears it") String remark) {
    }

    @GET
    @Allowed(anyOf = {"records.telephone", "records.internal"})
    @Operation(summary = "Service records, newest first, 15 per page unless page_size says otherwise. from/to are "
            + "RFC 3339 times or UNIX seconds (default: today in the instance's time zone; at most 31 days, 422 "
            + "naming from or to); caller, callee, agent_name and remark match when contained; category, direction, "
            + "status, hangup_party, agent_terminal exactly (422 naming the field for an unknown value); "
            + "skill_group is a skill group id")
    public Views.PageView<RecordView> list(@PathParam("instanceId") String instanceId,
                                           @Context SecurityContext security,
                                           @QueryParam("category") String category, @QueryParam("from") String from,
                                           @QueryParam("to") String to, @QueryParam("caller") String caller,
                                           @QueryParam("callee") String callee,
                                           @QueryParam("agent_name") String agentName,
                                           @QueryParam("agent_id") String agentId,
                                           @QueryParam("direction") String direction,
                                           @QueryParam("skill_group") String skillGroup,
                                           @QueryParam("remark") String remark, @QueryParam("status") String status,
                                           @QueryParam("hangup_party") String hangupParty,
                                           @QueryParam("agent_terminal") String agentTerminal,
                                           @QueryParam("page") String page,
                                           @QueryParam("page_size") String pageSize) {
        RecordFilter filter = filter(security, category, from, to, caller, callee, agentName, agentId, direction,
                skillGroup, remark, status, hangupParty, agentTerminal);
        Integer size = Json.queryInt("page_size", pageSize);
        PageRequest request = PageRequest.of(Json.queryInt("page", page),
                size == null ? ServiceRecordService.DEFAULT_PAGE_SIZE : size);
        return Views.PageView.of(records.list(Json.pathId("instanceId", instanceId), filter, request), RecordView::of);
    }

    @GET
    @Path("/{sessionId}")
    @Allowed(anyOf = {"records.telephone", "records.internal"})
    @Operation(summary = "One service record with its IVR path, transfers, satisfaction, voicemail and recording")
    public RecordView get(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                          @Context SecurityContext security) {
        return RecordView.of(records.get(Json.pathId("instanceId", instanceId), sessionId, visibleTo(security)));
    }

    @PATCH
    @Path("/{sessionId}/remark")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(anyOf = {"records.telephone", "records.internal"})
    @Operation(summary = "Set the remark (at most 200 characters, 422 naming remark beyond); null or \"\" clears it",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = RemarkWrite.class))))
    public RecordView remark(@PathParam("instanceId") String instanceId, @PathParam("sessionId") String sessionId,
                             @Context SecurityContext security, String body) {
        Json.Body json = Json.object(body, Set.of("remark"));
        if (!json.has("remark")) {
            throw new MalformedException("remark", "is required (null clears it)");
        }
        return RecordView.of(records.setRemark(Json.pathId("instanceId", instanceId), sessionId, json.string("remark"),
                visibleTo(security)));
    }

    /** This resource and the export, for {@link RestServer}. */
    static List<Object> all(ServiceRecordService records) {
        return List.of(new RecordResource(records), new Export(records));
    }

    /** {@code GET {I}/records:export}: the same filters, every matching record as CSV, streamed. */
    @Path("/instances/{instanceId}/records:export")
    @Tag(name = "records")
    public static final class Export {
        private final ServiceRecordService records;

        Export(ServiceRecordService records) {
            this.records = records;
        }

        @GET
        @Produces(CSV)
        @Allowed(anyOf = {"records.telephone", "records.internal"})
        @Operation(summary = "The records matching the list filters as CSV (header line; durations HH:MM:SS; times in "
                + "the instance's time zone), streamed as read; the same 31-day rule")
        public Response export(@PathParam("instanceId") String instanceId, @Context SecurityContext security,
                               @QueryParam("category") String category, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("caller") String caller,
                               @QueryParam("callee") String callee, @QueryParam("agent_name") String agentName,
                               @QueryParam("agent_id") String agentId, @QueryParam("direction") String direction,
                               @QueryParam("skill_group") String skillGroup, @QueryParam("remark") String remark,
                               @QueryParam("status") String status, @QueryParam("hangup_party") String hangupParty,
                               @QueryParam("agent_terminal") String agentTerminal) {
            long instance = Json.pathId("instanceId", instanceId);
            // checked before the first byte: a bad filter still gets its 4xx body
            RecordFilter filter = records.checked(instance, filter(security, category, from, to, caller, callee,
                    agentName, agentId, direction, skillGroup, remark, status, hangupParty, agentTerminal));
            StreamingOutput body = out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                records.export(instance, filter, w);
                w.flush();
            };
            return Response.ok(body, CSV).header("Content-Disposition", "attachment; filename=\"records.csv\"").build();
        }
    }

    static RecordFilter filter(SecurityContext security, String category, String from, String to, String caller,
                               String callee, String agentName, String agentId, String direction, String skillGroup,
                               String remark, String status, String hangupParty, String agentTerminal) {
        Map<String, Set<Long>> visible = visibleTo(security).visible();
        if (category != null && !category.isEmpty() && !visible.containsKey(category)
                && ("telephone".equals(category) || "internal".equals(category))) {
            throw new ForbiddenException("records." + category);
        }
        Integer group = Json.queryInt("skill_group", skillGroup);
        return new RecordFilter(empty(category), time("from", from), time("to", to), empty(caller), empty(callee),
                empty(agentName), empty(agentId), empty(direction), group == null ? null : group.longValue(),
                empty(remark), empty(status), empty(hangupParty), empty(agentTerminal), visible);
    }

    /** What the caller's role lets it see: each records permission's category within that permission's scope. */
    static RecordFilter visibleTo(SecurityContext security) {
        Caller c = CallerPrincipal.of(security).caller();
        Map<String, Set<Long>> visible = new HashMap<>();
        if (c.has(Permission.RECORDS_TELEPHONE)) {
            visible.put("telephone", c.scopeOrAll(Permission.RECORDS_TELEPHONE));
        }
        if (c.has(Permission.RECORDS_INTERNAL)) {
            visible.put("internal", c.scopeOrAll(Permission.RECORDS_INTERNAL));
        }
        return RecordFilter.all().withVisible(visible);
    }

    private static String empty(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    private static Instant time(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 12) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedException(field, "must be an RFC 3339 time such as 2026-12-07T00:00:00+08:00 or UNIX "
                    + "seconds");
        }
    }
}
