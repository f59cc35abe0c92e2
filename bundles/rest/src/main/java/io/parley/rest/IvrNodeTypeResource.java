package io.parley.rest;

import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** The IVR node types installed right now (built in and integrators' bundles). */
@Path("/ivr/node-types")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ivr")
public class IvrNodeTypeResource {

    private final IvrNodeTypeCatalog catalog;

    IvrNodeTypeResource(IvrNodeTypeCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Allowed(permission = "ivr")
    @Operation(summary = "Names of the installed IVR node types")
    public Views.NodeTypesView list() {
        return new Views.NodeTypesView(List.copyOf(catalog.types()));
    }
}
