package io.parley.shell;

import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentDraft;
import io.parley.api.agent.AgentFilter;
import io.parley.api.agent.AgentService;
import io.parley.api.agent.ImportResult;
import io.parley.api.agent.IssuedAgent;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.MemberDraft;
import io.parley.api.skillgroup.SkillGroupService;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code parley:agent-*} (SPEC §4) and {@code parley:skill-group-agent-*} (§6.2), with the
 * services' validation.
 */
public final class AgentCommands {

    private AgentCommands() {
    }

    public abstract static class AgentAction extends ParleyAction {
        @Reference
        AgentService agents;

        /** Where the new password went: mailed, or shown here once. */
        static String delivery(IssuedAgent issued) {
            return issued.mailed() ? "password sent to " + issued.agent().email()
                    : "password (shown once): " + issued.password();
        }
    }

    /** The agent commands that show something and take --json. */
    public abstract static class AgentView extends JsonAction {
        @Reference
        AgentService agents;
    }

    @Service
    @Command(scope = "parley", name = "agent-list", description = "List agents with the SPEC 4.2 filters")
    public static final class ListAgents extends AgentView {
        @Option(name = "--agent-id", description = "Part of the agent id")
        String agentId;
        @Option(name = "--email", description = "Part of the email")
        String email;
        @Option(name = "--name", description = "Part of the name, ignoring case")
        String name;
        @Option(name = "--phone-number", description = "Part of the phone number")
        String phoneNumber;
        @Option(name = "--skill-group", description = "Members of this skill group id")
        @Completion(Completers.SkillGroupId.class)
        Long skillGroup;
        @Option(name = "--mobile-answering", description = "off, when_offline or always")
        String mobileAnswering;
        @Option(name = "--page", description = "Page number, from 1")
        Integer page;
        @Option(name = "--page-size", description = "10..100, default 10")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/agents", instance()).param("agent_id", agentId).param("email", email).param("name", name).param("phone_number", phoneNumber).param("skill_group", skillGroup).param("mobile_answering", mobileAnswering).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            Page<Agent> result = agents.list(instance(), new AgentFilter(agentId, email, name, phoneNumber, skillGroup,
                    mobileAnswering, null, null), PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Agent id");
            table.column("Name");
            table.column("Email");
            table.column("Role");
            table.column("Skill groups");
            table.column("State");
            for (Agent a : result.items()) {
                table.addRow().addContent(a.agentId(), a.name(), a.email(), a.roleId(), a.skillGroupIds(),
                        a.accountState().wire());
            }
            table.print(System.out);
            System.out.println(result.total() + " agent(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-show", description = "Show one agent")
    public static final class ShowAgent extends AgentView {
        @Argument(index = 0, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/agents/%s", instance(), agentId);
        }

