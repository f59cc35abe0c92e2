package io.parley.rest;

import io.parley.api.store.DatabaseInfo;
import io.parley.api.system.ApplianceStatus;
import io.parley.api.system.ApplianceStatusService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code GET /api/v1/health}: the one call that needs no authentication (SPEC §32). It
 * answers JSON whatever is missing, the system bundle's status service included, and names
 * what is missing.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "appliance")
public class HealthResource {

    private final ApplianceStatusService status;
    private final LiveServices services;
    private final String version;

    HealthResource(ApplianceStatusService status, LiveServices services, String version) {
        this.status = status;
        this.services = services;
        this.version = version;
    }

    @GET
    @Allowed(everyone = true)
    @Operation(summary = "Liveness and readiness: 200 when the database answers, every Parley bundle is active and "
            + "every service the API calls is running, else 503 naming what is missing",
            responses = {
                    @ApiResponse(responseCode = "200", description = "Up",
                            content = @Content(schema = @Schema(implementation = Views.HealthView.class))),
                    // the one 5xx that is not the error body: monitoring reads what is missing from it
                    @ApiResponse(responseCode = "503", description = "Degraded: what is missing or failing",
                            content = @Content(schema = @Schema(implementation = Views.HealthView.class)))})
    public Response health() {
        List<Views.MissingView> missing = services.missing().stream()
                .map(m -> new Views.MissingView(m.service(), m.bundle())).toList();
        ApplianceStatus s;
        try {
            s = status.status();
        } catch (ServiceMissingException e) {
            // the system bundle is the one away: what this bundle knows is still worth an answer
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
            return Response.status(503).entity(new Views.HealthView("degraded", version, uptime, null, missing, List.of(), null, List.of()))
                    .build();
        }
        DatabaseInfo db = s.database();
        List<String> inactive = s.bundles().stream().filter(b -> !b.active())
                .map(ApplianceStatus.BundleHealth::symbolicName).toList();
        boolean healthy = s.healthy() && missing.isEmpty();
        Views.HealthView view = new Views.HealthView(healthy ? "up" : "degraded", s.version(), s.uptime().toSeconds(),
                db == null ? null : new Views.DatabaseView(db.product(), db.version(), db.schemaVersion(), db.reachable()),
                missing, inactive, s.trunks() == null ? null : new Views.TrunkHealthView(s.trunks().carrierAccounts(),
                        s.trunks().failingCarrierAccounts(), s.trunks().credentialRefusals(),
                        s.trunks().unavailableChannels()),
                s.alarms().stream().map(a -> new Views.AlarmView(a.code(), a.message(), a.since().toString())).toList());
        return Response.status(healthy ? 200 : 503).entity(view).build();
    }
}
