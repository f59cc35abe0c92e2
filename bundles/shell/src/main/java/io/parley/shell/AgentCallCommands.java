package io.parley.shell;

import io.parley.api.agentcall.AgentCallService;
import io.parley.api.agentcall.CallTransfer;
import io.parley.api.agentcall.OutboundCallRequest;
import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import java.util.EnumSet;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Agents' calls from the shell (SPEC §16.1, §21), through {@link AgentCallService} as the
 * appliance operator (who may act for every agent): {@code parley:call-originate},
 * {@code parley:call-hold}, {@code parley:call-mute}, {@code parley:call-dtmf} and
 * {@code parley:call-transfer}. {@code parley:calls} lists the live calls.
 */
public final class AgentCallCommands {

    private AgentCallCommands() {
    }

    /** The shell's operator: the appliance administrator, with every permission. */
    static Caller operator() {
        return new Caller("karaf", "operator", EnumSet.allOf(Permission.class), true);
    }

    /** A command on agents' calls: says so when the agent-calls bundle is not running. */
    abstract static class AgentCallAction extends ParleyAction {
        @Reference(optional = true)
        AgentCallService agentCalls;

        @Override
        protected final Object run() throws Exception {
            if (agentCalls == null) {
                System.out.println("Agent calls are not running (feature parley-agent-calls).");
                return null;
            }
            act();
            return null;
        }

        abstract void act();
    }

    @Service
    @Command(scope = "parley", name = "call-originate", description = "Place a call for an agent: its phone first, "
            + "then the callee (SPEC §16.1); prints the session id")
    public static final class Originate extends AgentCallAction {
        @Argument(index = 0, name = "agent", required = true, description = "Agent id")
        String agentId;

        @Argument(index = 1, name = "callee", required = true, description = "Number (or user ID with §26 mapping)")
        String callee;

        @Option(name = "--caller-number", description = "The agent's chosen caller number (§11.2)")
        String callerNumber;

        @Option(name = "--description", description = "Shown to the agent, at most 64 characters")
        String description;

        @Override
        void act() {
            String sid = agentCalls.originate(operator(), instance(),
                    new OutboundCallRequest(agentId, callee, callerNumber, description, null, null));
            System.out.println("Call " + sid + " placed for agent " + agentId);
        }
    }

    @Service
    @Command(scope = "parley", name = "call-hold", description = "Hold an agent's call (the customer hears the hold "
            + "audio), or retrieve it with --off")
    public static final class Hold extends AgentCallAction {
        @Argument(index = 0, name = "session", required = true, description = "Session id")
        String sessionId;

        @Option(name = "--off", description = "Retrieve the customer")
        boolean off;

        @Override
        void act() {
            agentCalls.hold(operator(), instance(), sessionId, !off);
            System.out.println("Call " + sessionId + (off ? " retrieved" : " on hold"));
        }
    }

    @Service
    @Command(scope = "parley", name = "call-mute", description = "Mute the agent of a call (the customer no longer "
            + "hears the agent), or unmute with --off")
    public static final class Mute extends AgentCallAction {
        @Argument(index = 0, name = "session", required = true, description = "Session id")
        String sessionId;

        @Option(name = "--off", description = "Unmute")
        boolean off;

        @Override
        void act() {
            agentCalls.mute(operator(), instance(), sessionId, !off);
            System.out.println("Call " + sessionId + (off ? " unmuted" : " muted"));
        }
    }

    @Service
    @Command(scope = "parley", name = "call-dtmf", description = "Send digits (0-9*#, at most 32) to the customer as "
            + "RFC 4733 events")
    public static final class Dtmf extends AgentCallAction {
        @Argument(index = 0, name = "session", required = true, description = "Session id")
        String sessionId;

        @Argument(index = 1, name = "digits", required = true, description = "Digits, e.g. 123#")
        String digits;

        @Override
        void act() {
            agentCalls.sendDtmf(operator(), instance(), sessionId, digits);
            System.out.println("Digits sent to the customer of " + sessionId);
        }
    }

    @Service
    @Command(scope = "parley", name = "call-transfer", description = "Transfer an agent's customer to a skill group, "
            + "an agent or an external number; the session id stays")
    public static final class Transfer extends AgentCallAction {
        @Argument(index = 0, name = "session", required = true, description = "Session id")
        String sessionId;

        @Option(name = "--group", description = "Skill group id")
        Long group;

        @Option(name = "--agent", description = "Agent id")
        String agent;

        @Option(name = "--external", description = "External number")
        String number;

        @Option(name = "--caller-number", description = "Caller number of an external transfer (§11.2)")
        String callerNumber;

        @Override
        void act() {
            String target = group != null ? CallTransfer.SKILL_GROUP : agent != null ? CallTransfer.AGENT
                    : number != null ? CallTransfer.EXTERNAL : null;
            agentCalls.transfer(operator(), instance(), sessionId,
                    new CallTransfer(target, group, agent, number, callerNumber));
            System.out.println("Call " + sessionId + " is being transferred to " + target);
        }
    }
}
