package io.parley.rest;

import io.parley.api.store.DatabaseInfo;
import io.parley.api.system.ApplianceStatus;
import io.parley.api.system.ApplianceStatusService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** {@code GET /api/v1/health}: the one call that needs no authentication (SPEC §32). */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "appliance")
public class HealthResource {

    private final ApplianceStatusService status;

    HealthResource(ApplianceStatusService status) {
        this.status = status;
    }

    @GET
    @Allowed(everyone = true)
    @Operation(summary = "Liveness and readiness: 200 when the database answers and every Parley bundle is active, else 503")
    public Response health() {
        ApplianceStatus s = status.status();
        DatabaseInfo db = s.database();
        Views.HealthView view = new Views.HealthView(s.healthy() ? "up" : "degraded", s.version(), s.uptime().toSeconds(),
                db == null ? null : new Views.DatabaseView(db.product(), db.version(), db.schemaVersion(), db.reachable()));
        return Response.status(s.healthy() ? 200 : 503).entity(view).build();
    }
}
