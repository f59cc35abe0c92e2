package io.parley.rest;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileService;
import io.parley.api.error.MalformedException;
import io.parley.api.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.apache.cxf.jaxrs.ext.multipart.Attachment;
import org.apache.cxf.jaxrs.ext.multipart.MultipartBody;

/** Audio files, SPEC §10: {@code {I}/audio-files}, permission {@code audio}. */
@Path("/instances/{instanceId}/audio-files")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audio files")
public class AudioFileResource {

    private static final String WAV = "audio/wav";

    private final AudioFileService audio;

    AudioFileResource(AudioFileService audio) {
        this.audio = audio;
    }

    @Schema(name = "AudioFile", description = "SPEC §10.1; duration_ms is that of the decoded 8 kHz playback PCM")
    record AudioFileView(String id, String name, String fileName,
                         @Schema(allowableValues = {"mp3", "wav"}) String format, long sizeBytes, long durationMs,
                         @Schema(allowableValues = {"pending", "approved", "rejected"}) String reviewStatus,
                         String rejectReason, String createdAt) {
        static AudioFileView of(AudioFile a) {
            return new AudioFileView(a.id(), a.name(), a.fileName(), a.format(), a.sizeBytes(), a.durationMillis(),
                    a.reviewStatus(), a.rejectReason(), a.createdAt().toString());
        }
    }

    @Schema(name = "AudioFileRename")
    record RenameWrite(@Schema(description = "1..64 characters", maxLength = 64) String name) {
    }

    @Schema(name = "AudioFileReject")
    record RejectWrite(@Schema(description = "1..200 characters", maxLength = 200) String reason) {
    }

    @Schema(name = "AudioFileUpload")
    record UploadForm(@Schema(description = "1..64 characters") String name,
                      @Schema(type = "string", format = "binary", description = "mp3 or wav, at most 5 MB") String file) {
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Allowed(permission = "audio")
    @Operation(summary = "Upload an mp3 or wav file (≤ 5 242 880 bytes; the format is checked by content, not name) "
            + "as multipart parts `name` and `file`; it is decoded to 8 kHz mono PCM, checked, and approved at once "
            + "unless audioAutoApprove is off. Not audio or too big: 422; audio that does not decode: stored rejected",
            requestBody = @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                    schema = @Schema(implementation = UploadForm.class))))
    public Response uploadMultipart(@PathParam("instanceId") String instanceId, MultipartBody body) {
        Attachment namePart = body == null ? null : body.getAttachment("name");
        String name = null;
        if (namePart != null) {
            try (InputStream in = namePart.getDataHandler().getInputStream()) {
                name = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new MalformedException("name", "could not be read");
            }
        }
        byte[] file = BodyParts.part(body, "file", AudioFileService.MAX_BYTES);
        Attachment filePart = body.getAttachment("file");
        String fileName = filePart.getContentDisposition() == null ? null
                : filePart.getContentDisposition().getParameter("filename");
        return created(audio.upload(Json.pathId("instanceId", instanceId), name, fileName, file));
    }

    @POST
    @Consumes({"audio/mpeg", "audio/mp3", "audio/wav", "audio/x-wav", "audio/wave", MediaType.APPLICATION_OCTET_STREAM})
    @Allowed(permission = "audio")
    @Operation(summary = "The same upload with the file as the raw body and `name` (and optionally `file_name`) "
            + "as query parameters",
            requestBody = @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = "string", format = "binary"))))
    public Response uploadRaw(@PathParam("instanceId") String instanceId, @QueryParam("name") String name,
                              @QueryParam("file_name") String fileName, InputStream body) {
        return created(audio.upload(Json.pathId("instanceId", instanceId), name, fileName,
                BodyParts.bounded(body, AudioFileService.MAX_BYTES)));
    }

    private static Response created(AudioFile a) {
        return Response.status(201).entity(AudioFileView.of(a)).build();
    }

    @GET
    @Allowed(permission = "audio")
    @Operation(summary = "List audio files, newest first, 15 per page by default; `q` matches the name")
    public Views.PageView<AudioFileView> list(@PathParam("instanceId") String instanceId, @QueryParam("q") String q,
                                              @QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        Integer size = Json.queryInt("page_size", pageSize);
        PageRequest request = PageRequest.of(Json.queryInt("page", page), size == null ? 15 : size);
        return Views.PageView.of(audio.list(Json.pathId("instanceId", instanceId), q, request), AudioFileView::of);
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "audio")
    @Operation(summary = "One audio file")
    public AudioFileView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return AudioFileView.of(audio.get(Json.pathId("instanceId", instanceId), id));
    }

    @GET
    @Path("/{id}/content")
    @Produces(WAV)
    @Allowed(permission = "audio")
    @Operation(summary = "The audio as played: a WAV file, 8 kHz mono 16-bit, for download or preview "
            + "(approved or pending files; a rejected one answers 409)")
    public Response content(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        byte[] wav = audio.wav(Json.pathId("instanceId", instanceId), id);
        return Response.ok(wav, WAV).header("Content-Disposition", "inline; filename=\"" + id + ".wav\"").build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "audio")
    @Operation(summary = "Rename",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = RenameWrite.class))))
    public AudioFileView rename(@PathParam("instanceId") String instanceId, @PathParam("id") String id, String body) {
        Json.Body json = Json.object(body, Set.of("name"));
        return AudioFileView.of(audio.rename(Json.pathId("instanceId", instanceId), id, json.string("name")));
    }

    @POST
    @Path("/{id}:approve")
    @Allowed(permission = "audio")
    @Operation(summary = "Approve a pending file (409 otherwise)")
    public AudioFileView approve(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return AudioFileView.of(audio.approve(Json.pathId("instanceId", instanceId), id));
    }

    @POST
    @Path("/{id}:reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "audio")
    @Operation(summary = "Reject a pending file with a reason (409 otherwise)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = RejectWrite.class))))
    public AudioFileView reject(@PathParam("instanceId") String instanceId, @PathParam("id") String id, String body) {
        Json.Body json = Json.object(body, Set.of("reason"));
        return AudioFileView.of(audio.reject(Json.pathId("instanceId", instanceId), id, json.string("reason")));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "audio")
    @Operation(summary = "Delete a file and its PCM (the refusal while an IVR version uses it comes with IVR flows)")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        audio.delete(Json.pathId("instanceId", instanceId), id);
        return Response.noContent().build();
    }
}
