package io.parley.telephony;

import static io.parley.telephony.Fakes.INSTANCE;
import static io.parley.telephony.HotWordManagerTest.expect;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.IssuedChannel;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelDraft.PeerDraft;
import io.parley.api.telephony.TrunkNumber;
import io.parley.api.telephony.TrunkNumberDraft;
import io.parley.store.Database;
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
    private long trunk;

    @Before
    public void setUp() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        Database db = new Database(ds);
        caches = new StoreCaches();
        assertEquals(INSTANCE, new JdbcInstanceStore(db).insert("default", "UTC", Instant.now()).id());
        channels = new SipChannelManager(new JdbcSipChannelStore(db, caches), new JdbcSkillGroupStore(db, caches),
                new Fakes.Instances(), SipServer.defaults());
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
        TrunkNumber bound = channels.edit(INSTANCE, id, new TrunkNumberDraft(null, null, null, null, null, null, null,
                "Shanghai", 1003311L, null, null, null, true, null, true, false, false));
        assertEquals("MAIN", bound.inboundIvrVersion());
        assertEquals("mode2", bound.lastOutboundAgentMode());
        assertEquals("Shanghai", channels.get(INSTANCE, id).location());
    }

    private static TrunkNumberDraft prefix(boolean has, String prefix) {
        return new TrunkNumberDraft(null, null, has, prefix, null, null, null, null, null, null, null, null, null, null, null,
                false, false);
    }

    private static SipChannelDraft carrier(String name, String user, String password) {
        return SipChannelDraft.named(name, "sip_trunk", "carrier_account")
                .withCarrier(user, password, "sip.carrier.example", null, null);
    }
}
