package io.parley.rest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 document ({@link ApiDocument}), generated
 * by swagger-core from the resource classes and the records they answer with, so it cannot
 * drift from the code it describes. It lists the resources whose services are running now
 * ({@link LiveServices#serves}); one document is generated per set of such resources, on the
 * first request that needs it (not at start: it is the costliest part of the REST server's
 * activation), and kept.
 */
@Path("/openapi.json")
@Tag(name = "appliance")
public class OpenApiResource {

    private final String version;
    private final Supplier<Set<Class<?>>> registered;
    private final Map<Set<Class<?>>, String> documents = new ConcurrentHashMap<>();

    OpenApiResource(String version, Supplier<Set<Class<?>>> registered) {
        this.version = version;
        this.registered = registered;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(anyCaller = true)
    @Operation(summary = "This OpenAPI document")
    public Response document() {
        // swagger-core's Reader shares its model converters: one rendering at a time
        String document;
        synchronized (documents) {
            document = documents.computeIfAbsent(registered.get(), resources -> ApiDocument.render(version, resources));
        }
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
