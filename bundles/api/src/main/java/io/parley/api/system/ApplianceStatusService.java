package io.parley.api.system;

/**
 * Gathers the appliance's status.
 *
 * <pre>{@code
 * ApplianceStatus s = statusService.status();
 * System.out.println(s.version() + " up " + s.uptime());
 * }</pre>
 */
public interface ApplianceStatusService {
    ApplianceStatus status();
}
