package io.parley.shell;

import io.parley.api.agent.AgentPresence;
import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import io.parley.api.error.InvalidException;
import java.time.Duration;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:agent-login|logout|state}: agents' presence (SPEC §14.3) from the shell. */
public final class PresenceCommands {

    private PresenceCommands() {
    }

    public abstract static class PresenceAction extends ParleyAction {
        @Reference
        AgentPresence presence;

        static void print(PresenceState s) {
            System.out.println("Agent " + s.agentId() + " is " + s.state().wire()
                    + (s.breakReason() != null ? " (" + s.breakReason() + ")" : "")
                    + (s.sessionId() != null ? " in call " + s.sessionId() : "")
                    + (s.since() != null ? " since " + s.since() : ""));
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-login", description = "Log an agent in with the default status after login")
    public static final class Login extends PresenceAction {
        @Argument(index = 0, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            print(presence.login(instance(), agentId));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-logout", description = "Log an agent out (a call in progress goes on)")
    public static final class Logout extends PresenceAction {
        @Argument(index = 0, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            print(presence.logout(instance(), agentId));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-state", description = "Show the presence of the online agents, or of one "
            + "agent with today's durations; with a state, set it (available, busy, on_break --reason ID, offline)")
    public static final class State extends PresenceAction {
        @Argument(index = 0, name = "agent-id", required = false)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Argument(index = 1, name = "state", required = false, description = "available, busy, on_break or offline")
        String state;

        @Option(name = "--reason", description = "break reason id, with on_break")
        Long reason;

        @Override
        protected Object run() {
            long instance = instance();
            if (agentId == null) {
                ShellTable table = new ShellTable();
                table.column("Agent");
                table.column("State");
                table.column("Reason");
                table.column("Call");
                table.column("Since");
                for (PresenceState s : presence.online(instance)) {
                    table.addRow().addContent(s.agentId(), s.state().wire(), s.breakReason() == null ? "" : s.breakReason(),
                            s.sessionId() == null ? "" : s.sessionId(), s.since());
                }
                table.print(System.out);
                return null;
            }
            if (state != null) {
                Presence p = Presence.fromWire(state);
                if (p == null) {
                    throw new InvalidException("state", "must be available, busy, on_break or offline");
                }
                print(presence.set(instance, agentId, p, reason));
                return null;
            }
            print(presence.current(instance, agentId));
            System.out.println("Calls answered today: " + presence.callsAnsweredToday(instance, agentId));
            for (Map.Entry<Presence, Duration> e : presence.durationsToday(instance, agentId).entrySet()) {
                System.out.println("  " + e.getKey().wire() + ": " + e.getValue().toSeconds() + " s");
            }
            return null;
        }
    }
}
