package io.parley.shell;

import io.parley.api.sip.SipSecurityService;
import io.parley.api.sip.SipSecurityStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code parley:sip-security}: the SIP edge's security counters and the sources it throttles or
 * blocks after repeated authentication failures; {@code --unblock <ip>} lifts a block at once.
 */
@Service
@Command(scope = "parley", name = "sip-security",
        description = "Show SIP security counters and throttled/blocked sources; --unblock lifts a block")
public class SipSecurityCommand implements Action {

    @Reference(optional = true)
    SipSecurityService security;

    @Option(name = "--unblock", aliases = "-u", description = "Unblock this source IP address")
    String unblock;

    @Override
    public Object execute() {
        if (security == null) {
            System.out.println("The SIP stack is not running (feature parley-sip).");
            return null;
        }
        if (unblock != null) {
            String ip = unblock.strip();
            if (!ip.matches("[0-9A-Fa-f:.]{2,45}")) {
                System.out.println("INVALID unblock: not an IP address: " + unblock);
                return null;
            }
            System.out.println(security.unblock(ip) ? ip + " unblocked" : ip + " was neither throttled nor blocked");
            return null;
        }
        SipSecurityStatus status = security.status();
        ShellTable counters = new ShellTable();
        counters.column("Event");
        counters.column("Count").alignRight();
        status.counters().forEach((kind, n) -> counters.addRow().addContent(kind, n));
        counters.print(System.out);
        ShellTable sources = new ShellTable();
        sources.column("Source");
        sources.column("State");
        sources.column("Failures").alignRight();
        sources.column("Last user");
        sources.column("Blocked until");
        for (SipSecurityStatus.Source s : status.sources()) {
            sources.addRow().addContent(s.ip(), s.state(), s.failures(), s.lastUser() == null ? "" : s.lastUser(),
                    s.blockedUntil() == null ? "" : s.blockedUntil().toString());
        }
        sources.print(System.out);
        System.out.println(status.sources().size() + " source(s) throttled or blocked");
        return null;
    }
}
