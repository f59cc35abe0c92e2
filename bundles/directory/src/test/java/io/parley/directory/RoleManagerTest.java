package io.parley.directory;

import static io.parley.directory.Expect.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.BuiltinRole;
import io.parley.api.role.Role;
import io.parley.api.role.RoleDraft;
import io.parley.api.skillgroup.SkillGroupDraft;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RoleManagerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private People p;

    @Before
    public void setUp() {
        p = new People(tmp.getRoot().toPath());
        p.add("100");
    }

    private RoleDraft draft(String name, List<String> permissions) {
        return new RoleDraft(name, permissions, null, List.of("100"));
    }

    @Test
    public void everyInstanceHasTheThreeBuiltInRolesWithTheirPermissionSets() {
        List<Role> all = p.roles.list(p.instance, PageRequest.first()).items();
        assertEquals(List.of("Administrator", "Quality inspector", "Ordinary agent"),
                all.stream().map(Role::name).toList());
        assertEquals(Set.of(Permission.values()), p.roles.builtin(p.instance, BuiltinRole.ADMINISTRATOR).permissions());
        assertEquals(Set.of(Permission.WORKSTATION), p.roles.builtin(p.instance, BuiltinRole.ORDINARY_AGENT).permissions());
        Set<Permission> inspector = p.roles.builtin(p.instance, BuiltinRole.QUALITY_INSPECTOR).permissions();
        assertTrue(inspector.contains(Permission.RECORDS_TELEPHONE));
        assertFalse(inspector.contains(Permission.SKILL_GROUPS));
    }

    @Test
    public void customRoleTakesItsMembersFromTheirPreviousRole() {
        Role leads = p.roles.create(p.instance, draft("Team leads", List.of("workstation", "monitoring.calls")));
        assertEquals(1, leads.memberCount());
        assertEquals(leads.id(), p.agents.get(p.instance, "100").roleId());
        assertEquals(0, p.roles.builtin(p.instance, BuiltinRole.ORDINARY_AGENT).memberCount());
    }

    @Test
    public void rejectsMissingBlankAndOverlongNames() {
        failure(InvalidException.class, "name", () -> p.roles.create(p.instance, draft(null, List.of("workstation"))));
        failure(InvalidException.class, "name", () -> p.roles.create(p.instance, draft(" ", List.of("workstation"))));
        failure(InvalidException.class, "name",
                () -> p.roles.create(p.instance, draft("x".repeat(33), List.of("workstation"))));
        p.roles.create(p.instance, draft("x".repeat(32), List.of("workstation")));
    }

    @Test
    public void rejectsADuplicateNameIgnoringCaseIncludingBuiltIns() {
        failure(ConflictException.class, "name",
                () -> p.roles.create(p.instance, draft("administrator", List.of("workstation"))));
    }

    @Test
    public void requiresAtLeastOneKnownPermission() {
        failure(InvalidException.class, "permissions", () -> p.roles.create(p.instance, draft("A", List.of())));
        failure(InvalidException.class, "permissions", () -> p.roles.create(p.instance, draft("A", null)));
        failure(InvalidException.class, "permissions",
                () -> p.roles.create(p.instance, draft("A", List.of("workstation", "superuser"))));
    }

    @Test
    public void requiresAtLeastOneExistingMemberOnCreate() {
        failure(InvalidException.class, "member_agent_ids",
                () -> p.roles.create(p.instance, new RoleDraft("A", List.of("workstation"), null, List.of())));
        failure(InvalidException.class, "member_agent_ids",
                () -> p.roles.create(p.instance, new RoleDraft("A", List.of("workstation"), null, List.of("999"))));
    }

    @Test
    public void scopeAppliesOnlyToHeldScopablePermissionsAndExistingGroups() {
        long sales = p.groups.create(p.instance, SkillGroupDraft.named("Sales")).id();
        Map<String, List<Long>> scope = new HashMap<>();
        scope.put("analytics.telephone", List.of(sales));
        scope.put("records.telephone", null); // all
        Role r = p.roles.create(p.instance, new RoleDraft("Scoped", List.of("analytics.telephone", "records.telephone"),
                scope, List.of("100")));
        assertEquals(Map.of(Permission.ANALYTICS_TELEPHONE, Set.of(sales)), r.skillGroupScope());

        failure(InvalidException.class, "skill_group_scope.numbers", () -> p.roles.create(p.instance,
                new RoleDraft("B", List.of("numbers"), Map.of("numbers", List.of(sales)), List.of("100"))));
        // beyond SPEC §5.1's list, skill_groups and agents can be scoped (a team lead's own groups)
        Role lead = p.roles.create(p.instance, new RoleDraft("Lead", List.of("skill_groups", "agents"),
                Map.of("skill_groups", List.of(sales), "agents", List.of(sales)), List.of("100")));
        assertEquals(Map.of(Permission.SKILL_GROUPS, Set.of(sales), Permission.AGENTS, Set.of(sales)),
                lead.skillGroupScope());
        failure(InvalidException.class, "skill_group_scope.overview", () -> p.roles.create(p.instance,
                new RoleDraft("B", List.of("workstation"), Map.of("overview", List.of(sales)), List.of("100"))));
        failure(InvalidException.class, "skill_group_scope.overview", () -> p.roles.create(p.instance,
                new RoleDraft("B", List.of("overview"), Map.of("overview", List.of(99999L)), List.of("100"))));
        failure(InvalidException.class, "skill_group_scope.overview", () -> p.roles.create(p.instance,
                new RoleDraft("B", List.of("overview"), Map.of("overview", List.of()), List.of("100"))));
    }

    @Test
    public void agentCallerCarriesTheRolesPermissionsScopeAndInstance() {
        long sales = p.groups.create(p.instance, SkillGroupDraft.named("Sales")).id();
        String password = p.agents.resetPassword(p.instance, "100").password();
        p.roles.create(p.instance, new RoleDraft("Scoped", List.of("overview"), Map.of("overview", List.of(sales)),
                List.of("100")));
        Caller c = p.auth.authenticatePassword("A100@Example.com", password);
        assertEquals(Set.of(Permission.OVERVIEW), c.permissions());
        assertEquals(Set.of(sales), c.scope(Permission.OVERVIEW).orElseThrow());
        assertTrue(c.mayUseInstance(p.instance));
        assertFalse(c.mayUseInstance(p.instance + 1));
        assertFalse(c.applianceAdmin());
    }

    @Test
    public void builtInRolesCanBeEditedButNotDeleted() {
        long ordinary = p.role(BuiltinRole.ORDINARY_AGENT);
        Role edited = p.roles.edit(p.instance, ordinary, new RoleDraft("Agents", List.of("workstation", "blocklist"),
                null, null));
        assertEquals("Agents", edited.name());
        assertEquals(BuiltinRole.ORDINARY_AGENT, edited.builtin());
        failure(ConflictException.class, null, () -> p.roles.delete(p.instance, ordinary));
    }

    @Test
    public void deleteOfACustomRoleIsRefusedWhileAgentsHoldIt() {
        Role leads = p.roles.create(p.instance, draft("Leads", List.of("workstation")));
        failure(ConflictException.class, null, () -> p.roles.delete(p.instance, leads.id()));
        p.agents.edit(p.instance, "100", new io.parley.api.agent.AgentDraft(null, null, null, null,
                p.role(BuiltinRole.ORDINARY_AGENT), null, null, null, false));
        p.roles.delete(p.instance, leads.id());
        assertEquals(3, p.roles.list(p.instance, PageRequest.first()).total());
    }
}