        @Override
        protected void show() throws Exception {
            print(agents.get(instance(), agentId), System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-add", description = "Create an agent; prints its password once")
    public static final class AddAgent extends AgentAction {
        @Option(name = "--name", required = true, description = "1..32 characters")
        String name;
        @Option(name = "--nickname", required = true, description = "1..32 characters, shown to customers")
        String nickname;
        @Option(name = "--email", required = true, description = "login name, unique on the appliance")
        String email;
        @Option(name = "--role", required = true, description = "role id")
        @Completion(Completers.RoleId.class)
        Long roleId;
        @Option(name = "--skill-groups", description = "Comma-separated skill group ids")
        String skillGroups;
        @Option(name = "--phone-number", description = "+ or 00, country code and number")
        String phoneNumber;
        @Option(name = "--mobile-answering", description = "off (default), when_offline or always")
        String mobileAnswering;
        @Argument(index = 0, name = "agent-id", required = true, description = "1..20 digits")
        String agentId;

        @Override
        protected Object run() {
            IssuedAgent issued = agents.create(instance(), new AgentDraft(agentId, name, nickname, email, roleId,
                    ids(skillGroups), phoneNumber, mobileAnswering, false));
            System.out.println("Created agent " + issued.agent().agentId() + "; " + delivery(issued));
            print(issued.agent(), System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-edit", description = "Change name, nickname, role, skill groups, phone, mobile answering")
    public static final class EditAgent extends AgentAction {
        @Option(name = "--name")
        String name;
        @Option(name = "--nickname")
        String nickname;
        @Option(name = "--role", description = "role id")
        @Completion(Completers.RoleId.class)
        Long roleId;
        @Option(name = "--skill-groups", description = "Comma-separated skill group ids (replaces the set; \"\" for none)")
        String skillGroups;
        @Option(name = "--phone-number")
        String phoneNumber;
        @Option(name = "--no-phone-number", description = "Remove the phone number")
        boolean noPhoneNumber;
        @Option(name = "--mobile-answering", description = "off, when_offline or always")
        String mobileAnswering;
        @Argument(index = 0, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            print(agents.edit(instance(), agentId, new AgentDraft(null, name, nickname, null, roleId,
                    skillGroups == null ? null : ids(skillGroups), phoneNumber, mobileAnswering, noPhoneNumber)),
                    System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-delete", description = "Delete an agent: login impossible, memberships removed")
    public static final class DeleteAgent extends AgentAction {
        @Argument(index = 0, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            agents.delete(instance(), agentId);
            System.out.println("Deleted agent " + agentId);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-reset-password", description = "New random password (shown once); the old one stops at once")
    public static final class ResetPassword extends AgentAction {
        @Argument(index = 0, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            System.out.println("New password of agent " + agentId + ": " + delivery(agents.resetPassword(instance(), agentId)));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-force-offline", description = "Log the agent out and refuse its logins")
    public static final class ForceOffline extends AgentAction {
        @Argument(index = 0, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            agents.forceOffline(instance(), agentId);
            System.out.println("Agent " + agentId + " is forced offline");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-resume-online", description = "Allow a forced-offline agent to log in again")
    public static final class ResumeOnline extends AgentAction {
        @Argument(index = 0, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            agents.resumeOnline(instance(), agentId);
            System.out.println("Agent " + agentId + " may log in again");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-import", description = "Import agents from a CSV file of the template's shape (all or none)")
    public static final class Import extends AgentAction {
        @Option(name = "--template", description = "Print the CSV template instead of importing")
        boolean template;
        @Argument(index = 0, name = "file", description = "CSV file")
        @Completion(FileCompleter.class)
        String file;

        @Override
        protected Object run() throws Exception {
            if (template || file == null) {
                System.out.print(agents.importTemplate());
                return null;
            }
            ImportResult r = agents.importCsv(instance(), Files.readAllBytes(Path.of(file)));
            ShellTable table = new ShellTable();
            if (r.errors().isEmpty()) {
                table.column("Agent id");
                table.column("Email");
                table.column("Password (shown once)");
                r.created().forEach(i -> table.addRow().addContent(i.agent().agentId(), i.agent().email(),
                        i.mailed() ? "(mailed)" : i.password()));
                table.print(System.out);
                System.out.println("Imported " + r.created().size() + " agent(s)");
            } else {
                table.column("Line");
                table.column("Column");
                table.column("Error");
                r.errors().forEach(e -> table.addRow().addContent(e.line(), e.field() == null ? "" : e.field(),
                        e.message()));
                table.print(System.out);
                System.out.println("Nothing imported: " + r.errors().size() + " row(s) failed");
            }
            return null;
        }
    }

    public abstract static class MemberAction extends ParleyAction {
        @Reference
        SkillGroupService groups;
    }

    @Service
    @Command(scope = "parley", name = "skill-group-agent-add", description = "Add an agent to a skill group (priority 1..5, default 3)")
    public static final class AddMember extends MemberAction {
        @Option(name = "--priority", description = "1 (highest) .. 5, default 3")
        Integer priority;
        @Argument(index = 0, name = "group-id", required = true)
        @Completion(Completers.SkillGroupId.class)
        long groupId;
        @Argument(index = 1, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            SkillGroupCommands.print(groups.addAgents(instance(), groupId, List.of(new MemberDraft(agentId, priority))),
                    System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "skill-group-agent-priority", description = "Change a member agent's priority")
    public static final class SetPriority extends MemberAction {
        @Argument(index = 0, name = "group-id", required = true)
        @Completion(Completers.SkillGroupId.class)
        long groupId;
        @Argument(index = 1, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;
        @Argument(index = 2, name = "priority", required = true, description = "1 (highest) .. 5")
        int priority;

        @Override
        protected Object run() {
            SkillGroupCommands.print(groups.setAgentPriority(instance(), groupId, agentId, priority), System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "skill-group-agent-remove", description = "Remove an agent from a skill group")
    public static final class RemoveMember extends MemberAction {
        @Argument(index = 0, name = "group-id", required = true)
        @Completion(Completers.SkillGroupId.class)
        long groupId;
        @Argument(index = 1, name = "agent-id", required = true)
        @Completion(Completers.AgentId.class)
        String agentId;

        @Override
        protected Object run() {
            SkillGroupCommands.print(groups.removeAgent(instance(), groupId, agentId), System.out);
            return null;
        }
    }

    private static List<Long> ids(String csv) {
        if (csv == null) {
            return null;
        }
        try {
            return RoleCommands.split(csv).stream().map(Long::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new io.parley.api.error.MalformedException("skill-groups", "must be comma-separated integers");
        }
    }

    static void print(Agent a, PrintStream out) {
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("agent_id", a.agentId());
        table.addRow().addContent("name", a.name());
        table.addRow().addContent("nickname", a.nickname());
        table.addRow().addContent("email", a.email());
        table.addRow().addContent("role_id", a.roleId());
        table.addRow().addContent("skill_group_ids", a.skillGroupIds());
        table.addRow().addContent("phone_number", a.phoneNumber() == null ? "" : a.phoneNumber());
        table.addRow().addContent("mobile_answering", a.mobileAnswering().wire());
        table.addRow().addContent("account_state", a.accountState().wire());
        table.addRow().addContent("last_online_at", a.lastOnlineAt() == null ? "" : a.lastOnlineAt());
        table.print(out);
    }

    @Service
    @Command(scope = "parley", name = "agent-bulk-edit", description = "Set role, skill groups or mobile answering on "
            + "several agents, all or none")
    public static final class BulkEdit extends AgentAction {
        @Option(name = "--role", description = "Role id")
        @Completion(Completers.RoleId.class)
        Long roleId;
        @Option(name = "--skill-groups", description = "Comma-separated skill group ids (replaces the memberships); "
                + "'none' removes all")
        String skillGroups;
        @Option(name = "--mobile-answering", description = "off, when_offline or always")
        String mobileAnswering;
        @Argument(index = 0, name = "agent ids", required = true, multiValued = true)
        @Completion(Completers.AgentId.class)
        List<String> agentIds;

        @Override
        protected Object run() {
            List<Long> groups = skillGroups == null ? null : skillGroups.equals("none") ? List.of()
                    : java.util.Arrays.stream(skillGroups.split(",")).map(String::strip).map(Long::valueOf).toList();
            List<Agent> changed = agents.bulkEdit(instance(), agentIds, roleId, groups, mobileAnswering);
            System.out.println("Changed " + changed.size() + " agent(s)");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "agent-export", description = "Print every agent as CSV in the import "
            + "template's columns")
    public static final class Export extends AgentAction {
        @Option(name = "--skill-group", description = "Members of this skill group id")
        @Completion(Completers.SkillGroupId.class)
        Long skillGroup;

        @Override
        protected Object run() {
            System.out.print(agents.exportCsv(instance(), new AgentFilter(null, null, null, null, skillGroup, null,
                    null, null)));
            return null;
        }
    }
}
