package io.parley.telephony;

import static io.parley.telephony.Fakes.INSTANCE;
import static io.parley.telephony.HotWordManagerTest.expect;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.telephony.IssuedPhone;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneProvisioning;
import io.parley.api.telephony.PhoneRegistration;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipServerInfo;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

public class SipPhoneManagerTest {

    private Fakes.SkillGroups groups;
    private Fakes.SipPhones store;
    private SipPhoneManager phones;

    @Before
    public void setUp() {
        groups = new Fakes.SkillGroups();
        store = new Fakes.SipPhones();
        phones = new SipPhoneManager(store, groups, (instance, agentId) -> "100010".equals(agentId), new Fakes.Instances(),
                SipServer.defaults());
    }

    @Test
    public void newPhoneIsUnboundTlsNotRegisteredWithAGeneratedPassword() {
        IssuedPhone issued = phones.create(INSTANCE, draft("8001", "Reception"));
        SipPhone p = issued.phone();
        assertEquals("8001", p.extension());
        assertEquals(PhoneBinding.Type.NONE, p.binding().type());
        assertEquals("tls", p.transport());
        assertEquals("not_registered", p.registration().registrationStatus());
        assertEquals("unknown", p.registration().authStatus());
        assertEquals("offline", p.registration().status());
        assertNull(p.registration().clientAddress());
        assertStrong(issued.sipPassword());
    }

    @Test
    public void registrationReportedByTheRegistrarShowsInGetAndList() {
        phones.create(INSTANCE, draft("8001", "Reception"));
        PhoneRegistration registered = new PhoneRegistration("registered", "ok", "192.0.2.7:5062", "Yealink T46U", "available");
        assertTrue(phones.updateRegistration(INSTANCE, "8001", registered));
        assertEquals(registered, phones.get(INSTANCE, "8001").registration());
        assertEquals(registered, phones.list(INSTANCE, null, new io.parley.api.paging.PageRequest(1, 10)).items().get(0).registration());

        assertTrue(phones.updateRegistration(INSTANCE, "8001", PhoneRegistration.NOT_REGISTERED));
        assertEquals("not_registered", phones.get(INSTANCE, "8001").registration().registrationStatus());
    }

    @Test
    public void registrationOfAnUnknownExtensionIsRefused() {
        assertEquals(false, phones.updateRegistration(INSTANCE, "8009",
                new PhoneRegistration("registered", "ok", "192.0.2.7:5062", null, "available")));
    }

    @Test
    public void onlyDigestHa1ValuesOfThePasswordAreStored() {
        IssuedPhone issued = phones.create(INSTANCE, draft("8001", "Reception"));
        SipPhone stored = store.find(INSTANCE, "8001").orElseThrow();
        String a1 = "8001:parley.local:" + issued.sipPassword();
        assertEquals(Credentials.hex("MD5", a1), stored.digest().ha1Md5());
        assertEquals(Credentials.hex("SHA-256", a1), stored.digest().ha1Sha256());
        assertEquals("8001", stored.digest().username());
        assertEquals("parley.local", stored.digest().realm());
    }

    @Test
    public void rejectsExtensionStartingWithNine() {
        expect(InvalidException.class, "extension", () -> phones.create(INSTANCE, draft("9001", "x")));
    }

    @Test
    public void rejectsExtensionStartingWithZero() {
        expect(InvalidException.class, "extension", () -> phones.create(INSTANCE, draft("0123", "x")));
    }

    @Test
    public void rejectsExtensionsShorterThanFourOrLongerThanSixDigits() {
        expect(InvalidException.class, "extension", () -> phones.create(INSTANCE, draft("123", "x")));
        expect(InvalidException.class, "extension", () -> phones.create(INSTANCE, draft("1234567", "x")));
        expect(InvalidException.class, "extension", () -> phones.create(INSTANCE, draft("12a4", "x")));
        expect(InvalidException.class, "extension", () -> phones.create(INSTANCE, draft(null, "x")));
        phones.create(INSTANCE, draft("1000", "four"));
        phones.create(INSTANCE, draft("899999", "six"));
    }

    @Test
    public void rejectsAnExtensionAnotherPhoneHolds() {
        phones.create(INSTANCE, draft("8001", "a"));
        expect(ConflictException.class, "extension", () -> phones.create(INSTANCE, draft("8001", "b")));
    }

    @Test
    public void rejectsAnExtensionASkillGroupHolds() {
        groups.add("Sales", "2001");
        expect(ConflictException.class, "extension", () -> phones.create(INSTANCE, draft("2001", "b")));
    }

    @Test
    public void nameIsRequiredAndAtMostThirtyTwoCharacters() {
        expect(InvalidException.class, "name", () -> phones.create(INSTANCE, draft("8001", null)));
        expect(InvalidException.class, "name", () -> phones.create(INSTANCE, draft("8001", " ")));
        expect(InvalidException.class, "name", () -> phones.create(INSTANCE, draft("8001", "x".repeat(33))));
        phones.create(INSTANCE, draft("8001", "x".repeat(32)));
    }

    @Test
    public void bindsToExistingSkillGroups() {
        long a = groups.add("A", null).id();
        long b = groups.add("B", null).id();
        SipPhone p = phones.create(INSTANCE, new SipPhoneDraft("8001", "x", "skill_group", null, List.of(a, b, a), null)).phone();
        assertEquals(PhoneBinding.Type.SKILL_GROUP, p.binding().type());
        assertEquals("duplicates are dropped", List.of(a, b), p.binding().skillGroupIds());
    }

