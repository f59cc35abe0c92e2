package io.parley.directory;

import static io.parley.directory.Expect.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.agent.AccountState;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentDraft;
import io.parley.api.agent.AgentFilter;
import io.parley.api.agent.ImportResult;
import io.parley.api.agent.IssuedAgent;
import io.parley.api.agent.MobileAnswering;
import io.parley.api.auth.Permission;
import io.parley.api.error.AuthenticationException;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.paging.PageRequest;
import io.parley.api.role.BuiltinRole;
import io.parley.api.skillgroup.MemberDraft;
import io.parley.api.skillgroup.SkillGroupDraft;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AgentManagerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private People p;

    @Before
    public void setUp() {
        p = new People(tmp.getRoot().toPath());
    }

    private AgentDraft with(String agentId, String name, String nickname, String email, Long roleId,
                            List<Long> groups, String phone, String mobile) {
        return new AgentDraft(agentId, name, nickname, email, roleId, groups, phone, mobile, false);
    }

    private void rejected(Class<? extends io.parley.api.error.DomainException> type, String field, AgentDraft d) {
        failure(type, field, () -> p.agents.create(p.instance, d));
    }

    @Test
    public void createReturnsTheAgentAndAPasswordOnceThatLogsInByEmail() {
        IssuedAgent issued = p.agents.create(p.instance, with("100010", " Ann Lee ", "Ann", "Ann.Lee@Example.com",
                p.role(BuiltinRole.ORDINARY_AGENT), null, "+8613800000000", "when_offline"));
        Agent a = issued.agent();
        assertEquals("Ann Lee", a.name());
        assertEquals("008613800000000", a.phoneNumber());
        assertEquals(MobileAnswering.WHEN_OFFLINE, a.mobileAnswering());
        assertEquals(AccountState.ACTIVE, a.accountState());
        assertFalse(issued.mailed());
        assertEquals(List.of(Permission.WORKSTATION),
                List.copyOf(p.auth.authenticatePassword("ann.lee@example.com", issued.password()).permissions()));
    }

    @Test
    public void agentIdMustBe1To20DigitsAndUniqueInTheInstance() {
        long role = p.role(BuiltinRole.ORDINARY_AGENT);
        rejected(InvalidException.class, "agent_id", with(null, "N", "N", "n@x.io", role, null, null, null));
        rejected(InvalidException.class, "agent_id", with("", "N", "N", "n@x.io", role, null, null, null));
        rejected(InvalidException.class, "agent_id", with("12a", "N", "N", "n@x.io", role, null, null, null));
        rejected(InvalidException.class, "agent_id", with("1".repeat(21), "N", "N", "n@x.io", role, null, null, null));
        p.agents.create(p.instance, with("1".repeat(20), "N", "N", "n@x.io", role, null, null, null));
        rejected(ConflictException.class, "agent_id", with("1".repeat(20), "N", "N", "m@x.io", role, null, null, null));
    }

    @Test
    public void nameAndNicknameAre1To32Characters() {
        long role = p.role(BuiltinRole.ORDINARY_AGENT);
        rejected(InvalidException.class, "name", with("1", null, "N", "n@x.io", role, null, null, null));
        rejected(InvalidException.class, "name", with("1", "x".repeat(33), "N", "n@x.io", role, null, null, null));
        rejected(InvalidException.class, "nickname", with("1", "N", " ", "n@x.io", role, null, null, null));
        rejected(InvalidException.class, "nickname", with("1", "N", "x".repeat(33), "n@x.io", role, null, null, null));
        p.agents.create(p.instance, with("1", "x".repeat(32), "y".repeat(32), "n@x.io", role, null, null, null));
    }

    @Test
    public void emailMustBeAnAddressUniqueAcrossTheApplianceIgnoringCase() {
        long role = p.role(BuiltinRole.ORDINARY_AGENT);
        for (String bad : new String[] {null, "", "ann", "ann@", "@x.io", "ann@x", "a b@x.io", "ann@-x.io",
                "a".repeat(65) + "@x.io"}) {
            rejected(InvalidException.class, "email", with("1", "N", "N", bad, role, null, null, null));
        }
        p.agents.create(p.instance, with("1", "N", "N", "ann@x.io", role, null, null, null));
        rejected(ConflictException.class, "email", with("2", "N", "N", "ANN@X.IO", role, null, null, null));
        long other = p.instances.create("acme", "UTC").id();
        failure(ConflictException.class, "email", () -> p.agents.create(other,
                with("1", "N", "N", "ann@x.io", p.roles.builtin(other, BuiltinRole.ORDINARY_AGENT).id(), null, null, null)));
    }

    @Test
    public void roleIsRequiredAndMustExistInTheInstance() {
        rejected(InvalidException.class, "role_id", with("1", "N", "N", "n@x.io", null, null, null, null));
        rejected(InvalidException.class, "role_id", with("1", "N", "N", "n@x.io", 999L, null, null, null));
    }

    @Test
    public void skillGroupsMustExistAndRespectSimultaneousRingingLimit() {
        long role = p.role(BuiltinRole.ORDINARY_AGENT);
        rejected(InvalidException.class, "skill_group_ids", with("1", "N", "N", "n@x.io", role, List.of(999L), null, null));
        long duo = p.groups.create(p.instance, SkillGroupDraft.named("Duo").withRingingMode("simultaneous")).id();
        p.agents.create(p.instance, with("1", "N", "N", "a1@x.io", role, List.of(duo), null, null));
        p.agents.create(p.instance, with("2", "N", "N", "a2@x.io", role, List.of(duo), null, null));
        rejected(InvalidException.class, "skill_group_ids", with("3", "N", "N", "a3@x.io", role, List.of(duo), null, null));
        assertEquals(2, p.groups.get(p.instance, duo).agentCount());
    }

    @Test
    public void phoneNumberIsInternationalAndMobileAnsweringNeedsIt() {
        long role = p.role(BuiltinRole.ORDINARY_AGENT);
        rejected(InvalidException.class, "phone_number", with("1", "N", "N", "n@x.io", role, null, "13800000000", null));
        rejected(InvalidException.class, "phone_number", with("1", "N", "N", "n@x.io", role, null, "+86abc", null));
        rejected(InvalidException.class, "mobile_answering", with("1", "N", "N", "n@x.io", role, null, null, "sometimes"));
        rejected(InvalidException.class, "mobile_answering", with("1", "N", "N", "n@x.io", role, null, null, "always"));
    }

    @Test
    public void editChangesOnlyTheAllowedFieldsAndRefusesAgentIdOrEmail() {
        p.add("100");
        failure(InvalidException.class, "agent_id", () -> p.agents.edit(p.instance, "100",
                new AgentDraft("101", null, null, null, null, null, null, null, false)));
        failure(InvalidException.class, "email", () -> p.agents.edit(p.instance, "100",
                new AgentDraft(null, null, null, "other@x.io", null, null, null, null, false)));
        failure(InvalidException.class, "name", () -> p.agents.edit(p.instance, "100",
                new AgentDraft(null, "x".repeat(33), null, null, null, null, null, null, false)));
        Agent a = p.agents.edit(p.instance, "100", new AgentDraft("100", "New", "Nick", "A100@example.com",
                p.role(BuiltinRole.QUALITY_INSPECTOR), null, "0044207000000", "always", false));
        assertEquals("New", a.name());
        assertEquals(p.role(BuiltinRole.QUALITY_INSPECTOR), a.roleId());
        assertEquals(MobileAnswering.ALWAYS, a.mobileAnswering());
    }

    @Test
    public void listFiltersByNameSkillGroupAndMobileAnswering() {
        long sales = p.groups.create(p.instance, SkillGroupDraft.named("Sales")).id();
        p.add("100");
        p.agents.create(p.instance, new AgentDraft("200", "Bob", "B", "bob@x.io", p.role(BuiltinRole.ORDINARY_AGENT),
                List.of(sales), null, null, false));
        assertEquals(2, p.agents.list(p.instance, AgentFilter.NONE, PageRequest.first()).total());
        assertEquals("200", p.agents.list(p.instance, AgentFilter.NONE.withName("BO"), PageRequest.first()).items().get(0).agentId());
        assertEquals(1, p.agents.list(p.instance, new AgentFilter(null, null, null, null, sales, null, null, null),
                PageRequest.first()).total());
        failure(InvalidException.class, "mobile_answering", () -> p.agents.list(p.instance,
                new AgentFilter(null, null, null, null, null, "never", null, null), PageRequest.first()));
    }

    @Test
    public void resetPasswordStopsTheOldPasswordAndTokensAtOnce() {
        IssuedAgent a = p.add("100");
        var token = p.auth.issueToken(p.auth.authenticatePassword("a100@example.com", a.password()));
        IssuedAgent reset = p.agents.resetPassword(p.instance, "100");
        assertNotEquals(a.password(), reset.password());
        failure(AuthenticationException.class, null, () -> p.auth.authenticatePassword("a100@example.com", a.password()));
        failure(AuthenticationException.class, null, () -> p.auth.authenticateToken(token.token()));
        p.auth.authenticatePassword("a100@example.com", reset.password());
    }

    @Test
    public void forceOfflineRefusesLoginsAndTokensUntilResumed() {
        IssuedAgent a = p.add("100");
        var token = p.auth.issueToken(p.auth.authenticatePassword("a100@example.com", a.password()));
        assertEquals(AccountState.FORCED_OFFLINE, p.agents.forceOffline(p.instance, "100").accountState());
        failure(AuthenticationException.class, null, () -> p.auth.authenticateToken(token.token()));
        failure(AuthenticationException.class, null, () -> p.auth.authenticatePassword("a100@example.com", a.password()));
        failure(ConflictException.class, "account_state", () -> p.agents.forceOffline(p.instance, "100"));
        p.agents.resumeOnline(p.instance, "100");
        p.auth.authenticatePassword("a100@example.com", a.password());
        failure(ConflictException.class, "account_state", () -> p.agents.resumeOnline(p.instance, "100"));
    }

    @Test
    public void deleteMakesLoginImpossibleAndRemovesMemberships() {
        long sales = p.groups.create(p.instance, SkillGroupDraft.named("Sales")).id();
        IssuedAgent a = p.add("100");
        p.groups.addAgents(p.instance, sales, List.of(new MemberDraft("100", 1)));
        p.agents.delete(p.instance, "100");
        failure(AuthenticationException.class, null, () -> p.auth.authenticatePassword("a100@example.com", a.password()));
        failure(NotFoundException.class, null, () -> p.agents.get(p.instance, "100"));
        assertEquals(0, p.groups.get(p.instance, sales).agentCount());
        p.groups.delete(p.instance, sales);
    }

    @Test
    public void importCreatesEveryRowOrNoneAndReportsBadRowsByLineAndField() {
        p.groups.create(p.instance, SkillGroupDraft.named("Sales"));
        p.groups.create(p.instance, SkillGroupDraft.named("Support"));
        String good = p.agents.importTemplate() + "Bob,B,100011,bob@example.com,quality inspector,,\n";
        ImportResult ok = p.agents.importCsv(p.instance, good.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, ok.created().size());
        assertTrue(ok.errors().isEmpty());
        assertEquals(List.of(2001L, 2002L), p.agents.get(p.instance, "100010").skillGroupIds());

        String bad = String.join(",", io.parley.api.agent.AgentService.IMPORT_COLUMNS) + "\n"
                + "Cy,C,100012,cy@example.com,Ordinary agent,,\n"
                + "Di,D,10x,di@example.com,Ordinary agent,,\n"
                + "Ed,E,100014,ed@example.com,Nobody,,\n"
                + "Fi,F,100015,fi@example.com,Ordinary agent,Nowhere,\n"
                + "Gu,G,100016,cy@example.com,Ordinary agent,,\n";
        ImportResult failed = p.agents.importCsv(p.instance, bad.getBytes(StandardCharsets.UTF_8));
        assertTrue(failed.created().isEmpty());
        assertEquals(List.of(3, 4, 5, 6), failed.errors().stream().map(ImportResult.RowError::line).toList());
        assertEquals(List.of("agent_id", "role", "skill_groups", "email"),
                failed.errors().stream().map(ImportResult.RowError::field).toList());
        failure(NotFoundException.class, null, () -> p.agents.get(p.instance, "100012"));
    }

    @Test
    public void importRefusesAFileWithoutTheTemplateHeader() {
        failure(InvalidException.class, "file", () -> p.agents.importCsv(p.instance, "a,b\n1,2\n".getBytes()));
        failure(InvalidException.class, "file", () -> p.agents.importCsv(p.instance, new byte[0]));
    }

    @Test
    public void bulkEditChangesEveryAgentOrNone() {
        long sales = p.groups.create(p.instance, io.parley.api.skillgroup.SkillGroupDraft.named("Sales")).id();
        p.add("201");
        p.add("202");
        long inspector = p.role(io.parley.api.role.BuiltinRole.QUALITY_INSPECTOR);
        failure(InvalidException.class, "agent_ids[1]", () -> p.agents.bulkEdit(p.instance, List.of("201", "999"),
                inspector, null, null));
        failure(InvalidException.class, "mobile_answering", () -> p.agents.bulkEdit(p.instance, List.of("201", "202"),
                inspector, null, "always"));
        assertEquals("nothing changed", p.role(io.parley.api.role.BuiltinRole.ORDINARY_AGENT),
                p.agents.get(p.instance, "201").roleId());
        List<io.parley.api.agent.Agent> changed = p.agents.bulkEdit(p.instance, List.of("201", "202"), inspector,
                List.of(sales), null);
        assertEquals(2, changed.size());
        assertEquals(inspector, p.agents.get(p.instance, "202").roleId());
        assertEquals(List.of(sales), p.agents.get(p.instance, "201").skillGroupIds());
        p.groups.edit(p.instance, sales, new io.parley.api.skillgroup.SkillGroupDraft(null, "simultaneous", null, null, false));
        p.add("203");
        p.add("204");
        failure(InvalidException.class, "skill_group_ids", () -> p.agents.bulkEdit(p.instance, List.of("203", "204"),
                null, List.of(sales), null));
    }

    @Test
    public void exportUsesTheImportTemplatesColumns() {
        long sales = p.groups.create(p.instance, io.parley.api.skillgroup.SkillGroupDraft.named("Sales")).id();
        p.agents.create(p.instance, new AgentDraft("301", "Ann, Lee", "Ann", "ann@example.com",
                p.role(io.parley.api.role.BuiltinRole.ORDINARY_AGENT), List.of(sales), "+8613800000000", null, false));
        String csv = p.agents.exportCsv(p.instance, io.parley.api.agent.AgentFilter.NONE);
        assertEquals("name,nickname,agent_id,email,role,skill_groups,phone_number\r\n"
                + "\"Ann, Lee\",Ann,301,ann@example.com,Ordinary agent,Sales,008613800000000\r\n", csv);
    }
}
