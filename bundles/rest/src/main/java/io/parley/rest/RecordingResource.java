package io.parley.rest;

import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.error.MalformedException;
import io.parley.api.error.NotFoundException;
import io.parley.api.recording.ExportJob;
import io.parley.api.recording.ExportRequest;
import io.parley.api.recording.Recording;
import io.parley.api.recording.RecordingService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
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
 * Recordings and voicemail of a session (SPEC §27.3, §28): {@code {I}/records/{sid}/recording}
 * and {@code …/voicemail} stream the WAV with HTTP range requests (206, 416) or download it
 * ({@code ?download=1}); {@code {I}/records:export-recordings} starts a ZIP export job whose
 * progress and file are under {@code {I}/recording-exports/{id}}. Permission
 * {@code records.telephone} or {@code records.internal} as the call's category needs, inside the
 * role's skill-group scope (a recording outside it answers 404 like a missing one). The records
 * themselves ({@code {I}/records}, {@code {I}/records/{sid}}) are another resource's.
 */
public final class RecordingResource {

    static final String WAV = "audio/wav";
    static final String ZIP = "application/zip";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private RecordingResource() {
    }

    static List<Object> all(RecordingService recordings) {
        return List.of(new Play(recordings), new Voicemail(recordings), new Export(recordings), new Exports(recordings));
    }

    /** The recording's category decides which of the two records permissions it needs; scope as SPEC §5.3. */
    static Recording visible(Caller caller, Optional<Recording> found, String what, String sid) {
        Recording r = found.orElseThrow(() -> new NotFoundException(what + " of session", sid));
        Permission needed = "internal".equals(r.category()) ? Permission.RECORDS_INTERNAL : Permission.RECORDS_TELEPHONE;
        if (!caller.has(needed)) {
            throw new NotFoundException(what + " of session", sid);
        }
        caller.requireCovers(needed, r.skillGroupId() == null ? List.of() : List.of(r.skillGroupId()), what + " of session", sid);
        return r;
    }

