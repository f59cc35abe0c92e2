package io.parley.api.system;

import io.parley.api.sip.TrunkHealth;
import io.parley.api.store.DatabaseInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The appliance at a glance, for {@code parley:status} and {@code GET /api/v1/health}.
 *
 * @param version   Parley's version
 * @param startedAt when the container started
 * @param uptime    time since then
 * @param database  the store's state, or null when the store is not up
 * @param bundles   every Parley bundle with its state
 * @param trunks    whether the carrier accounts can register, or null when the SIP bundle is not running
 * @param alarms    what the {@link AlarmSource}s raise now (e.g. the recordings disk over its watermark)
 */
public record ApplianceStatus(String version, Instant startedAt, Duration uptime, DatabaseInfo database,
                              List<BundleHealth> bundles, TrunkHealth trunks, List<Alarm> alarms) {

    public ApplianceStatus {
        bundles = List.copyOf(bundles);
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }

    /** Without alarms. */
    public ApplianceStatus(String version, Instant startedAt, Duration uptime, DatabaseInfo database,
                           List<BundleHealth> bundles, TrunkHealth trunks) {
        this(version, startedAt, uptime, database, bundles, trunks, List.of());
    }

    /** Without trunk health (the SIP bundle not running). */
    public ApplianceStatus(String version, Instant startedAt, Duration uptime, DatabaseInfo database,
                           List<BundleHealth> bundles) {
        this(version, startedAt, uptime, database, bundles, null, List.of());
    }

    /**
     * True when the database answers, every Parley bundle is active, every carrier account
     * can register and no alarm is raised.
     */
    public boolean healthy() {
        return database != null && database.reachable() && bundles.stream().allMatch(BundleHealth::active)
                && (trunks == null || trunks.healthy()) && alarms.isEmpty();
    }

    /**
     * One bundle's state.
     *
     * @param symbolicName e.g. {@code parley-store}
     * @param version      bundle version
     * @param state        {@code ACTIVE}, {@code RESOLVED}, {@code INSTALLED}, …
     * @param failedComponents DS components of the bundle that are not satisfied or failed
     */
    public record BundleHealth(String symbolicName, String version, String state, List<String> failedComponents) {
        public BundleHealth {
            failedComponents = List.copyOf(failedComponents);
        }

        public boolean active() {
            return "ACTIVE".equals(state) && failedComponents.isEmpty();
        }
    }
}
