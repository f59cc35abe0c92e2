package io.parley.rest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 document ({@link ApiDocument}), generated
 * by swagger-core from the resource classes and the records they answer with once at start,
 * so it cannot drift from the code it describes.
 */
@Path("/openapi.json")
@Tag(name = "appliance")
public class OpenApiResource {

    private final String document;

    OpenApiResource(String version, Set<Class<?>> resources) {
        this.document = ApiDocument.render(version, resources);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(anyCaller = true)
    @Operation(summary = "This OpenAPI document")
    public Response document() {
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
