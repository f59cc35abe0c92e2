package io.parley.telephony;

import static io.parley.telephony.Fakes.INSTANCE;
import static io.parley.telephony.HotWordManagerTest.expect;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.ivr.Prompt;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.IssuedChannel;
import io.parley.api.telephony.NumberApprovalSettings;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberTagSummary;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelDraft.PeerDraft;
import io.parley.api.telephony.TrunkNumber;
import io.parley.api.telephony.TrunkNumberDraft;
import io.parley.store.Database;
import io.parley.store.JdbcAudioFileStore;
import io.parley.store.JdbcInstanceStore;
import io.parley.store.JdbcSipChannelStore;
import io.parley.store.JdbcSkillGroupStore;
import io.parley.store.StoreCaches;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Channel and number rules, against the real JDBC stores on in-memory Derby. */
public class SipChannelManagerTest {

    private StoreCaches caches;
    private SipChannelManager channels;
    private JdbcAudioFileStore audioFiles;
    private JdbcSipChannelStore store;
    private long trunk;

    @Before
    public void setUp() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        Database db = new Database(ds);
        caches = new StoreCaches();
        assertEquals(INSTANCE, new JdbcInstanceStore(db).insert("default", "UTC", Instant.now()).id());
        audioFiles = new JdbcAudioFileStore(db);
        store = new JdbcSipChannelStore(db, caches);
        channels = new SipChannelManager(store, new JdbcSkillGroupStore(db, caches),
                new Fakes.Instances(), audioFiles, SipServer.defaults());
        trunk = channels.create(SipChannelDraft.named("Trunk", "sip_trunk", "public_trunk")
                .withPeers(List.of(new PeerDraft("203.0.113.5", null)))).channel().id();
    }

    @After
    public void close() {
        caches.close();
    }

    @Test
    public void applianceAccountGetsAGeneratedGatewayUsernameAndStrongPassword() {
        IssuedChannel c = channels.create(SipChannelDraft.named("HQ", "e1_t1", "appliance_account"));
        assertTrue(c.channel().gatewayDigest().username().matches("gateway8[0-9]{8}"));
        SipPhoneManagerTest.assertStrong(c.gatewayPassword());
        assertEquals(Credentials.hex("MD5", c.channel().gatewayDigest().username() + ":parley.local:" + c.gatewayPassword()),
                channels.get(c.channel().id()).gatewayDigest().ha1Md5());
    }

    @Test
    public void publicTrunkNeedsAtLeastOnePeerWithAnIpLiteralAndDefaultsPort5060() {
        assertEquals(5060, channels.get(trunk).peers().get(0).port());
        expect(InvalidException.class, "peers",
                () -> channels.create(SipChannelDraft.named("T2", "sip_trunk", "public_trunk")));
        expect(InvalidException.class, "peers[0].ip", () -> channels.create(SipChannelDraft.named("T2", "sip_trunk",
                "public_trunk").withPeers(List.of(new PeerDraft("carrier.example.com", 5060)))));
        expect(InvalidException.class, "peers[0].port", () -> channels.create(SipChannelDraft.named("T2", "sip_trunk",
                "public_trunk").withPeers(List.of(new PeerDraft("2001:db8::1", 65536)))));
        channels.create(SipChannelDraft.named("T3", "sip_trunk", "public_trunk")
                .withPeers(List.of(new PeerDraft("2001:db8::1", 5070))));
    }

    @Test
    public void carrierPasswordNeedsEightCharactersWithUpperLowerDigitAndSpecial() {
        for (String bad : new String[] {"Ab1!xyz", "abcdef1!", "ABCDEF1!", "Abcdefg!", "Abcdefg1"}) {
            expect(InvalidException.class, "password", () -> channels.create(carrier("C", "user1", bad)));
        }
        SipChannel ok = channels.create(carrier("C", "user1", "Abcdef1!")).channel();
        assertEquals("udp", ok.carrier().transport());
        assertEquals(3600, ok.carrier().registrationExpirySeconds());
        assertEquals(5060, ok.carrier().serverPort());
    }

    @Test
    public void carrierUsernameIsLettersAndDigitsOnly() {
        expect(InvalidException.class, "username", () -> channels.create(carrier("C", "user_1", "Abcdef1!")));
        expect(InvalidException.class, "username", () -> channels.create(carrier("C", null, "Abcdef1!")));
    }

    @Test
    public void rejectsRegistrationExpiryOutside60To86400() {
        SipChannelDraft d = carrier("C", "user1", "Abcdef1!");
        expect(InvalidException.class, "registration_expiry_s", () -> channels.create(new SipChannelDraft(d.name(), null,
                d.deviceType(), d.dockingMode(), null, d.username(), d.password(), d.serverHost(), null, null, null, null, 59)));
    }

    @Test
    public void rejectsMissingOrUnknownEnumsAndNonLandlineNumberType() {
        expect(InvalidException.class, "device_type", () -> channels.create(SipChannelDraft.named("X", null, "public_trunk")));
        expect(InvalidException.class, "device_type", () -> channels.create(SipChannelDraft.named("X", "gsm", "public_trunk")));
        expect(InvalidException.class, "docking_mode", () -> channels.create(SipChannelDraft.named("X", "analog", "p2p")));
        expect(InvalidException.class, "number_type", () -> channels.create(new SipChannelDraft("X", "mobile", "analog",
                "appliance_account", null, null, null, null, null, null, null, null, null)));
    }

    @Test
    public void channelNamesAreUniqueAndDockingModeImmutable() {
        expect(ConflictException.class, "name", () -> channels.create(SipChannelDraft.named("TRUNK", "analog",
                "appliance_account")));
        expect(InvalidException.class, "docking_mode",
                () -> channels.edit(trunk, SipChannelDraft.named(null, null, "carrier_account")));
    }

    @Test
    public void deletingAChannelIsRefusedWhileItHoldsNumbers() {
        TrunkNumber n = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02187654321", INSTANCE))).get(0);
        expect(ConflictException.class, null, () -> channels.delete(trunk));
        channels.deleteNumber(trunk, n.id());
        channels.delete(trunk);
    }

    @Test
    public void numbersAreStoredInCanonicalFormWithDefaults() {
        TrunkNumber n = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("021-8765 4321", INSTANCE))).get(0);
        assertEquals("008602187654321", n.number());
        assertEquals("inbound_outbound", n.callType());
        assertEquals("active", n.status());
        assertEquals(0, n.maxConcurrentCalls());
        assertEquals(0, n.maxCallsPerSecond());
        assertEquals("008602012345678",
                channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("+8602012345678", INSTANCE))).get(0).number());
        assertEquals("written internationally, a landline gets its trunk 0 back", "008602123456789",
                channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("+86 21 2345 6789", INSTANCE))).get(0).number());
        assertEquals(1, channels.list(INSTANCE, "2187", PageRequest.first()).total());
        assertEquals("search by number", 1, channels.list("8765", PageRequest.first()).total());
    }

    @Test
    public void rejectsMobileNumbersOnChannels() {
        expect(InvalidException.class, "numbers[0].number",
                () -> channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("13912345678", INSTANCE))));
    }

    @Test
    public void aBadRowRejectsTheWholeRequest() {
        expect(InvalidException.class, "numbers[1].number", () -> channels.addNumbers(trunk, List.of(
                TrunkNumberDraft.of("02187654321", INSTANCE), TrunkNumberDraft.of("abc", INSTANCE))));
        assertEquals(0, channels.numbers(trunk, PageRequest.first()).total());
        channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02187654321", INSTANCE)));
        expect(ConflictException.class, "numbers[0].number",
                () -> channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("0086 021 87654321", INSTANCE))));
        expect(InvalidException.class, "numbers[0].instance_id",
                () -> channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02011111111", 5L))));
    }

    @Test
    public void outboundPrefixIsOneToTenDigitsOnlyWhenEnabledAndWithoutCountryOrAreaCode() {
        long id = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02187654321", INSTANCE))).get(0).id();
        expect(InvalidException.class, "outbound_prefix", () -> channels.edit(INSTANCE, id, prefix(true, null)));
        expect(InvalidException.class, "outbound_prefix", () -> channels.edit(INSTANCE, id, prefix(true, "12345678901")));
        expect(InvalidException.class, "outbound_prefix", () -> channels.edit(INSTANCE, id, prefix(true, "9x")));
        expect(InvalidException.class, "outbound_prefix", () -> channels.edit(INSTANCE, id, prefix(false, "99")));
        expect(InvalidException.class, "outbound_prefix", () -> channels.edit(INSTANCE, id, prefix(true, "990086")));
        expect(InvalidException.class, "outbound_prefix", () -> channels.edit(INSTANCE, id, prefix(true, "99021")));
        assertEquals("99", channels.edit(INSTANCE, id, prefix(true, "99")).outboundPrefix());
        assertEquals("1234567890", channels.edit(INSTANCE, id, prefix(true, "1234567890")).outboundPrefix());
        assertNull(channels.edit(INSTANCE, id, prefix(false, null)).outboundPrefix());
    }

    @Test
    public void limitsAreZeroForUnlimitedAndNeverNegative() {
        long id = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02187654321", INSTANCE))).get(0).id();
        expect(InvalidException.class, "max_concurrent_calls", () -> channels.edit(INSTANCE, id,
                new TrunkNumberDraft(null, null, null, null, -1, null, null, null, null, null, null, null, null, null, null,
                        false, false)));
        expect(InvalidException.class, "max_calls_per_second", () -> channels.edit(INSTANCE, id,
                new TrunkNumberDraft(null, null, null, null, null, -1, null, null, null, null, null, null, null, null, null,
                        false, false)));
        expect(InvalidException.class, "call_type", () -> channels.edit(INSTANCE, id,
                new TrunkNumberDraft(null, null, null, null, null, null, "both", null, null, null, null, null, null, null,
                        null, false, false)));
    }

    @Test
    public void outboundSkillGroupsMustExistAndIvrVersionDefaultsToMain() {
        long id = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02187654321", INSTANCE))).get(0).id();
        expect(InvalidException.class, "outbound_skill_group_ids[0]", () -> channels.edit(INSTANCE, id,
                new TrunkNumberDraft(null, null, null, null, null, null, null, null, null, null, null, List.of(42L), null,
                        null, null, false, false)));
        // the binding is checked by the IVR flows (here a fake that knows flow 1003311 with a published MAIN)
        TrunkNumberDraft bind = new TrunkNumberDraft(null, null, null, null, null, null, null,
                "Shanghai", 1003311L, null, null, null, true, null, true, false, false);
        expect(ConflictException.class, "inbound_ivr_id", () -> channels.edit(INSTANCE, id, bind));
        channels.ivrFlows = publishedMainOf(1003311L);
        expect(ConflictException.class, "inbound_ivr_id", () -> channels.edit(INSTANCE, id,
                new TrunkNumberDraft(null, null, null, null, null, null, null, null, 1003399L, null, null, null, null,
                        null, null, false, false)));
        TrunkNumber bound = channels.edit(INSTANCE, id, bind);
        assertEquals("MAIN", bound.inboundIvrVersion());
        assertEquals("mode2", bound.lastOutboundAgentMode());
        assertEquals("Shanghai", channels.get(INSTANCE, id).location());
    }

    @Test
    public void locationIsDerivedFromTheAreaCodeTableAndAnAdminMayOverrideIt() {
        List<TrunkNumber> added = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("075512345678", INSTANCE),
                TrunkNumberDraft.of("+86 10 6552 9988", INSTANCE), TrunkNumberDraft.of("057187654321", INSTANCE),
                TrunkNumberDraft.of("0044 20 7946 0018", INSTANCE), TrunkNumberDraft.of("099912345678", INSTANCE)));
        assertEquals("Shenzhen", added.get(0).location());
        assertEquals("Beijing", added.get(1).location());
        assertEquals("Hangzhou", added.get(2).location());
        assertEquals("London", added.get(3).location());
        assertNull("an area code the table does not know", added.get(4).location());
        long id = added.get(0).id();
        assertEquals("Dongguan", channels.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withLocation("Dongguan")).location());
        assertEquals("Dongguan", channels.get(INSTANCE, id).location());
        assertEquals("an empty location restores the derived one", "Shenzhen",
                channels.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withLocation("")).location());
        expect(InvalidException.class, "location", () -> channels.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withLocation("x".repeat(65))));
        TrunkNumber given = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02011112222", INSTANCE)
                .withLocation("Panyu"))).get(0);
        assertEquals("a location given at creation wins", "Panyu", given.location());
    }

    @Test
    public void anyNumberSuchAsACalleeHasTheLocationOfTheAreaCodeTable() {
        assertEquals(java.util.Optional.of("Guangzhou"), channels.location("00860201234567"));
        assertEquals(java.util.Optional.of("Shenzhen"), channels.location("0086075512345678"));
        assertEquals("no mobile-prefix table", java.util.Optional.empty(), channels.location("008613912345678"));
        assertEquals(java.util.Optional.empty(), channels.location("099912345678"));
        assertEquals(java.util.Optional.empty(), channels.location(null));
    }

    @Test
    public void tagsExistBeforeUseAreUniqueCountedFilteredAndLeaveNumbersWhenDeleted() {
        expect(InvalidException.class, "name", () -> channels.createTag(INSTANCE, "x".repeat(21)));
        expect(InvalidException.class, "name", () -> channels.createTag(INSTANCE, " "));
        channels.createTag(INSTANCE, "x".repeat(20));
        long sales = channels.createTag(INSTANCE, "Sales").id();
        channels.createTag(INSTANCE, "VIP");
        expect(ConflictException.class, "name", () -> channels.createTag(INSTANCE, "sales"));

        List<TrunkNumber> n = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02111110001", INSTANCE),
                TrunkNumberDraft.of("02111110002", INSTANCE), TrunkNumberDraft.of("02111110003", INSTANCE)));
        expect(InvalidException.class, "tags[1]", () -> channels.edit(INSTANCE, n.get(0).id(),
                TrunkNumberDraft.EMPTY.withTags(List.of("Sales", "Nope"))));
        assertEquals(List.of(), channels.get(INSTANCE, n.get(0).id()).tags());
        assertEquals("stored in the tag's own spelling, once, sorted", List.of("Sales", "VIP"),
                channels.edit(INSTANCE, n.get(0).id(), TrunkNumberDraft.EMPTY.withTags(List.of("vip", "SALES", "Sales")))
                        .tags());
        channels.edit(INSTANCE, n.get(1).id(), TrunkNumberDraft.EMPTY.withTags(List.of("Sales")));

        NumberTagSummary summary = channels.tags(INSTANCE);
        assertEquals(3, summary.all());
        assertEquals(1, summary.untagged());
        assertEquals(List.of("Sales:2", "VIP:1", "x".repeat(20) + ":0"), summary.tags().stream()
                .map(c -> c.tag().name() + ":" + c.numbers()).toList());

        assertEquals(2, channels.list(INSTANCE, new NumberFilter(null, "sales", false, null), PageRequest.first()).total());
        assertEquals(1, channels.list(INSTANCE, new NumberFilter("10002", "Sales", false, null), PageRequest.first()).total());
        assertEquals(n.get(2).id(), channels.list(INSTANCE, new NumberFilter(null, null, true, null), PageRequest.first())
                .items().get(0).id());
        expect(InvalidException.class, "tag", () -> channels.list(INSTANCE, new NumberFilter(null, "Nope", false, null),
                PageRequest.first()));
        expect(InvalidException.class, "untagged", () -> channels.list(INSTANCE,
                new NumberFilter(null, "Sales", true, null), PageRequest.first()));
        expect(InvalidException.class, "status", () -> channels.list(INSTANCE,
                new NumberFilter(null, null, false, "gone"), PageRequest.first()));

        channels.deleteTag(INSTANCE, sales);
        assertEquals(List.of("VIP"), channels.get(INSTANCE, n.get(0).id()).tags());
        assertEquals(List.of(), channels.get(INSTANCE, n.get(1).id()).tags());
        assertEquals(2, channels.tags(INSTANCE).untagged());
        expect(NotFoundException.class, null, () -> channels.deleteTag(INSTANCE, sales));
    }

    @Test
    public void bulkEditSetsTheSameValuesOnAllOrNone() {
        channels.createTag(INSTANCE, "Night");
        List<TrunkNumber> n = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02122220001", INSTANCE),
                TrunkNumberDraft.of("02122220002", INSTANCE)));
        // a prefix containing the numbers' area code 021 fails on the first number checked; nothing changes
        DomainException bad = expect(InvalidException.class, "ids[0].outbound_prefix", () -> channels.bulkEdit(INSTANCE,
                List.of(n.get(0).id(), n.get(1).id()), prefix(true, "99021")));
        assertTrue(bad.getMessage(), bad.getMessage().contains("number " + n.get(0).id() + " (008602122220001)"));
        expect(InvalidException.class, "ids[1]", () -> channels.bulkEdit(INSTANCE, List.of(n.get(0).id(), 999_999L),
                TrunkNumberDraft.EMPTY.withMaxConcurrentCalls(5)));
        expect(InvalidException.class, "ids[1]", () -> channels.bulkEdit(INSTANCE, List.of(n.get(0).id(), n.get(0).id()),
                TrunkNumberDraft.EMPTY.withMaxConcurrentCalls(5)));
        expect(InvalidException.class, "ids", () -> channels.bulkEdit(INSTANCE, List.of(),
                TrunkNumberDraft.EMPTY.withMaxConcurrentCalls(5)));
        expect(InvalidException.class, "number", () -> channels.bulkEdit(INSTANCE, List.of(n.get(0).id()),
                new TrunkNumberDraft("02100000000", null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, false, false)));
        assertEquals(0, channels.get(INSTANCE, n.get(0).id()).maxConcurrentCalls());

        List<TrunkNumber> done = channels.bulkEdit(INSTANCE, List.of(n.get(0).id(), n.get(1).id()),
                TrunkNumberDraft.EMPTY.withMaxConcurrentCalls(30).withTags(List.of("night")).withStatus("disabled"));
        for (TrunkNumber t : List.of(channels.get(INSTANCE, n.get(0).id()), channels.get(INSTANCE, n.get(1).id()))) {
            assertEquals(30, t.maxConcurrentCalls());
            assertEquals(List.of("Night"), t.tags());
            assertEquals("disabled", t.status());
            assertFalse(t.isUsable());
        }
        assertEquals(2, done.size());
        assertTrue(channels.edit(INSTANCE, n.get(0).id(), TrunkNumberDraft.EMPTY.withStatus("active")).isUsable());
    }

    @Test
    public void withApprovalRequiredNewNumbersWaitForApproveOrReject() {
        TrunkNumber before = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02133330000", INSTANCE))).get(0);
        assertEquals("active", before.status());
        assertTrue(before.isUsable() && before.acceptsInbound() && before.placesOutbound());
        assertFalse(channels.approvalSettings(INSTANCE).numberApprovalRequired());
        expect(ConflictException.class, "number_approval_required", () -> channels.approve(INSTANCE, before.id()));

        assertTrue(channels.updateApprovalSettings(INSTANCE, new NumberApprovalSettings(true)).numberApprovalRequired());
        List<TrunkNumber> n = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02133330001", INSTANCE),
                TrunkNumberDraft.of("02133330002", INSTANCE), TrunkNumberDraft.of("02133330003", INSTANCE)));
        n.forEach(x -> assertEquals("pending_approval", x.status()));
        n.forEach(x -> assertFalse(x.isUsable()));
        expect(ConflictException.class, "status", () -> channels.approve(INSTANCE, before.id()));
        expect(ConflictException.class, "status", () -> channels.edit(INSTANCE, n.get(0).id(),
                TrunkNumberDraft.EMPTY.withStatus("active")));
        expect(InvalidException.class, "status", () -> channels.edit(INSTANCE, before.id(),
                TrunkNumberDraft.EMPTY.withStatus("pending_approval")));

        assertEquals("active", channels.approve(INSTANCE, n.get(0).id()).status());
        assertTrue(channels.get(INSTANCE, n.get(0).id()).isUsable());
        assertEquals("rejected", channels.reject(INSTANCE, n.get(1).id()).status());
        expect(ConflictException.class, "status", () -> channels.approve(INSTANCE, n.get(1).id()));
        expect(ConflictException.class, "status", () -> channels.reject(INSTANCE, n.get(0).id()));
        assertEquals(1, channels.list(INSTANCE, new NumberFilter(null, null, false, "pending_approval"),
                PageRequest.first()).total());

        // turning approval off activates what nobody could approve any more; rejected stays rejected
        channels.updateApprovalSettings(INSTANCE, new NumberApprovalSettings(false));
        assertEquals("active", channels.get(INSTANCE, n.get(2).id()).status());
        assertEquals("rejected", channels.get(INSTANCE, n.get(1).id()).status());
        assertEquals("active", channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02133330004", INSTANCE))).get(0)
                .status());
    }

    @Test
    public void inboundFailurePromptIsTtsOrAnApprovedAudioFileThatThenCannotBeDeleted() throws Exception {
        long id = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02144440000", INSTANCE))).get(0).id();
        expect(InvalidException.class, "inbound_failure_prompt.text", () -> channels.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withInboundFailurePrompt(Prompt.tts("x".repeat(601)))));
        expect(InvalidException.class, "inbound_failure_prompt.text", () -> channels.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withInboundFailurePrompt(new Prompt(Prompt.Mode.TTS, null, null, null))));
        expect(InvalidException.class, "inbound_failure_prompt.audio_id", () -> channels.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withInboundFailurePrompt(Prompt.audio("0123456789abcdef0123456789abcdef"))));
        Prompt tts = new Prompt(Prompt.Mode.TTS, "Sorry,\nyour agent is busy", "en-US/voice1", null);
        assertEquals(tts, channels.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withInboundFailurePrompt(tts))
                .inboundFailurePrompt());
        assertEquals("stored and read back whole, line feeds included", tts, channels.get(INSTANCE, id)
                .inboundFailurePrompt());

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parley-audio");
        AudioFileManager audio = new AudioFileManager(audioFiles, new Fakes.Instances(), dir, false);
        io.parley.api.audio.AudioFile pending = audio.upload(INSTANCE, "Sorry", "sorry.wav",
                AudioDecoder.wavFile(new short[800]));
        expect(InvalidException.class, "inbound_failure_prompt.audio_id", () -> channels.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withInboundFailurePrompt(Prompt.audio(pending.id()))));
        audio.approve(INSTANCE, pending.id());
        channels.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withInboundFailurePrompt(Prompt.audio(pending.id())));
        assertEquals(Prompt.audio(pending.id()), channels.get(INSTANCE, id).inboundFailurePrompt());

        // the real usage of numbers, plugged into the real audio manager as DS would
        audio.addUsage(new NumberAudioUsage(store));
        DomainException held = expect(ConflictException.class, null, () -> audio.delete(INSTANCE, pending.id()));
        assertTrue(held.getMessage(), held.getMessage().contains("number " + id + " (008602144440000) inbound_failure_prompt"));
        channels.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withInboundFailurePrompt(null));
        assertNull(channels.get(INSTANCE, id).inboundFailurePrompt());
        audio.delete(INSTANCE, pending.id());
    }

    private static TrunkNumberDraft prefix(boolean has, String prefix) {
        return new TrunkNumberDraft(null, null, has, prefix, null, null, null, null, null, null, null, null, null, null, null,
                false, false);
    }

    private static SipChannelDraft carrier(String name, String user, String password) {
        return SipChannelDraft.named(name, "sip_trunk", "carrier_account")
                .withCarrier(user, password, "sip.carrier.example", null, null);
    }

    /** An IvrFlowService whose only bindable version is MAIN of {@code flowId}, refusing as the real one does (409). */
    private static io.parley.api.ivr.IvrFlowService publishedMainOf(long flowId) {
        return (io.parley.api.ivr.IvrFlowService) java.lang.reflect.Proxy.newProxyInstance(
                SipChannelManagerTest.class.getClassLoader(), new Class<?>[] {io.parley.api.ivr.IvrFlowService.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("checkBindable")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if ((long) args[1] != flowId || !"MAIN".equals(args[2])) {
                        throw new ConflictException((String) args[4], "number " + args[5] + ": no such published version");
                    }
                    return null;
                });
    }
}
