package io.parley.directory;

import static io.parley.directory.Expect.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.agent.AgentDraft;
import io.parley.api.agent.AgentFilter;
import io.parley.api.auth.Caller;
import io.parley.api.auth.Permission;
import io.parley.api.error.ForbiddenException;
import io.parley.api.error.NotFoundException;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.BuiltinRole;
import io.parley.api.skillgroup.SkillGroupDraft;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** SPEC §5.3 scope on agents and skill groups: Caller's checks and the scoped list queries. */
public class ScopeTest {

    @Rule
    public TemporaryFolder data = new TemporaryFolder();

    private static Caller scoped(Set<Long> groups) {
        return new Caller("lead@example.com", "Lead", EnumSet.of(Permission.AGENTS, Permission.SKILL_GROUPS), false, 1L,
                Map.of(Permission.AGENTS, groups, Permission.SKILL_GROUPS, groups));
    }

    @Test
    public void aScopedCallerSeesOnlyItemsOfItsGroupsAndOthersAreAbsent() {
        Caller lead = scoped(Set.of(1L));
        assertTrue(lead.covers(Permission.AGENTS, List.of(2L, 1L)));
        assertFalse(lead.covers(Permission.AGENTS, List.of(2L)));
        assertFalse("an item in no group is outside every scope", lead.covers(Permission.AGENTS, List.of()));
        assertTrue("unscoped permissions cover everything", lead.covers(Permission.OVERVIEW, List.of()));
        failure(NotFoundException.class, null, () -> lead.requireCovers(Permission.AGENTS, List.of(2L), "agent", "7"));
        failure(ForbiddenException.class, "skill_group_ids", () -> lead.requireWithin(Permission.AGENTS, List.of(1L, 2L),
                "skill_group_ids"));
        failure(ForbiddenException.class, "skill_group_ids", () -> lead.requireWithin(Permission.AGENTS, List.of(),
                "skill_group_ids"));
        lead.requireWithin(Permission.AGENTS, List.of(1L), "skill_group_ids");
    }

    @Test
    public void scopedListsHoldOnlyTheScopesGroupsAndTheirAgents() {
        People p = new People(data.getRoot().toPath());
        long a = p.groups.create(p.instance, SkillGroupDraft.named("A")).id();
        long b = p.groups.create(p.instance, SkillGroupDraft.named("B")).id();
        long ordinary = p.role(BuiltinRole.ORDINARY_AGENT);
        p.agents.create(p.instance, new AgentDraft("1", "In A", "A", "a1@example.com", ordinary, List.of(a), null, null, false));
        p.agents.create(p.instance, new AgentDraft("2", "In B", "B", "a2@example.com", ordinary, List.of(b), null, null, false));
        p.agents.create(p.instance, new AgentDraft("3", "In none", "N", "a3@example.com", ordinary, List.of(), null, null, false));
        assertEquals(List.of("1"), p.agents.list(p.instance, AgentFilter.NONE.withScope(Set.of(a)), PageRequest.first())
                .items().stream().map(x -> x.agentId()).toList());
        assertEquals(3, p.agents.list(p.instance, AgentFilter.NONE, PageRequest.first()).total());
        assertEquals(List.of(b), p.groups.list(p.instance, null, Set.of(b), PageRequest.first()).items().stream()
                .map(g -> g.id()).toList());
        assertEquals(2, p.groups.list(p.instance, null, (Set<Long>) null, PageRequest.first()).total());
    }
}
