package io.parley.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.error.ConflictException;
import io.parley.api.ivr.Prompt;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberTagSummary;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.TrunkNumber;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Numbers' tags, filters, bulk update, approval setting and failure prompt in
 * {@link JdbcSipChannelStore}; {@link PostgresNumberStoreTest} runs the same on PostgreSQL.
 */
public class NumberStoreTest {

    private StoreCaches caches;
    private JdbcSipChannelStore store;
    private long instanceId;
    private long channelId;

    @Before
    public void openDatabase() {
        Database database = new Database(newDataSource());
        caches = new StoreCaches();
        instanceId = new JdbcInstanceStore(database).insert("default", "UTC", Instant.now()).id();
        store = new JdbcSipChannelStore(database, caches);
        channelId = store.insert(new SipChannel(0, "Trunk", "landline", "sip_trunk", "public_trunk", null,
                List.of(new SipChannel.Peer("203.0.113.5", 5060)), null, Instant.now())).id();
    }

    protected DataSource newDataSource() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        return ds;
    }

    @After
    public void close() {
        caches.close();
    }

    @Test
    public void tagsAreUniqueIgnoringCaseCountedFilteredAndRemovedFromNumbersWithTheTag() {
        long sales = store.insertTag(new io.parley.api.telephony.NumberTag(0, instanceId, "Sales")).id();
        store.insertTag(new io.parley.api.telephony.NumberTag(0, instanceId, "VIP"));
        try {
            store.insertTag(new io.parley.api.telephony.NumberTag(0, instanceId, "SALES"));
            fail("expected a conflict");
        } catch (ConflictException e) {
            assertEquals("name", e.field());
        }
        assertEquals(sales, store.findTagByName(instanceId, "sales").orElseThrow().id());
        List<TrunkNumber> n = store.insertNumbers(List.of(number("008602111110001", List.of("Sales", "VIP")),
                number("008602111110002", List.of("Sales")), number("008602111110003", List.of())));
        assertEquals(List.of("Sales", "VIP"), n.get(0).tags());
        assertEquals(List.of("Sales", "VIP"), store.findNumber("008602111110001").orElseThrow().tags());

        NumberTagSummary s = store.tagSummary(instanceId);
        assertEquals(3, s.all());
        assertEquals(1, s.untagged());
        assertEquals(List.of("Sales=2", "VIP=1"), s.tags().stream().map(c -> c.tag().name() + "=" + c.numbers()).toList());
        assertEquals(2, store.numbersOfInstance(instanceId, new NumberFilter(null, "sAlEs", false, null),
                PageRequest.first()).total());
        assertEquals(1, store.numbersOfInstance(instanceId, new NumberFilter("10002", "Sales", false, null),
                PageRequest.first()).total());
        assertEquals(n.get(2).id(), store.numbersOfInstance(instanceId, new NumberFilter(null, null, true, null),
                PageRequest.first()).items().get(0).id());

        assertTrue(store.deleteTag(instanceId, sales));
        assertFalse(store.deleteTag(instanceId, sales));
        assertEquals("the cached number forgot the tag too", List.of("VIP"),
                store.findNumber("008602111110001").orElseThrow().tags());
        assertEquals(2, store.tagSummary(instanceId).untagged());
    }

    @Test
    public void bulkUpdateIsOneTransactionAndApprovalOffActivatesPendingNumbers() {
        List<TrunkNumber> n = store.insertNumbers(List.of(number("008602122220001", List.of()),
                number("008602122220002", List.of())));
        TrunkNumber gone = new TrunkNumber(999_999, channelId, instanceId, "008602199999999", false, null, 0, 0,
                "inbound_outbound", "active", null, null, null, null, List.of(), false, null, false, Instant.now());
        assertFalse(store.updateNumbers(List.of(n.get(0).withStatus("disabled"), gone)));
        assertEquals("active", store.findNumber(n.get(0).id()).orElseThrow().status());
        assertTrue(store.updateNumbers(List.of(n.get(0).withStatus("disabled"), n.get(1).withStatus("disabled"))));
        assertEquals("disabled", store.findNumber("008602122220002").orElseThrow().status());

        assertFalse(store.numberApprovalRequired(instanceId));
        assertEquals(0, store.setNumberApprovalRequired(instanceId, true));
        assertTrue(store.numberApprovalRequired(instanceId));
        store.updateNumbers(List.of(n.get(0).withStatus(TrunkNumber.PENDING_APPROVAL)));
        assertEquals(1, store.numbersOfInstance(instanceId, new NumberFilter(null, null, false, "pending_approval"),
                PageRequest.first()).total());
        assertEquals(1, store.setNumberApprovalRequired(instanceId, false));
        assertFalse(store.numberApprovalRequired(instanceId));
        assertEquals("active", store.findNumber("008602122220001").orElseThrow().status());
    }

    @Test
    public void failurePromptsRoundTripAndNumbersPlayingAnAudioFileAreFound() {
        Prompt tts = new Prompt(Prompt.Mode.TTS, "Sorry,\nplease call again", "en-US/voice1", null);
        TrunkNumber a = store.insertNumbers(List.of(number("008602133330001", List.of()))).get(0);
        TrunkNumber b = store.insertNumbers(List.of(number("008602133330002", List.of()))).get(0);
        assertNull(a.inboundFailurePrompt());
        store.updateNumber(with(a, tts));
        assertEquals(tts, store.findNumber(a.id()).orElseThrow().inboundFailurePrompt());
        store.updateNumber(with(b, Prompt.audio("0123456789abcdef0123456789abcdef")));
        assertEquals(Prompt.audio("0123456789abcdef0123456789abcdef"),
                store.findNumber("008602133330002").orElseThrow().inboundFailurePrompt());
        assertEquals(List.of(b.id()), store.numbersPlayingAudio(instanceId, "0123456789abcdef0123456789abcdef").stream()
                .map(TrunkNumber::id).toList());
        assertEquals(List.of(), store.numbersPlayingAudio(instanceId, "fedcba9876543210fedcba9876543210"));
    }

    private TrunkNumber number(String canonical, List<String> tags) {
        return new TrunkNumber(0, channelId, instanceId, canonical, false, null, 0, 0, "inbound_outbound", "active",
                "Shanghai", null, null, null, List.of(), false, null, false, Instant.now(), tags, null);
    }

    private static TrunkNumber with(TrunkNumber n, Prompt p) {
        return new TrunkNumber(n.id(), n.channelId(), n.instanceId(), n.number(), n.hasOutboundPrefix(),
                n.outboundPrefix(), n.maxConcurrentCalls(), n.maxCallsPerSecond(), n.callType(), n.status(), n.location(),
                n.inboundIvrId(), n.inboundIvrVersion(), n.outboundIvrId(), n.outboundSkillGroupIds(),
                n.prioritizeLastOutboundAgent(), n.lastOutboundAgentMode(), n.usableForAgentMobile(), n.createdAt(),
                n.tags(), p);
    }
}
