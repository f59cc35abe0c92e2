package io.parley.shell;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.PeerReachability;
import io.parley.api.sip.TrunkRegistration;
import io.parley.api.sip.TrunkService;
import io.parley.api.sip.TrunkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code parley:sip-trunks}: the live status of each SIP channel (SPEC §1.3 {@code status}) and
 * what it rests on: the registration to the carrier (carrier_account), each peer's OPTIONS
 * reachability (public_trunk, §34 p4), the gateway's registrations (appliance_account).
 */
@Service
@Command(scope = "parley", name = "sip-trunks",
        description = "Show each SIP channel's live status: carrier registration, peer reachability, gateway registration")
public class SipTrunksCommand implements Action {

    @Reference(optional = true)
    TrunkService trunks;

    @Argument(index = 0, name = "channel", description = "Only this channel id")
    Long channelId;

    @Override
    public Object execute() {
        if (trunks == null) {
            System.out.println("The SIP layer is not running (feature parley-sip).");
            return null;
        }
        List<TrunkStatus> list = channelId == null ? trunks.trunkStatuses()
                : trunks.trunkStatus(channelId).map(List::of).orElse(List.of());
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Channel");
        table.column("Name");
        table.column("Mode");
        table.column("Status");
        table.column("Detail");
        for (TrunkStatus s : list) {
            table.addRow().addContent(s.channelId(), s.name(), s.dockingMode(), s.status(), detail(s, now));
        }
        table.print(System.out);
        System.out.println(list.size() + " channel(s)");
        return null;
    }

    static String detail(TrunkStatus s, Instant now) {
        if (TrunkStatus.UNAVAILABLE.equals(s.status())) {
            return "no " + s.dockingMode() + " trunk connector is running: calls through this channel fail";
        }
        if (s.registration() != null) {
            TrunkRegistration r = s.registration();
            List<String> parts = new ArrayList<>();
            parts.add(r.registrar() + (r.outboundProxy() == null ? "" : " via " + r.outboundProxy()));
            if (r.expiresAt() != null) {
                parts.add("expires in " + seconds(now, r.expiresAt()));
            }
            if (r.lastError() != null) {
                parts.add("last error: " + r.lastError() + " (" + r.consecutiveFailures() + " failure(s))");
            } else if (r.lastStatusCode() != null) {
                parts.add("last answer " + r.lastStatusCode());
            }
            if (r.nextAttemptAt() != null) {
                parts.add("next REGISTER in " + seconds(now, r.nextAttemptAt()));
            }
            return String.join(", ", parts);
        }
        if (!s.peers().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (PeerReachability p : s.peers()) {
                parts.add(p.ip() + ":" + p.port() + (p.reachable()
                        ? " up" + (p.roundTripMillis() == null ? "" : " " + p.roundTripMillis() + " ms")
                        : " down" + (p.lastProbeAt() == null ? " (not probed yet)"
                        : " (" + p.consecutiveFailures() + " miss(es)" + (p.lastError() == null ? "" : ": " + p.lastError()) + ")")));
            }
            return String.join("; ", parts);
        }
        if (!s.gateways().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (GatewayBinding g : s.gateways()) {
                parts.add(g.username() + " from " + g.sourceAddress() + " (" + g.transport() + ")"
                        + (g.userAgent() == null ? "" : " " + g.userAgent()) + ", expires in " + seconds(now, g.expiresAt()));
            }
            return String.join("; ", parts);
        }
        return "appliance_account".equals(s.dockingMode()) ? "no gateway registered" : "";
    }

    private static String seconds(Instant now, Instant at) {
        return Math.max(0, Duration.between(now, at).toSeconds()) + " s";
    }
}
