package io.parley.directory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.skillgroup.SkillGroupDraft;
import org.junit.Before;
import org.junit.Test;

public class SkillGroupManagerTest {

    private SkillGroupManager groups;
    private InMemoryStores.SipPhones phones;
    private long instance;

    @Before
    public void setUp() {
        InstanceManager instances = new InstanceManager(new InMemoryStores.Instances());
        instance = instances.defaultInstance().id();
        phones = new InMemoryStores.SipPhones();
        groups = new SkillGroupManager(new InMemoryStores.SkillGroups(), instances, phones,
                new InMemoryStores.Agents(new InMemoryStores.Accounts()));
    }

    @Test
    public void newGroupIsASequentialPhoneGroupWithReceptionLimitOne() {
        SkillGroup g = groups.create(instance, SkillGroupDraft.named("  Sales  "));
        assertEquals("Sales", g.name());
        assertEquals("phone", g.type());
        assertEquals(RingingMode.SEQUENTIAL, g.ringingMode());
        assertEquals(1, g.receptionLimit());
        assertNull(g.extension());
        assertEquals(0, g.agentCount());
    }

    @Test
    public void rejectsMissingBlankAndOverlongNames() {
        expect(InvalidException.class, "name", () -> groups.create(instance, SkillGroupDraft.named(null)));
        expect(InvalidException.class, "name", () -> groups.create(instance, SkillGroupDraft.named("   ")));
        expect(InvalidException.class, "name", () -> groups.create(instance, SkillGroupDraft.named("x".repeat(33))));
        groups.create(instance, SkillGroupDraft.named("x".repeat(32)));
    }

    @Test
    public void rejectsADuplicateNameIgnoringCase() {
        groups.create(instance, SkillGroupDraft.named("Sales"));
        expect(ConflictException.class, "name", () -> groups.create(instance, SkillGroupDraft.named("sALES")));
    }

    @Test
    public void rejectsAnUnknownRingingMode() {
        DomainException e = expect(InvalidException.class, "ringing_mode",
                () -> groups.create(instance, SkillGroupDraft.named("A").withRingingMode("round_robin")));
        assertEquals("ringing_mode: must be one of sequential, simultaneous", e.getMessage());
    }

    @Test
    public void rejectsAReceptionLimitOtherThanOneForPhoneGroups() {
        expect(InvalidException.class, "reception_limit",
                () -> groups.create(instance, SkillGroupDraft.named("A").withReceptionLimit(2)));
        expect(InvalidException.class, "reception_limit",
                () -> groups.create(instance, SkillGroupDraft.named("A").withReceptionLimit(0)));
    }

    @Test
    public void rejectsAnExtensionASipPhoneHolds() {
        phones.extensions.add(instance + "/8001");
        expect(ConflictException.class, "extension",
                () -> groups.create(instance, SkillGroupDraft.named("A").withExtension("8001")));
        SkillGroup g = groups.create(instance, SkillGroupDraft.named("A").withExtension("8002"));
        expect(ConflictException.class, "extension",
                () -> groups.edit(instance, g.id(), SkillGroupDraft.named("A").withExtension("8001")));
    }

    @Test
    public void rejectsExtensionsOutsideFourToSixDigitsStartingOneToEight() {
        for (String bad : new String[] {"123", "1234567", "9123", "0123", "12a4", ""}) {
            expect(InvalidException.class, "extension",
                    () -> groups.create(instance, SkillGroupDraft.named("A").withExtension(bad)));
        }
        assertEquals("812345", groups.create(instance, SkillGroupDraft.named("A").withExtension("812345")).extension());
        assertEquals("1000", groups.create(instance, SkillGroupDraft.named("B").withExtension("1000")).extension());
    }

    @Test
    public void rejectsAnExtensionAlreadyUsedByAnotherGroup() {
        groups.create(instance, SkillGroupDraft.named("A").withExtension("2001"));
        expect(ConflictException.class, "extension",
                () -> groups.create(instance, SkillGroupDraft.named("B").withExtension("2001")));
    }

    @Test
    public void editChangesOnlyTheGivenFieldsAndCanClearTheExtension() {
        SkillGroup g = groups.create(instance, SkillGroupDraft.named("A").withExtension("2001"));
        SkillGroup edited = groups.edit(instance, g.id(), new SkillGroupDraft(null, "simultaneous", null, null, false));
        assertEquals("A", edited.name());
        assertEquals(RingingMode.SIMULTANEOUS, edited.ringingMode());
        assertEquals("2001", edited.extension());
        assertNull(groups.edit(instance, g.id(), new SkillGroupDraft(null, null, null, null, true)).extension());
        assertEquals("renaming a group to its own name is no conflict", "A",
                groups.edit(instance, g.id(), SkillGroupDraft.named("A")).name());
    }

