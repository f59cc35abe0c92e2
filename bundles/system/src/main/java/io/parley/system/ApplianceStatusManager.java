package io.parley.system;

import io.parley.api.sip.TrunkHealth;
import io.parley.api.sip.TrunkService;
import io.parley.api.store.DatabaseHealth;
import io.parley.api.system.Alarm;
import io.parley.api.system.AlarmSource;
import io.parley.api.system.ApplianceStatus;
import io.parley.api.system.ApplianceStatus.BundleHealth;
import io.parley.api.system.ApplianceStatusService;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Reads the appliance's state from the framework: Parley's bundles (symbolic names starting
 * {@code parley-}) and whether their DS components are satisfied (an immediate one also
 * activated: the SIP stack listens once its component is), plus the database. The
 * database reference is optional so status still answers while the store is down; so is the
 * trunk service, whose carrier accounts that cannot register make the appliance degraded.
 */
@Component(service = ApplianceStatusService.class)
public class ApplianceStatusManager implements ApplianceStatusService {

    static final String BUNDLE_PREFIX = "parley-";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DatabaseHealth database;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TrunkService trunks;

    /** Parts that raise alarms (the recordings disk watermark…), as they come and go. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<AlarmSource> alarmSources = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public ApplianceStatusManager(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    @Override
    public ApplianceStatus status() {
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        DatabaseHealth db = database;
        return new ApplianceStatus(context.getBundle().getVersion().toString(), started,
                Duration.between(started, Instant.now()).withNanos(0), db == null ? null : db.check(), bundles(),
                trunkHealth(trunks), alarms(alarmSources));
    }

    /** Every raised alarm; a source that fails while its bundle stops is skipped. */
    static List<Alarm> alarms(List<AlarmSource> sources) {
        List<Alarm> out = new ArrayList<>();
        for (AlarmSource s : sources) {
            try {
                out.addAll(s.alarms());
            } catch (RuntimeException e) {
                // going away
            }
        }
        return out;
    }

    /** The trunks' health, or null when the SIP bundle is away (or fails while stopping). */
    static TrunkHealth trunkHealth(TrunkService trunks) {
        if (trunks == null) {
            return null;
        }
        try {
            return trunks.health();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private List<BundleHealth> bundles() {
        List<BundleHealth> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name == null || !name.startsWith(BUNDLE_PREFIX)) {
                continue;
            }
            out.add(new BundleHealth(name, b.getVersion().toString(), state(b.getState()), failedComponents(b)));
        }
        out.sort(Comparator.comparing(BundleHealth::symbolicName));
        return out;
    }

    private List<String> failedComponents(Bundle bundle) {
        List<String> failed = new ArrayList<>();
        if (bundle.getState() != Bundle.ACTIVE) {
            return failed;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(d)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    failed.add(shortName(d.name) + (c.failure != null ? " (" + firstLine(c.failure) + ")" : ""));
                } else if (d.immediate && c.state == ComponentConfigurationDTO.SATISFIED) {
                    // an immediate component is SATISFIED while its activation runs: the SIP stack binds
                    // its ports there, so until it is ACTIVE the appliance is not ready (health 503)
                    failed.add(shortName(d.name) + " (starting)");
                }
            }
        }
        return failed;
    }

    private static String shortName(String component) {
        return component.substring(component.lastIndexOf('.') + 1);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
