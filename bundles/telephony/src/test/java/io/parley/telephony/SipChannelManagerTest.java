package io.parley.telephony;

import static io.parley.telephony.ChannelDraftBuilder.channel;
import static io.parley.telephony.Fakes.INSTANCE;
import static io.parley.telephony.HotWordManagerTest.expect;
import static io.parley.telephony.NumberDraftBuilder.changes;
import static io.parley.telephony.NumberDraftBuilder.number;
import static org.junit.Assert.assertEquals;
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

/** Channel rules ({@link SipChannelManager}: SPEC §1, numbers added all or none §2.2, one number format §0.2), against the real JDBC stores on in-memory Derby. */
public class SipChannelManagerTest {

    private StoreCaches caches;
    private SipChannelManager channels;
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
        NumberRules rules = new NumberRules(store, skillGroups, audioFiles, new PhoneNumbers("86"));
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
        expect(InvalidException.class, "registration_expiry_s", () -> channels.create(channel(d.name(),
                d.deviceType(), d.dockingMode()).carrier(d.username(), d.password(), d.serverHost(), null)
                .registrationExpirySeconds(59).build()));
    }

    @Test
    public void rejectsMissingOrUnknownEnumsAndNonLandlineNumberType() {
        expect(InvalidException.class, "device_type", () -> channels.create(SipChannelDraft.named("X", null, "public_trunk")));
        expect(InvalidException.class, "device_type", () -> channels.create(SipChannelDraft.named("X", "gsm", "public_trunk")));
        expect(InvalidException.class, "docking_mode", () -> channels.create(SipChannelDraft.named("X", "analog", "p2p")));
        expect(InvalidException.class, "number_type", () -> channels.create(channel("X", "analog",
                "appliance_account").numberType("mobile").build()));
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
        assertEquals(1, numbers.list(INSTANCE, "2187", PageRequest.first()).total());
        assertEquals("search by number", 1, channels.list("8765", PageRequest.first()).total());
    }

    /** SPEC §0.2 on an appliance whose default country is not China: one number however it is written. */
    @Test
    public void inEveryCountryANumberIsOneNumberHoweverItIsWritten() {
        String[][] cases = {
                // default country, as typed first, canonical, the same number written otherwise, its area code
                {"44", "020 7946 0000", "004402079460000", "+44 20 7946 0000", "020"},
                {"49", "030 1234567", "00490301234567", "+49 30 1234567", "030"},
                {"1", "(212) 555-0100", "0012125550100", "+1 212 555 0100", "212"},
                {"86", "021 8765 4300", "008602187654300", "+86 21 8765 4300", "021"},
        };
        for (String[] c : cases) {
            NumberRules rules = new NumberRules(store, skillGroups, audioFiles, new PhoneNumbers(c[0]));
            SipChannelManager local = new SipChannelManager(store, new Fakes.Instances(), SipServer.defaults(), rules);
            NumberManager localNumbers = new NumberManager(store, new Fakes.Instances(), rules);
            TrunkNumber n = local.addNumbers(trunk, List.of(TrunkNumberDraft.of(c[1], INSTANCE))).get(0);
            assertEquals("country " + c[0], c[2], n.number());
            assertEquals(c[2], localNumbers.canonical("number", c[3]));
            expect(ConflictException.class, "numbers[0].number",
                    () -> local.addNumbers(trunk, List.of(TrunkNumberDraft.of(c[3], INSTANCE))));
            expect(InvalidException.class, "outbound_prefix",
                    () -> localNumbers.edit(INSTANCE, n.id(), prefix(true, "9" + c[4])));
            expect(InvalidException.class, "outbound_prefix",
                    () -> localNumbers.edit(INSTANCE, n.id(), prefix(true, "00" + c[0])));
        }
        NumberRules uk = new NumberRules(store, skillGroups, audioFiles, new PhoneNumbers("44"));
        expect(InvalidException.class, "numbers[0].number", () -> new SipChannelManager(store, new Fakes.Instances(),
                SipServer.defaults(), uk).addNumbers(trunk, List.of(TrunkNumberDraft.of("07400 123456", INSTANCE))));
        assertEquals("London", numbers.get(INSTANCE, store.findNumber("004402079460000").orElseThrow().id()).location());
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

    private static TrunkNumberDraft prefix(boolean has, String prefix) {
        return changes().outboundPrefix(has, prefix).build();
    }

    private static SipChannelDraft carrier(String name, String user, String password) {
        return SipChannelDraft.named(name, "sip_trunk", "carrier_account")
                .withCarrier(user, password, "sip.carrier.example", null, null);
    }
}