    @Test
    public void unknownGroupsAndInstancesAreNotFound() {
        expect(NotFoundException.class, null, () -> groups.get(instance, 999));
        expect(NotFoundException.class, null, () -> groups.delete(instance, 999));
        expect(NotFoundException.class, null, () -> groups.list(42, null, PageRequest.first()));
    }

    @Test
    public void deleteRemovesAGroupWithoutMembers() {
        SkillGroup g = groups.create(instance, SkillGroupDraft.named("A"));
        groups.delete(instance, g.id());
        expect(NotFoundException.class, null, () -> groups.get(instance, g.id()));
    }

    @Test
    public void memberPriorityIs1To5DefaultingTo3() {
        People p = new People(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        p.add("100");
        p.add("101");
        long g = p.groups.create(p.instance, SkillGroupDraft.named("Sales")).id();
        expect(InvalidException.class, "agents[0].priority", () -> p.groups.addAgents(p.instance, g,
                java.util.List.of(new io.parley.api.skillgroup.MemberDraft("100", 0))));
        expect(InvalidException.class, "agents[0].priority", () -> p.groups.addAgents(p.instance, g,
                java.util.List.of(new io.parley.api.skillgroup.MemberDraft("100", 6))));
        expect(InvalidException.class, "agents[0].agent_id", () -> p.groups.addAgents(p.instance, g,
                java.util.List.of(new io.parley.api.skillgroup.MemberDraft("999", 1))));
        SkillGroup added = p.groups.addAgents(p.instance, g, java.util.List.of(
                new io.parley.api.skillgroup.MemberDraft("100", 1), new io.parley.api.skillgroup.MemberDraft("101", null)));
        assertEquals(java.util.List.of(new SkillGroup.Member("100", 1), new SkillGroup.Member("101", 3)), added.agents());
        expect(InvalidException.class, "priority", () -> p.groups.setAgentPriority(p.instance, g, "101", 9));
        assertEquals(5, p.groups.setAgentPriority(p.instance, g, "101", 5).agents().get(1).priority());
        expect(NotFoundException.class, null, () -> p.groups.setAgentPriority(p.instance, g, "555", 2));
    }

    @Test
    public void deleteIsRefusedWhileAgentsRemain() {
        People p = new People(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        p.add("100");
        long g = p.groups.create(p.instance, SkillGroupDraft.named("Sales")).id();
        p.groups.addAgents(p.instance, g, java.util.List.of(new io.parley.api.skillgroup.MemberDraft("100", null)));
        expect(ConflictException.class, null, () -> p.groups.delete(p.instance, g));
        p.groups.removeAgent(p.instance, g, "100");
        expect(NotFoundException.class, null, () -> p.groups.removeAgent(p.instance, g, "100"));
        p.groups.delete(p.instance, g);
    }

    @Test
    public void simultaneousRingingAllowsAtMostTwoMembersAgentsAndPhonesTogether() {
        People p = new People(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        p.add("100");
        p.add("101");
        long g = p.groups.create(p.instance, SkillGroupDraft.named("Duo").withRingingMode("simultaneous")).id();
        p.groupStore.phones.put(g, java.util.List.of("8001"));
        p.groups.addAgents(p.instance, g, java.util.List.of(new io.parley.api.skillgroup.MemberDraft("100", null)));
        expect(InvalidException.class, "agents", () -> p.groups.addAgents(p.instance, g,
                java.util.List.of(new io.parley.api.skillgroup.MemberDraft("101", null))));
        // re-prioritising an existing member is not a third member
        p.groups.addAgents(p.instance, g, java.util.List.of(new io.parley.api.skillgroup.MemberDraft("100", 2)));
        long seq = p.groups.create(p.instance, SkillGroupDraft.named("Trio")).id();
        p.groupStore.phones.put(seq, java.util.List.of("8002"));
        p.groups.addAgents(p.instance, seq, java.util.List.of(new io.parley.api.skillgroup.MemberDraft("100", null),
                new io.parley.api.skillgroup.MemberDraft("101", null)));
        expect(InvalidException.class, "ringing_mode", () -> p.groups.edit(p.instance, seq,
                new SkillGroupDraft(null, "simultaneous", null, null, false)));
    }

    private static DomainException expect(Class<? extends DomainException> type, String field, Runnable action) {
        try {
            action.run();
        } catch (DomainException e) {
            assertEquals(type, e.getClass());
            assertEquals(field, e.field());
            return e;
        }
        fail("expected " + type.getSimpleName() + " on " + field);
        return null;
    }
}
