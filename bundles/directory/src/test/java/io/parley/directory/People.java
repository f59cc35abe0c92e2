package io.parley.directory;

import io.parley.api.agent.AgentDraft;
import io.parley.api.agent.IssuedAgent;
import io.parley.api.role.BuiltinRole;
import java.util.List;
import java.util.Map;

/** The directory's managers wired on the in-memory stores, for the people tests. */
final class People {

    final InMemoryStores.Accounts accounts = new InMemoryStores.Accounts();
    final InMemoryStores.Agents agentStore = new InMemoryStores.Agents(accounts);
    final InMemoryStores.Roles roleStore = new InMemoryStores.Roles();
    final InMemoryStores.SkillGroups groupStore = new InMemoryStores.SkillGroups();
    final InstanceManager instances = new InstanceManager(new InMemoryStores.Instances());
    final RoleManager roles;
    final AgentManager agents;
    final SkillGroupManager groups;
    final AuthenticationManager auth;
    final long instance;

    People(java.nio.file.Path data) {
        this(data, new SmtpMailer(SmtpMailerTest.config("", 25, "")));
    }

    People(java.nio.file.Path data, io.parley.api.mail.Mailer mailer) {
        roleStore.agents = agentStore;
        groupStore.agents = agentStore;
        instance = instances.defaultInstance().id();
        roles = new RoleManager(roleStore, agentStore, groupStore, instances);
        agents = new AgentManager(agentStore, accounts, roles, groupStore, instances, mailer);
        groups = new SkillGroupManager(groupStore, instances, new InMemoryStores.SipPhones(), agentStore);
        auth = new AuthenticationManager(accounts, agentStore, roleStore, AuthenticationManagerTest.config(720), data,
                Map.<String, String>of("PARLEY_ADMIN_PASSWORD", "admin-passw0rd-1")::get);
    }

    long role(BuiltinRole kind) {
        return roles.builtin(instance, kind).id();
    }

    /** A valid draft for agent {@code id}: email {@code a<id>@example.com}, Ordinary agent. */
    AgentDraft draft(String id) {
        return new AgentDraft(id, "Agent " + id, "A" + id, "a" + id + "@example.com", role(BuiltinRole.ORDINARY_AGENT),
                List.of(), null, null, false);
    }

    IssuedAgent add(String id) {
        return agents.create(instance, draft(id));
    }
}