    /** One file as 200, a 206 of the range asked, or 416 when the range is outside it. */
    static Response stream(java.nio.file.Path file, String contentType, String fileName, String range, boolean download) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("file", fileName);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + fileName, e);
        }
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        if (range != null && !range.isBlank()) {
            Matcher m = RANGE.matcher(range.strip());
            // a Range the server does not understand (other units, several ranges) is ignored: RFC 9110 §14.2
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    long suffix = Long.parseLong(m.group(2));
                    start = Math.max(0, size - suffix);
                    partial = suffix > 0;
                    if (!partial) {
                        return unsatisfiable(size);
                    }
                } else {
                    start = Long.parseLong(m.group(1));
                    end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                    if (start >= size || end < start) {
                        return unsatisfiable(size);
                    }
                    partial = true;
                }
            }
        }
        long from = start;
        long length = end - start + 1;
        StreamingOutput body = out -> copy(file, from, length, out);
        Response.ResponseBuilder r = Response.status(partial ? 206 : 200).entity(body).type(contentType)
                .header("Accept-Ranges", "bytes").header("Content-Length", length)
                .header("Content-Disposition", (download ? "attachment" : "inline") + "; filename=\"" + fileName + "\"");
        if (partial) {
            r.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        return r.build();
    }

    private static Response unsatisfiable(long size) {
        return Response.status(416).type(MediaType.APPLICATION_JSON_TYPE).header("Content-Range", "bytes */" + size)
                .entity(ErrorBody.of("RANGE_NOT_SATISFIABLE", "Range: the file has " + size + " bytes", "Range")).build();
    }

    private static void copy(java.nio.file.Path file, long from, long length, OutputStream out) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = from;
            long left = length;
            while (left > 0) {
                buf.clear().limit((int) Math.min(buf.capacity(), left));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                out.write(buf.array(), 0, n);
                pos += n;
                left -= n;
            }
        }
    }

    static boolean download(String value) {
        if (value == null || value.isEmpty() || "0".equals(value) || "false".equals(value)) {
            return false;
        }
        if ("1".equals(value) || "true".equals(value)) {
            return true;
        }
        throw new MalformedException("download", "must be 1 or 0");
    }

    private static final String RANGE_DOC = "A single byte range, e.g. `bytes=0-1023`, `bytes=44-` or `bytes=-8000`";

    @Schema(name = "RecordingExportWrite", description = "Which recordings go into the ZIP: these sessions and/or "
            + "those started in [from, to). The other SPEC §27.3 record filters are resolved by the records resource")
    record ExportWrite(@ArraySchema(maxItems = 5000) List<String> sessionIds,
                       @Schema(format = "date-time") String from, @Schema(format = "date-time") String to,
                       @Schema(description = "Default true: voicemail files too") Boolean includeVoicemail) {
    }

    @Schema(name = "RecordingExport", description = "An asynchronous ZIP export of recordings")
    record ExportView(String id, @Schema(allowableValues = {"running", "done", "failed"}) String status, int total,
                      int done, int progressPct, long sizeBytes, String error, String createdAt, String finishedAt,
                      List<String> missingSessionIds, String downloadUrl) {
        static ExportView of(ExportJob j) {
            return new ExportView(j.id(), j.status(), j.total(), j.done(), j.progressPct(), j.sizeBytes(), j.error(),
                    j.createdAt().toString(), j.finishedAt() == null ? null : j.finishedAt().toString(), j.missing(),
                    ExportJob.DONE.equals(j.status())
                            ? "/api/v1/instances/" + j.instanceId() + "/recording-exports/" + j.id() + "/content" : null);
        }
    }

    private static final String RECORDS_TELEPHONE = "records.telephone";
    private static final String RECORDS_INTERNAL = "records.internal";

    /** {@code GET {I}/records/{sid}/recording}. */
    @Path("/instances/{instanceId}/records/{sid}/recording")
    @Tag(name = "records")
    public static final class Play {
        private final RecordingService recordings;

        Play(RecordingService recordings) {
            this.recordings = recordings;
        }

        @GET
        @Produces({WAV, MediaType.APPLICATION_JSON})
        @Allowed(anyOf = {RECORDS_TELEPHONE, RECORDS_INTERNAL})
        @Operation(summary = "The session's dual-track recording (WAV, 8 kHz 16-bit, customer left, agent or system "
                + "right), available once the call ended; a single byte range answers 206 (playback), a range past "
                + "the end 416; ?download=1 asks the browser to save it. 404 when there is none",
                responses = {
                        @ApiResponse(responseCode = "200", description = "The whole file",
                                content = @Content(mediaType = WAV, schema = @Schema(type = "string", format = "binary"))),
                        @ApiResponse(responseCode = "206", description = "The byte range asked",
                                headers = @Header(name = "Content-Range", schema = @Schema(type = "string")),
                                content = @Content(mediaType = WAV, schema = @Schema(type = "string", format = "binary"))),
                        @ApiResponse(responseCode = "416", description = "The range is outside the file",
                                headers = @Header(name = "Content-Range", schema = @Schema(type = "string")))})
        public Response get(@PathParam("instanceId") String instanceId, @PathParam("sid") String sid,
                            @QueryParam("download") String download, @Parameter(description = RANGE_DOC) @HeaderParam("Range") String range,
                            @Context SecurityContext security) {
            boolean save = download(download);
            Recording r = visible(CallerPrincipal.of(security).caller(),
                    recordings.recording(Json.pathId("instanceId", instanceId), sid), "recording", sid);
            return stream(java.nio.file.Path.of(r.file()), WAV, sid + ".wav", range, save);
        }
    }

    /** {@code GET {I}/records/{sid}/voicemail}. */
    @Path("/instances/{instanceId}/records/{sid}/voicemail")
    @Tag(name = "records")
    public static final class Voicemail {
        private final RecordingService recordings;

        Voicemail(RecordingService recordings) {
            this.recordings = recordings;
        }

        @GET
        @Produces({WAV, MediaType.APPLICATION_JSON})
        @Allowed(anyOf = {RECORDS_TELEPHONE, RECORDS_INTERNAL})
        @Operation(summary = "The voicemail the caller left in the session (WAV, 8 kHz 16-bit mono), with the same "
                + "range and download rules as the recording. 404 when there is none",
                responses = {
                        @ApiResponse(responseCode = "200", description = "The whole file",
                                content = @Content(mediaType = WAV, schema = @Schema(type = "string", format = "binary"))),
                        @ApiResponse(responseCode = "206", description = "The byte range asked",
                                headers = @Header(name = "Content-Range", schema = @Schema(type = "string")),
                                content = @Content(mediaType = WAV, schema = @Schema(type = "string", format = "binary"))),
                        @ApiResponse(responseCode = "416", description = "The range is outside the file",
                                headers = @Header(name = "Content-Range", schema = @Schema(type = "string")))})
        public Response get(@PathParam("instanceId") String instanceId, @PathParam("sid") String sid,
                            @QueryParam("download") String download, @Parameter(description = RANGE_DOC) @HeaderParam("Range") String range,
                            @Context SecurityContext security) {
            boolean save = download(download);
            Recording r = visible(CallerPrincipal.of(security).caller(),
                    recordings.voicemail(Json.pathId("instanceId", instanceId), sid), "voicemail", sid);
            return stream(java.nio.file.Path.of(r.file()), WAV, sid + "-voicemail.wav", range, save);
        }
    }

    /** {@code POST {I}/records:export-recordings}. */
    @Path("/instances/{instanceId}/records:export-recordings")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "records")
    public static final class Export {
        private final RecordingService recordings;

        Export(RecordingService recordings) {
            this.recordings = recordings;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Allowed(anyOf = {RECORDS_TELEPHONE, RECORDS_INTERNAL})
        @Operation(summary = "Start a ZIP export of recordings (and voicemail) chosen by session ids and/or a time range; "
                + "answers 202 with the job, whose progress GET {I}/recording-exports/{id} shows and whose ZIP "
                + "…/content downloads when done (one folder per session). Only recordings of the categories and "
                + "skill groups the caller's role covers go in",
                requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = ExportWrite.class))),
                responses = @ApiResponse(responseCode = "202", description = "Started",
                        content = @Content(schema = @Schema(implementation = ExportView.class))))
        public Response start(@PathParam("instanceId") String instanceId, @Context SecurityContext security, String body) {
            long instance = Json.pathId("instanceId", instanceId);
            Json.Body json = Json.object(body, Set.of("session_ids", "from", "to", "include_voicemail"));
            List<String> sessions = new ArrayList<>();
            if (json.has("session_ids") && !json.isNull("session_ids")) {
                if (!json.node().get("session_ids").isArray()) {
                    throw new MalformedException("session_ids", "must be an array of strings");
                }
                int i = 0;
                for (var n : json.node().get("session_ids")) {
                    if (!n.isTextual() || n.textValue().isBlank()) {
                        throw new MalformedException("session_ids[" + i + "]", "must be a session id");
                    }
                    sessions.add(n.textValue());
                    i++;
                }
            }
            Boolean voicemail = null;
            if (json.has("include_voicemail") && !json.isNull("include_voicemail")) {
                if (!json.node().get("include_voicemail").isBoolean()) {
                    throw new MalformedException("include_voicemail", "must be true or false");
                }
                voicemail = json.node().get("include_voicemail").booleanValue();
            }
            Caller caller = CallerPrincipal.of(security).caller();
            // only what the caller may play goes in: sessions outside its permissions or scope count as missing
            Map<String, Set<Long>> scope = new HashMap<>();
            if (caller.has(Permission.RECORDS_TELEPHONE)) {
                scope.put("telephone", caller.scopeOrAll(Permission.RECORDS_TELEPHONE));
            }
            if (caller.has(Permission.RECORDS_INTERNAL)) {
                scope.put("internal", caller.scopeOrAll(Permission.RECORDS_INTERNAL));
            }
            ExportJob job = recordings.startExport(instance, new ExportRequest(sessions, instant("from", json.string("from")),
                    instant("to", json.string("to")), voicemail == null || voicemail, scope));
            return Response.status(202).entity(ExportView.of(job)).build();
        }

        private static Instant instant(String field, String value) {
            if (value == null) {
                return null;
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new MalformedException(field, "must be an RFC 3339 time, e.g. 2026-12-07T00:00:00Z");
            }
        }
    }

    /** {@code GET {I}/recording-exports/{id}} and its ZIP. */
    @Path("/instances/{instanceId}/recording-exports")
    @Tag(name = "records")
    public static final class Exports {
        private final RecordingService recordings;

        Exports(RecordingService recordings) {
            this.recordings = recordings;
        }

        @GET
        @Path("/{id}")
        @Produces(MediaType.APPLICATION_JSON)
        @Allowed(anyOf = {RECORDS_TELEPHONE, RECORDS_INTERNAL})
        @Operation(summary = "An export job: status running, done or failed, files done of total and the percent")
        public ExportView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
            return ExportView.of(recordings.exportJob(Json.pathId("instanceId", instanceId), id));
        }

        @GET
        @Path("/{id}/content")
        @Produces({ZIP, MediaType.APPLICATION_JSON})
        @Allowed(anyOf = {RECORDS_TELEPHONE, RECORDS_INTERNAL})
        @Operation(summary = "The ZIP of a finished export (409 while it runs or after it failed), ranges allowed",
                responses = {
                        @ApiResponse(responseCode = "200", description = "The ZIP",
                                content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary"))),
                        @ApiResponse(responseCode = "206", description = "The byte range asked",
                                headers = @Header(name = "Content-Range", schema = @Schema(type = "string")),
                                content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary"))),
                        @ApiResponse(responseCode = "416", description = "The range is outside the file",
                                headers = @Header(name = "Content-Range", schema = @Schema(type = "string")))})
        public Response content(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                @Parameter(description = RANGE_DOC) @HeaderParam("Range") String range) {
            java.nio.file.Path zip = recordings.exportFile(Json.pathId("instanceId", instanceId), id);
            return stream(zip, ZIP, "recordings-" + id + ".zip", range, true);
        }
    }
}
