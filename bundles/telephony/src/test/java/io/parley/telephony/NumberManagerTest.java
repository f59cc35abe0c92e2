package io.parley.telephony;

import static io.parley.telephony.ChannelDraftBuilder.channel;
import static io.parley.telephony.Fakes.INSTANCE;
import static io.parley.telephony.HotWordManagerTest.expect;
import static io.parley.telephony.NumberDraftBuilder.changes;
import static io.parley.telephony.NumberDraftBuilder.number;
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
import io.parley.api.telephony.NumberApprovalSettings;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberTagSummary;
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

/** An instance's numbers ({@link NumberManager}: SPEC §2.1, §3), added through a channel, against the real JDBC stores on in-memory Derby. */
public class NumberManagerTest {

    private StoreCaches caches;
    private SipChannelManager channels;
    private NumberRules rules;
    private NumberManager numbers;
    private JdbcAudioFileStore audioFiles;
    private JdbcSipChannelStore store;
    private JdbcSkillGroupStore skillGroups;
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
        skillGroups = new JdbcSkillGroupStore(db, caches);
        rules = new NumberRules(store, skillGroups, audioFiles, new PhoneNumbers("86"));
        channels = new SipChannelManager(store, new Fakes.Instances(), SipServer.defaults(), rules);
        numbers = new NumberManager(store, new Fakes.Instances(), rules);
        trunk = channels.create(SipChannelDraft.named("Trunk", "sip_trunk", "public_trunk")
                .withPeers(List.of(new PeerDraft("203.0.113.5", null)))).channel().id();
    }

    @After
    public void close() {
        caches.close();
    }

    @Test
    public void outboundPrefixIsOneToTenDigitsOnlyWhenEnabledAndWithoutCountryOrAreaCode() {
        long id = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02187654321", INSTANCE))).get(0).id();
        expect(InvalidException.class, "outbound_prefix", () -> numbers.edit(INSTANCE, id, prefix(true, null)));
        expect(InvalidException.class, "outbound_prefix", () -> numbers.edit(INSTANCE, id, prefix(true, "12345678901")));
        expect(InvalidException.class, "outbound_prefix", () -> numbers.edit(INSTANCE, id, prefix(true, "9x")));
        expect(InvalidException.class, "outbound_prefix", () -> numbers.edit(INSTANCE, id, prefix(false, "99")));
        expect(InvalidException.class, "outbound_prefix", () -> numbers.edit(INSTANCE, id, prefix(true, "990086")));
        expect(InvalidException.class, "outbound_prefix", () -> numbers.edit(INSTANCE, id, prefix(true, "99021")));
        assertEquals("99", numbers.edit(INSTANCE, id, prefix(true, "99")).outboundPrefix());
        assertEquals("1234567890", numbers.edit(INSTANCE, id, prefix(true, "1234567890")).outboundPrefix());
        assertNull(numbers.edit(INSTANCE, id, prefix(false, null)).outboundPrefix());
    }

    @Test
    public void limitsAreZeroForUnlimitedAndNeverNegative() {
        long id = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02187654321", INSTANCE))).get(0).id();
        expect(InvalidException.class, "max_concurrent_calls", () -> numbers.edit(INSTANCE, id,
                changes().maxConcurrentCalls(-1).build()));
        expect(InvalidException.class, "max_calls_per_second", () -> numbers.edit(INSTANCE, id,
                changes().maxCallsPerSecond(-1).build()));
        expect(InvalidException.class, "call_type", () -> numbers.edit(INSTANCE, id,
                changes().callType("both").build()));
    }

    @Test
    public void outboundSkillGroupsMustExistAndIvrVersionDefaultsToMain() {
        long id = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02187654321", INSTANCE))).get(0).id();
        expect(InvalidException.class, "outbound_skill_group_ids[0]", () -> numbers.edit(INSTANCE, id,
                changes().outboundSkillGroupIds(List.of(42L)).build()));
        TrunkNumberDraft bind = changes().location("Shanghai")
                .inboundIvr(1003311L, null).prioritizeLastOutboundAgent(true, null).usableForAgentMobile(true).build();
        // the binding is checked by the IVR flows: refused while none runs, then by a fake knowing flow 1003311's MAIN
        expect(ConflictException.class, "inbound_ivr_id", () -> numbers.edit(INSTANCE, id, bind));
        rules.ivrFlows(publishedMainOf(1003311L));
        expect(ConflictException.class, "inbound_ivr_id", () -> numbers.edit(INSTANCE, id,
                changes().inboundIvr(1003399L, null).build()));
        TrunkNumber bound = numbers.edit(INSTANCE, id, bind);
        assertEquals("MAIN", bound.inboundIvrVersion());
        assertEquals("mode2", bound.lastOutboundAgentMode());
        assertEquals("Shanghai", numbers.get(INSTANCE, id).location());
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
        assertEquals("Dongguan", numbers.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withLocation("Dongguan")).location());
        assertEquals("Dongguan", numbers.get(INSTANCE, id).location());
        assertEquals("an empty location restores the derived one", "Shenzhen",
                numbers.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withLocation("")).location());
        expect(InvalidException.class, "location", () -> numbers.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withLocation("x".repeat(65))));
        TrunkNumber given = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02011112222", INSTANCE)
                .withLocation("Panyu"))).get(0);
        assertEquals("a location given at creation wins", "Panyu", given.location());
    }

    @Test
    public void anyNumberSuchAsACalleeHasTheLocationOfTheAreaCodeTable() {
        assertEquals(java.util.Optional.of("Guangzhou"), numbers.location("00860201234567"));
        assertEquals(java.util.Optional.of("Shenzhen"), numbers.location("0086075512345678"));
        assertEquals("no mobile-prefix table", java.util.Optional.empty(), numbers.location("008613912345678"));
        assertEquals(java.util.Optional.empty(), numbers.location("099912345678"));
        assertEquals(java.util.Optional.empty(), numbers.location(null));
    }

    @Test
    public void tagsExistBeforeUseAreUniqueCountedFilteredAndLeaveNumbersWhenDeleted() {
        expect(InvalidException.class, "name", () -> numbers.createTag(INSTANCE, "x".repeat(21)));
        expect(InvalidException.class, "name", () -> numbers.createTag(INSTANCE, " "));
        numbers.createTag(INSTANCE, "x".repeat(20));
        long sales = numbers.createTag(INSTANCE, "Sales").id();
        numbers.createTag(INSTANCE, "VIP");
        expect(ConflictException.class, "name", () -> numbers.createTag(INSTANCE, "sales"));

        List<TrunkNumber> n = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02111110001", INSTANCE),
                TrunkNumberDraft.of("02111110002", INSTANCE), TrunkNumberDraft.of("02111110003", INSTANCE)));
        expect(InvalidException.class, "tags[1]", () -> numbers.edit(INSTANCE, n.get(0).id(),
                TrunkNumberDraft.EMPTY.withTags(List.of("Sales", "Nope"))));
        assertEquals(List.of(), numbers.get(INSTANCE, n.get(0).id()).tags());
        assertEquals("stored in the tag's own spelling, once, sorted", List.of("Sales", "VIP"),
                numbers.edit(INSTANCE, n.get(0).id(), TrunkNumberDraft.EMPTY.withTags(List.of("vip", "SALES", "Sales")))
                        .tags());
        numbers.edit(INSTANCE, n.get(1).id(), TrunkNumberDraft.EMPTY.withTags(List.of("Sales")));

        NumberTagSummary summary = numbers.tags(INSTANCE);
        assertEquals(3, summary.all());
        assertEquals(1, summary.untagged());
        assertEquals(List.of("Sales:2", "VIP:1", "x".repeat(20) + ":0"), summary.tags().stream()
                .map(c -> c.tag().name() + ":" + c.numbers()).toList());

        assertEquals(2, numbers.list(INSTANCE, new NumberFilter(null, "sales", false, null), PageRequest.first()).total());
        assertEquals(1, numbers.list(INSTANCE, new NumberFilter("10002", "Sales", false, null), PageRequest.first()).total());
        assertEquals(n.get(2).id(), numbers.list(INSTANCE, new NumberFilter(null, null, true, null), PageRequest.first())
                .items().get(0).id());
        expect(InvalidException.class, "tag", () -> numbers.list(INSTANCE, new NumberFilter(null, "Nope", false, null),
                PageRequest.first()));
        expect(InvalidException.class, "untagged", () -> numbers.list(INSTANCE,
                new NumberFilter(null, "Sales", true, null), PageRequest.first()));
        expect(InvalidException.class, "status", () -> numbers.list(INSTANCE,
                new NumberFilter(null, null, false, "gone"), PageRequest.first()));

        numbers.deleteTag(INSTANCE, sales);
        assertEquals(List.of("VIP"), numbers.get(INSTANCE, n.get(0).id()).tags());
        assertEquals(List.of(), numbers.get(INSTANCE, n.get(1).id()).tags());
        assertEquals(2, numbers.tags(INSTANCE).untagged());
        expect(NotFoundException.class, null, () -> numbers.deleteTag(INSTANCE, sales));
    }

    @Test
    public void bulkEditSetsTheSameValuesOnAllOrNone() {
        numbers.createTag(INSTANCE, "Night");
        List<TrunkNumber> n = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02122220001", INSTANCE),
                TrunkNumberDraft.of("02122220002", INSTANCE)));
        // a prefix containing the numbers' area code 021 fails on the first number checked; nothing changes
        DomainException bad = expect(InvalidException.class, "ids[0].outbound_prefix", () -> numbers.bulkEdit(INSTANCE,
                List.of(n.get(0).id(), n.get(1).id()), prefix(true, "99021")));
        assertTrue(bad.getMessage(), bad.getMessage().contains("number " + n.get(0).id() + " (008602122220001)"));
        expect(InvalidException.class, "ids[1]", () -> numbers.bulkEdit(INSTANCE, List.of(n.get(0).id(), 999_999L),
                TrunkNumberDraft.EMPTY.withMaxConcurrentCalls(5)));
        expect(InvalidException.class, "ids[1]", () -> numbers.bulkEdit(INSTANCE, List.of(n.get(0).id(), n.get(0).id()),
                TrunkNumberDraft.EMPTY.withMaxConcurrentCalls(5)));
        expect(InvalidException.class, "ids", () -> numbers.bulkEdit(INSTANCE, List.of(),
                TrunkNumberDraft.EMPTY.withMaxConcurrentCalls(5)));
        expect(InvalidException.class, "number", () -> numbers.bulkEdit(INSTANCE, List.of(n.get(0).id()),
                number("02100000000", null).build()));
        assertEquals(0, numbers.get(INSTANCE, n.get(0).id()).maxConcurrentCalls());

        List<TrunkNumber> done = numbers.bulkEdit(INSTANCE, List.of(n.get(0).id(), n.get(1).id()),
                TrunkNumberDraft.EMPTY.withMaxConcurrentCalls(30).withTags(List.of("night")).withStatus("disabled"));
        for (TrunkNumber t : List.of(numbers.get(INSTANCE, n.get(0).id()), numbers.get(INSTANCE, n.get(1).id()))) {
            assertEquals(30, t.maxConcurrentCalls());
            assertEquals(List.of("Night"), t.tags());
            assertEquals("disabled", t.status());
            assertFalse(t.isUsable());
        }
        assertEquals(2, done.size());
        assertTrue(numbers.edit(INSTANCE, n.get(0).id(), TrunkNumberDraft.EMPTY.withStatus("active")).isUsable());
    }

    @Test
    public void withApprovalRequiredNewNumbersWaitForApproveOrReject() {
        TrunkNumber before = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02133330000", INSTANCE))).get(0);
        assertEquals("active", before.status());
        assertTrue(before.isUsable() && before.acceptsInbound() && before.placesOutbound());
        assertFalse(numbers.approvalSettings(INSTANCE).numberApprovalRequired());
        expect(ConflictException.class, "number_approval_required", () -> numbers.approve(INSTANCE, before.id()));

        assertTrue(numbers.updateApprovalSettings(INSTANCE, new NumberApprovalSettings(true)).numberApprovalRequired());
        List<TrunkNumber> n = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02133330001", INSTANCE),
                TrunkNumberDraft.of("02133330002", INSTANCE), TrunkNumberDraft.of("02133330003", INSTANCE)));
        n.forEach(x -> assertEquals("pending_approval", x.status()));
        n.forEach(x -> assertFalse(x.isUsable()));
        expect(ConflictException.class, "status", () -> numbers.approve(INSTANCE, before.id()));
        expect(ConflictException.class, "status", () -> numbers.edit(INSTANCE, n.get(0).id(),
                TrunkNumberDraft.EMPTY.withStatus("active")));
        expect(InvalidException.class, "status", () -> numbers.edit(INSTANCE, before.id(),
                TrunkNumberDraft.EMPTY.withStatus("pending_approval")));

        assertEquals("active", numbers.approve(INSTANCE, n.get(0).id()).status());
        assertTrue(numbers.get(INSTANCE, n.get(0).id()).isUsable());
        assertEquals("rejected", numbers.reject(INSTANCE, n.get(1).id()).status());
        expect(ConflictException.class, "status", () -> numbers.approve(INSTANCE, n.get(1).id()));
        expect(ConflictException.class, "status", () -> numbers.reject(INSTANCE, n.get(0).id()));
        assertEquals(1, numbers.list(INSTANCE, new NumberFilter(null, null, false, "pending_approval"),
                PageRequest.first()).total());

        // turning approval off activates what nobody could approve any more; rejected stays rejected
        numbers.updateApprovalSettings(INSTANCE, new NumberApprovalSettings(false));
        assertEquals("active", numbers.get(INSTANCE, n.get(2).id()).status());
        assertEquals("rejected", numbers.get(INSTANCE, n.get(1).id()).status());
        assertEquals("active", channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02133330004", INSTANCE))).get(0)
                .status());
    }

    @Test
    public void inboundFailurePromptIsTtsOrAnApprovedAudioFileThatThenCannotBeDeleted() throws Exception {
        long id = channels.addNumbers(trunk, List.of(TrunkNumberDraft.of("02144440000", INSTANCE))).get(0).id();
        expect(InvalidException.class, "inbound_failure_prompt.text", () -> numbers.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withInboundFailurePrompt(Prompt.tts("x".repeat(601)))));
        expect(InvalidException.class, "inbound_failure_prompt.text", () -> numbers.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withInboundFailurePrompt(new Prompt(Prompt.Mode.TTS, null, null, null))));
        expect(InvalidException.class, "inbound_failure_prompt.audio_id", () -> numbers.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withInboundFailurePrompt(Prompt.audio("0123456789abcdef0123456789abcdef"))));
        Prompt tts = new Prompt(Prompt.Mode.TTS, "Sorry,\nyour agent is busy", "en-US/voice1", null);
        assertEquals(tts, numbers.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withInboundFailurePrompt(tts))
                .inboundFailurePrompt());
        assertEquals("stored and read back whole, line feeds included", tts, numbers.get(INSTANCE, id)
                .inboundFailurePrompt());

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parley-audio");
        AudioFileManager audio = new AudioFileManager(audioFiles, new Fakes.Instances(), dir, false);
        io.parley.api.audio.AudioFile pending = audio.upload(INSTANCE, "Sorry", "sorry.wav",
                AudioDecoder.wavFile(new short[800]));
        expect(InvalidException.class, "inbound_failure_prompt.audio_id", () -> numbers.edit(INSTANCE, id,
                TrunkNumberDraft.EMPTY.withInboundFailurePrompt(Prompt.audio(pending.id()))));
        audio.approve(INSTANCE, pending.id());
        numbers.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withInboundFailurePrompt(Prompt.audio(pending.id())));
        assertEquals(Prompt.audio(pending.id()), numbers.get(INSTANCE, id).inboundFailurePrompt());

        // the real usage of numbers, plugged into the real audio manager as DS would
        audio.addUsage(new NumberAudioUsage(store));
        DomainException held = expect(ConflictException.class, null, () -> audio.delete(INSTANCE, pending.id()));
        assertTrue(held.getMessage(), held.getMessage().contains("number " + id + " (008602144440000) inbound_failure_prompt"));
        numbers.edit(INSTANCE, id, TrunkNumberDraft.EMPTY.withInboundFailurePrompt(null));
        assertNull(numbers.get(INSTANCE, id).inboundFailurePrompt());
        audio.delete(INSTANCE, pending.id());
    }

    private static TrunkNumberDraft prefix(boolean has, String prefix) {
        return changes().outboundPrefix(has, prefix).build();
    }

    /** An IVR flows service that knows one flow with a published MAIN and refuses every other binding. */
    private static io.parley.api.ivr.IvrFlowService publishedMainOf(long flowId) {
        return (io.parley.api.ivr.IvrFlowService) java.lang.reflect.Proxy.newProxyInstance(
                NumberManagerTest.class.getClassLoader(), new Class<?>[] {io.parley.api.ivr.IvrFlowService.class},
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
