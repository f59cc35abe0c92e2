package io.parley.rest;

import io.parley.api.bulk.BulkOutcome;
import io.parley.api.error.InvalidException;
import io.parley.api.hotword.HotWord;
import io.parley.api.hotword.HotWordService;
import io.parley.api.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.apache.cxf.jaxrs.ext.multipart.MultipartBody;

/**
 * Hot words, SPEC §17: {@code {I}/hot-words}. The {@code hot-words:<verb>} operations are root
 * resources of their own (nested below): a root path ending at {@code {instanceId}} would
 * shadow {@code GET /instances/{id}}, and {@code :verb} cannot follow a {@code /hot-words} root.
 */
@Path("/instances/{instanceId}/hot-words")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "hot words")
public class HotWordResource {

    private static final Set<String> FIELDS = Set.of("name", "weight");
    private static final String TEXT_UTF8 = "text/plain; charset=utf-8";

    private final HotWordService hotWords;

    HotWordResource(HotWordService hotWords) {
        this.hotWords = hotWords;
    }

    /** This resource and its {@code :verb} siblings, for {@link RestServer}. */
    static List<Object> all(HotWordService hotWords) {
        return List.of(new HotWordResource(hotWords), new BulkDelete(hotWords), new Import(hotWords), new Export(hotWords));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "hot_words")
    @Operation(summary = "Create a hot word; refused (409) when the instance holds 1000 already",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = TelephonyViews.HotWordWrite.class))))
    public Response create(@PathParam("instanceId") String instanceId, String body) {
        Json.Body json = Json.object(body, FIELDS);
        HotWord created = hotWords.create(Json.pathId("instanceId", instanceId), json.string("name"), json.integer("weight"));
        return Response.status(201).entity(TelephonyViews.HotWordView.of(created)).build();
    }

    @GET
    @Allowed(permission = "hot_words")
    @Operation(summary = "List hot words, optionally those whose name contains `q` (ignoring case)")
    public Views.PageView<TelephonyViews.HotWordView> list(@PathParam("instanceId") String instanceId,
                                                           @QueryParam("q") String q,
                                                           @QueryParam("page") String page,
                                                           @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(hotWords.list(Json.pathId("instanceId", instanceId), q, request),
                TelephonyViews.HotWordView::of);
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "hot_words")
    @Operation(summary = "One hot word")
    public TelephonyViews.HotWordView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return TelephonyViews.HotWordView.of(hotWords.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "hot_words")
    @Operation(summary = "Change the name and/or weight, with the same rules as create",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = TelephonyViews.HotWordWrite.class))))
    public TelephonyViews.HotWordView edit(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                           String body) {
        Json.Body json = Json.object(body, FIELDS);
        if (json.isNull("name")) {
            throw new InvalidException("name", "must not be null");
        }
        if (json.isNull("weight")) {
            throw new InvalidException("weight", "must not be null");
        }
        return TelephonyViews.HotWordView.of(hotWords.edit(Json.pathId("instanceId", instanceId), Json.pathId("id", id),
                json.string("name"), json.integer("weight")));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "hot_words")
    @Operation(summary = "Delete a hot word permanently")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        hotWords.delete(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }

    /** {@code POST|GET {I}/hot-words:bulk-delete}. */
    @Path("/instances/{instanceId}/hot-words:bulk-delete")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "hot words")
    public static final class BulkDelete {
        private final HotWordService hotWords;

        BulkDelete(HotWordService hotWords) {
            this.hotWords = hotWords;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Allowed(permission = "hot_words")
        @Operation(summary = "Delete many hot words; `ids` must be non-empty (422); the answer reports each id",
                requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = TelephonyViews.IdsWrite.class))))
        public TelephonyViews.BulkView bulkDelete(@PathParam("instanceId") String instanceId, String body) {
            Json.Body json = Json.object(body, Set.of("ids"));
            List<Long> ids = BodyParts.ids(json, "ids");
            return TelephonyViews.BulkView.of(hotWords.bulkDelete(Json.pathId("instanceId", instanceId), ids));
        }
    }

    /** {@code POST|GET {I}/hot-words:import}. */
    @Path("/instances/{instanceId}/hot-words:import")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "hot words")
    public static final class Import {
        private final HotWordService hotWords;

        Import(HotWordService hotWords) {
            this.hotWords = hotWords;
        }

        @POST
        @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
        @Allowed(permission = "hot_words")
        @Operation(summary = "Replace every hot word with a .txt file (≤ 100 KB, UTF-8, one name|weight per line, "
                + "empty lines ignored, ≤ 1000 entries) sent as the raw body; any bad line rejects the whole file (422) "
                + "with its line number, and nothing changes",
                requestBody = @RequestBody(content = @Content(mediaType = MediaType.TEXT_PLAIN,
                        schema = @Schema(type = "string", format = "binary"))))
        public TelephonyViews.ImportView importRaw(@PathParam("instanceId") String instanceId, InputStream body) {
            return doImport(instanceId, BodyParts.bounded(body, HotWordService.MAX_IMPORT_BYTES));
        }

        @POST
        @Consumes(MediaType.MULTIPART_FORM_DATA)
        @Allowed(permission = "hot_words")
        @Operation(summary = "The same import with the file as the multipart/form-data part `file` (curl -F file=@words.txt)",
                requestBody = @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                        schema = @Schema(implementation = Views.FileForm.class))))
        public TelephonyViews.ImportView importMultipart(@PathParam("instanceId") String instanceId, MultipartBody body) {
            return doImport(instanceId, BodyParts.part(body, "file", HotWordService.MAX_IMPORT_BYTES));
        }

        private TelephonyViews.ImportView doImport(String instanceId, byte[] file) {
            return new TelephonyViews.ImportView(hotWords.importText(Json.pathId("instanceId", instanceId), file));
        }
    }

    /** {@code POST|GET {I}/hot-words:export}. */
    @Path("/instances/{instanceId}/hot-words:export")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "hot words")
    public static final class Export {
        private final HotWordService hotWords;

        Export(HotWordService hotWords) {
            this.hotWords = hotWords;
        }

        @GET
        @Produces(TEXT_UTF8)
        @Allowed(permission = "hot_words")
        @Operation(summary = "Every hot word as a UTF-8 .txt file, one name|weight per line: the import format")
        public Response export(@PathParam("instanceId") String instanceId) {
            String text = hotWords.exportText(Json.pathId("instanceId", instanceId));
            return Response.ok(text.getBytes(StandardCharsets.UTF_8), TEXT_UTF8)
                    .header("Content-Disposition", "attachment; filename=\"hot-words.txt\"").build();
        }
    }
}
