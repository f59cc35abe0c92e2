package io.parley.shell;

import io.parley.api.sip.TrunkHealth;
import io.parley.api.store.DatabaseInfo;
import io.parley.api.system.ApplianceStatus;
import io.parley.api.system.ApplianceStatusService;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "parley", name = "status", description = "Version, uptime, database and bundle health of the appliance")
public class StatusCommand implements Action {

    @Reference
    ApplianceStatusService statusService;

    // the ACD's own lines (a routing policy not installed, the reconciler's repairs) while it runs
    @Reference(optional = true)
    io.parley.api.acd.Acd acd;

    @Override
    public Object execute() {
        ApplianceStatus s = statusService.status();
        PrintStream out = System.out;
        out.println("Parley " + s.version() + "  " + (s.healthy() ? "HEALTHY" : "DEGRADED"));
        out.println("Started   " + s.startedAt() + "  (up " + human(s.uptime()) + ")");
        DatabaseInfo db = s.database();
        out.println("Database  " + (db == null ? "store not running"
                : db.product() + " " + db.version() + ", schema v" + db.schemaVersion() + ", "
                        + (db.reachable() ? "reachable" : "UNREACHABLE") + ", " + db.url()));
        TrunkHealth t = s.trunks();
        out.println("Trunks    " + (t == null ? "SIP not running"
                : t.carrierAccounts() + " carrier accounts, " + (t.failingCarrierAccounts().isEmpty() ? "all can register"
                        : t.failingCarrierAccounts().size() + " CANNOT REGISTER (" + String.join(", ", t.failingCarrierAccounts())
                                + ")") + ", " + t.credentialRefusals() + " credential refusals"
                        + (t.unavailableChannels().isEmpty() ? ""
                        : ", " + t.unavailableChannels().size() + " UNAVAILABLE (no connector: "
                                + String.join(", ", t.unavailableChannels()) + ")")));
        for (io.parley.api.system.Alarm a : s.alarms()) {
            out.println("ALARM     " + a.code() + " since " + a.since() + ": " + a.message());
        }
        if (acd != null) {
            acd.statusLines().forEach(out::println);
        }
        ShellTable table = new ShellTable();
        table.column("Bundle");
        table.column("Version");
        table.column("State");
        table.column("Problems");
        for (ApplianceStatus.BundleHealth b : s.bundles()) {
            table.addRow().addContent(b.symbolicName(), b.version(), b.state(),
                    b.failedComponents().isEmpty() ? "" : String.join("; ", b.failedComponents()));
        }
        table.print(out);
        return null;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return String.format("%dd %02dh %02dm %02ds", s / 86400, (s / 3600) % 24, (s / 60) % 60, s % 60);
    }
}