    @Test
    public void rejectsBindingToASkillGroupThatDoesNotExist() {
        long a = groups.add("A", null).id();
        expect(InvalidException.class, "binding.skill_group_ids[1]",
                () -> phones.create(INSTANCE, new SipPhoneDraft("8001", "x", "skill_group", null, List.of(a, 999L), null)));
        expect(InvalidException.class, "binding.skill_group_ids",
                () -> phones.create(INSTANCE, new SipPhoneDraft("8001", "x", "skill_group", null, List.of(), null)));
    }

    @Test
    public void bindsAPhoneToAnExistingAgentOnly() {
        expect(InvalidException.class, "binding.agent_id",
                () -> phones.create(INSTANCE, new SipPhoneDraft("8001", "x", "agent", "999", null, null)));
        expect(InvalidException.class, "binding.agent_id",
                () -> phones.create(INSTANCE, new SipPhoneDraft("8001", "x", "agent", null, null, null)));
        expect(InvalidException.class, "binding.skill_group_ids",
                () -> phones.create(INSTANCE, new SipPhoneDraft("8001", "x", "agent", "100010", List.of(1L), null)));
        SipPhone bound = phones.create(INSTANCE, new SipPhoneDraft("8001", "x", "agent", "100010", null, null)).phone();
        assertEquals(PhoneBinding.Type.AGENT, bound.binding().type());
        assertEquals("100010", bound.binding().agentId());
    }

    @Test
    public void rejectsUnknownBindingTypesAndTransports() {
        expect(InvalidException.class, "binding.type",
                () -> phones.create(INSTANCE, new SipPhoneDraft("8001", "x", "queue", null, null, null)));
        expect(InvalidException.class, "transport",
                () -> phones.create(INSTANCE, new SipPhoneDraft("8001", "x", null, null, null, "sctp")));
    }

    @Test
    public void rejectsATransportTheApplianceHasNotEnabled() {
        SipPhoneManager tlsOnly = new SipPhoneManager(store, groups, (instance, agentId) -> false, new Fakes.Instances(),
                new SipServer(SipServer.defaults().info, List.of("tls")));
        expect(InvalidException.class, "transport",
                () -> tlsOnly.create(INSTANCE, new SipPhoneDraft("8001", "x", null, null, null, "udp")));
    }

    @Test
    public void extensionIsImmutable() {
        phones.create(INSTANCE, draft("8001", "a"));
        expect(InvalidException.class, "extension",
                () -> phones.edit(INSTANCE, "8001", new SipPhoneDraft("8002", null, null, null, null, null)));
        SipPhone renamed = phones.edit(INSTANCE, "8001", new SipPhoneDraft("8001", "b", null, null, null, null));
        assertEquals("b", renamed.name());
    }

    @Test
    public void editChangesTheBindingWithTheSameChecks() {
        long a = groups.add("A", null).id();
        phones.create(INSTANCE, draft("8001", "a"));
        SipPhone bound = phones.edit(INSTANCE, "8001", new SipPhoneDraft(null, null, "skill_group", null, List.of(a), null));
        assertEquals(List.of(a), bound.binding().skillGroupIds());
        expect(InvalidException.class, "binding.skill_group_ids[0]",
                () -> phones.edit(INSTANCE, "8001", new SipPhoneDraft(null, null, null, null, List.of(77L), null)));
        SipPhone unbound = phones.edit(INSTANCE, "8001", new SipPhoneDraft(null, null, "none", null, null, null));
        assertEquals(PhoneBinding.NONE, unbound.binding());
    }

    @Test
    public void resetPasswordReturnsANewPasswordOnceAndReplacesTheDigest() {
        IssuedPhone first = phones.create(INSTANCE, draft("8001", "a"));
        IssuedPhone second = phones.resetPassword(INSTANCE, "8001");
        assertNotEquals(first.sipPassword(), second.sipPassword());
        assertStrong(second.sipPassword());
        assertEquals(Credentials.hex("MD5", "8001:parley.local:" + second.sipPassword()),
                store.find(INSTANCE, "8001").orElseThrow().digest().ha1Md5());
    }

    @Test
    public void missingPhonesAreNotFound() {
        expect(NotFoundException.class, null, () -> phones.get(INSTANCE, "8001"));
        expect(NotFoundException.class, null, () -> phones.resetPassword(INSTANCE, "8001"));
        expect(NotFoundException.class, null, () -> phones.delete(INSTANCE, "8001"));
        expect(NotFoundException.class, null, () -> phones.create(7, draft("8001", "a")));
    }

    @Test
    public void provisioningGivesRegistrarProxiesTransportAndExpiry() {
        phones.create(INSTANCE, draft("8001", "Reception"));
        PhoneProvisioning p = phones.provisioning(INSTANCE, "8001");
        assertEquals("8001", p.username());
        assertEquals("8001", p.authName());
        assertEquals("SPEC 12.2: display name = extension", "8001", p.displayName());
        assertEquals("parley.local", p.registrar());
        assertEquals("192.0.2.10:5061", p.outboundProxy1());
        assertNull(p.outboundProxy2());
        assertEquals("tls", p.transport());
        assertEquals(3600, p.registrationExpirySeconds());
    }

    @Test
    public void generatedPasswordsAreStrong() {
        Credentials c = new Credentials(new java.security.SecureRandom());
        for (int i = 0; i < 200; i++) {
            assertStrong(c.strongPassword());
        }
    }

    static void assertStrong(String password) {
        assertEquals(20, password.length());
        assertTrue(password, password.chars().anyMatch(Character::isUpperCase));
        assertTrue(password, password.chars().anyMatch(Character::isLowerCase));
        assertTrue(password, password.chars().anyMatch(Character::isDigit));
        assertTrue(password, password.chars().anyMatch(ch -> !Character.isLetterOrDigit(ch)));
    }

    private static SipPhoneDraft draft(String extension, String name) {
        return new SipPhoneDraft(extension, name, null, null, null, null);
    }
}
