package io.parley.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.apache.cxf.jaxrs.ext.multipart.MultipartBody;

/**
 * IVR flows and their versions, SPEC §7.5 and §9.2: {@code {I}/ivr-flows}. IVR configuration
 * is the {@code ivr} permission (an administrator's, SPEC §5). Import is a root resource of its
 * own, {@code {I}/ivr-flows:import}, since {@code :verb} cannot follow the {@code /ivr-flows} root.
 */
@Path("/instances/{instanceId}/ivr-flows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ivr")
public class IvrFlowResource {

    /** An exported document is a few hundred KB at most even for large flows. */
    static final int MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

    private final IvrFlowService flows;

    IvrFlowResource(IvrFlowService flows) {
        this.flows = flows;
    }

    /** This resource and its {@code :import} sibling, for {@link RestServer}. */
    static List<Object> all(IvrFlowService flows) {
        return List.of(new IvrFlowResource(flows), new Import(flows));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "ivr")
    @Operation(summary = "Create a flow of a kind; its MAIN version runs Start -> End",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = IvrViews.FlowWrite.class))),
            responses = @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = IvrViews.FlowView.class))))
    public Response create(@PathParam("instanceId") String instanceId, String body) {
        Json.Body json = Json.object(body, Set.of("kind", "name", "template"));
        IvrFlow created = flows.create(Json.pathId("instanceId", instanceId), required(json, "kind"),
                required(json, "name"), json.string("template"));
        return Response.status(201).entity(IvrViews.FlowView.of(created)).build();
    }

    @GET
    @Allowed(permission = "ivr")
    @Operation(summary = "List flows, optionally of one `kind` and those whose name contains `q` (or whose id is `q`)")
    public Views.PageView<IvrViews.FlowView> list(@PathParam("instanceId") String instanceId,
                                                  @QueryParam("kind") String kind,
                                                  @QueryParam("q") String q,
                                                  @QueryParam("page") String page,
                                                  @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(flows.list(Json.pathId("instanceId", instanceId), blankToNull(kind), blankToNull(q),
                request), IvrViews.FlowView::of);
    }

    @GET
    @Path("/{id}")
    @Allowed(permission = "ivr")
    @Operation(summary = "One flow with its versions")
    public IvrViews.FlowView get(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        return IvrViews.FlowView.of(flows.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "ivr")
    @Operation(summary = "Rename a flow; the kind is immutable",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = IvrViews.FlowWrite.class))))
    public IvrViews.FlowView edit(@PathParam("instanceId") String instanceId, @PathParam("id") String id, String body) {
        Json.Body json = Json.object(body, Set.of("kind", "name", "template"));
        long instance = Json.pathId("instanceId", instanceId);
        long flowId = Json.pathId("id", id);
        IvrFlow flow = flows.get(instance, flowId);
        if (json.has("kind") && !flow.kind().equals(json.string("kind"))) {
            throw new InvalidException("kind", "is immutable (SPEC §7.2): the flow is " + flow.kind());
        }
        if (json.has("template") && !java.util.Objects.equals(blankToNull(flow.template()), blankToNull(json.string("template")))) {
            throw new InvalidException("template", "is set when the flow is created and cannot change");
        }
        if (!json.has("name")) {
            return IvrViews.FlowView.of(flow);
        }
        return IvrViews.FlowView.of(flows.rename(instance, flowId, required(json, "name")));
    }

    @DELETE
    @Path("/{id}")
    @Allowed(permission = "ivr")
    @Operation(summary = "Delete a flow with its versions; refused (409) while a version is bound to a number")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("id") String id) {
        flows.delete(Json.pathId("instanceId", instanceId), Json.pathId("id", id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/versions")
    @Allowed(permission = "ivr")
    @Operation(summary = "The flow's versions, MAIN first, without graphs")
    public Views.PageView<IvrViews.VersionSummaryView> versions(@PathParam("instanceId") String instanceId,
                                                                @PathParam("id") String id) {
        List<IvrViews.VersionSummaryView> versions = flows.get(Json.pathId("instanceId", instanceId), Json.pathId("id", id))
                .versions().stream().map(IvrViews.VersionSummaryView::of).toList();
        return new Views.PageView<>(versions, versions.size());
    }

    @POST
    @Path("/{id}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "ivr")
    @Operation(summary = "Add a version whose graph is a copy of `based_on`'s (default MAIN); the base is untouched",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = IvrViews.VersionWrite.class))),
            responses = @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = IvrViews.VersionView.class))))
    public Response addVersion(@PathParam("instanceId") String instanceId, @PathParam("id") String id, String body) {
        Json.Body json = Json.object(body, Set.of("version", "based_on", "notes"));
        IvrViews.VersionView created = IvrViews.VersionView.of(flows.addVersion(Json.pathId("instanceId", instanceId),
                Json.pathId("id", id), required(json, "version"), json.string("based_on"), json.string("notes")));
        return Response.status(201).entity(created).build();
    }

    @GET
    @Path("/{id}/versions/{version}")
    @Allowed(permission = "ivr")
    @Operation(summary = "One version with its graph and what validation finds against the node types installed now")
    public IvrViews.VersionView version(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                        @PathParam("version") String version) {
        return IvrViews.VersionView.of(flows.version(Json.pathId("instanceId", instanceId), Json.pathId("id", id), version));
    }

    @PUT
    @Path("/{id}/versions/{version}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "ivr")
    @Operation(summary = "Replace a version's graph (and notes when given) and validate it (SPEC §7.3): published "
            + "without errors, otherwise stored as draft with its problems; refused (409) when a bound version would "
            + "become a draft",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = IvrViews.VersionSave.class))))
    public IvrViews.VersionView saveVersion(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                            @PathParam("version") String version, String body) {
        Json.Body json = Json.object(body, Set.of("graph", "notes"));
        JsonNode graph = json.node().get("graph");
        if (graph == null || graph.isNull()) {
            throw new MalformedException("graph", "is required: {\"nodes\":[…],\"edges\":[…]}");
        }
        IvrGraph parsed = flows.parseGraph(graph.toString());
        return IvrViews.VersionView.of(flows.saveVersion(Json.pathId("instanceId", instanceId), Json.pathId("id", id),
                version, parsed, json.string("notes")));
    }

    @DELETE
    @Path("/{id}/versions/{version}")
    @Allowed(permission = "ivr")
    @Operation(summary = "Delete a version; MAIN cannot be deleted and a bound version is refused (409)")
    public Response deleteVersion(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                  @PathParam("version") String version) {
        flows.deleteVersion(Json.pathId("instanceId", instanceId), Json.pathId("id", id), version);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/versions/{version}:copy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "ivr")
    @Operation(summary = "Create a new flow of the same kind named `target_flow_name` whose MAIN is this version's graph",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = IvrViews.CopyWrite.class))),
            responses = @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = IvrViews.FlowView.class))))
    public Response copyVersion(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                                @PathParam("version") String version, String body) {
        Json.Body json = Json.object(body, Set.of("target_flow_name"));
        IvrFlow copy = flows.copyVersion(Json.pathId("instanceId", instanceId), Json.pathId("id", id), version,
                required(json, "target_flow_name"));
        return Response.status(201).entity(IvrViews.FlowView.of(copy)).build();
    }

    @GET
    @Path("/{id}/versions/{version}:export")
    @Allowed(permission = "ivr")
    @Operation(summary = "The version as a JSON document (docs/ivr-flow-format.md), which `:import` accepts",
            responses = @ApiResponse(responseCode = "200", description = "The document, as an attachment",
                    content = @Content(schema = @Schema(implementation = IvrViews.DocumentView.class))))
    public Response export(@PathParam("instanceId") String instanceId, @PathParam("id") String id,
                           @PathParam("version") String version) {
        long flowId = Json.pathId("id", id);
        String document = flows.export(Json.pathId("instanceId", instanceId), flowId, version);
        String file = "ivr-flow-" + flowId + "-" + version.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
        return Response.ok(document.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    private static String required(Json.Body json, String field) {
        String value = json.string(field);
        if (value == null) {
            throw new InvalidException(field, "is required");
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code POST {I}/ivr-flows:import}. */
    @Path("/instances/{instanceId}/ivr-flows:import")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "ivr")
    public static final class Import {
        private final IvrFlowService flows;

        Import(IvrFlowService flows) {
            this.flows = flows;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Allowed(permission = "ivr")
        @Operation(summary = "Create a flow from an exported document (the body, as `:export` wrote it); its graph "
                + "becomes MAIN, validated like a save; `name` overrides the document's",
                requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = IvrViews.DocumentView.class))),
                responses = @ApiResponse(responseCode = "201", description = "Created",
                        content = @Content(schema = @Schema(implementation = IvrViews.FlowView.class))))
        public Response importRaw(@PathParam("instanceId") String instanceId, @QueryParam("name") String name,
                                   String body) {
            return doImport(instanceId, body, name);
        }

        @POST
        @Consumes(MediaType.MULTIPART_FORM_DATA)
        @Allowed(permission = "ivr")
        @Operation(summary = "The same import with the document as the multipart/form-data part `file` "
                + "(curl -F file=@flow.json)",
                requestBody = @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                        schema = @Schema(implementation = Views.FileForm.class))),
                responses = @ApiResponse(responseCode = "201", description = "Created",
                        content = @Content(schema = @Schema(implementation = IvrViews.FlowView.class))))
        public Response importMultipart(@PathParam("instanceId") String instanceId, @QueryParam("name") String name,
                                        MultipartBody body) {
            return doImport(instanceId, new String(BodyParts.part(body, "file", MAX_DOCUMENT_BYTES),
                    StandardCharsets.UTF_8), name);
        }

        private Response doImport(String instanceId, String document, String name) {
            IvrFlow created = flows.importFlow(Json.pathId("instanceId", instanceId), document, blankToNull(name));
            return Response.status(201).entity(IvrViews.FlowView.of(created)).build();
        }
    }
}
