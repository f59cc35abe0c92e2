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
        groups = new SkillGroupManager(new InMemoryStores.SkillGroups(), instances, phones);
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
