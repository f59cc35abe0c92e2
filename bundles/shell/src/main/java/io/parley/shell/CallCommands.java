package io.parley.shell;

import io.parley.api.call.CallControl;
import io.parley.api.call.CallInfo;
import io.parley.api.call.LegInfo;
import io.parley.api.error.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:calls} and {@code parley:call-hangup}: the live calls of the B2BUA. */
public final class CallCommands {

    private CallCommands() {
    }

    @Service
    @Command(scope = "parley", name = "calls", description = "List the live calls (all instances, or one)")
    public static final class ListCalls implements Action {

        @Reference(optional = true)
        CallControl calls;

        @Option(name = "--instance", aliases = "-i", description = "Only this instance")
        Long instanceId;

        @Override
        public Object execute() {
            if (calls == null) {
                System.out.println("Call handling is not running (feature parley-sip).");
                return null;
            }
            List<CallInfo> live = calls.calls().stream()
                    .filter(c -> instanceId == null || c.instanceId() == instanceId).toList();
            Instant now = Instant.now();
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Instance");
            table.column("Direction");
            table.column("Caller");
            table.column("Callee");
            table.column("State");
            table.column("Legs");
            table.column("Since");
            for (CallInfo c : live) {
                table.addRow().addContent(c.id(), c.instanceId(), c.direction() + "/" + c.category(), c.caller(), c.callee(),
                        c.state(), legs(c.legs()), Math.max(0, Duration.between(c.since(), now).toSeconds()) + " s");
            }
            table.print(System.out);
            System.out.println(live.size() + " call(s)");
            return null;
        }

        /** e.g. {@code a:trunk 02187654321 answered rtp 250/251, b:phone 8001 ringing}. */
        private static String legs(List<LegInfo> legs) {
            return legs.stream().map(l -> l.id() + ":" + l.kind() + " " + l.party() + " " + l.state()
                    + (l.failureStatus() != null ? " (" + l.failureStatus() + ")" : "")
                    + " rtp " + l.rtpReceived() + "/" + l.rtpSent()).collect(Collectors.joining(", "));
        }
    }

    @Service
    @Command(scope = "parley", name = "call-hangup", description = "Hang up a live call (every leg)")
    public static final class Hangup extends ParleyAction {

        @Reference(optional = true)
        CallControl calls;

        @Argument(index = 0, name = "id", required = true, description = "Call id as parley:calls shows it")
        String id;

        @Override
        protected Object run() {
            if (calls == null) {
                System.out.println("Call handling is not running (feature parley-sip).");
                return null;
            }
            if (calls.call(id).isEmpty()) {
                throw new NotFoundException("call", id);
            }
            calls.hangup(id, null);
            System.out.println("Call " + id + " hung up");
            return null;
        }
    }
}
