package io.parley.sip.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.call.CallStatus;
import io.parley.api.call.Destination;
import io.parley.api.paging.Page;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.store.SipChannelStore;
import io.parley.api.telephony.CanonicalNumbers;
import io.parley.api.telephony.TrunkNumber;
import io.parley.telephony.PhoneNumbers;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.Test;

/**
 * SIP users to the canonical form, against the real number format of the telephony bundle: the
 * number a channel stores (telephony's {@code canonical}) is the number an INVITE, an agent's
 * caller-number choice and a callee's area look up, in the UK, Germany, the US and China.
 */
public class NumbersTest {

    private static final long INSTANCE = 1_000_001L;
    private final Numbers china = numbers("86");

    private static Numbers numbers(String countryCode) {
        PhoneNumbers format = new PhoneNumbers(countryCode);
        return new Numbers(() -> format);
    }

    @Test
    public void calledLandlinesReachTheCanonicalFormTelephonyStores() {
        assertEquals("008602187654321", china.canonical("02187654321"));
        assertEquals("008602187654321", china.canonical("+862187654321"));
        assertEquals("008602187654321", china.canonical("00862187654321"));
        assertEquals("008602187654321", china.canonical("0086 021-8765 4321"));
    }

    @Test
    public void mobileCallersKeepTheirNumberWithoutATrunkZero() {
        assertEquals("008613912345678", china.canonical("13912345678"));
        assertEquals("008613912345678", china.canonical("+8613912345678"));
    }

    @Test
    public void aCallerWithAnAnonymousOrNamedUserIsNoNumber() {
        assertNull(china.canonical("anonymous"));
        assertNull(china.canonical(null));
        assertNull("an unknown country code", china.canonical("+9991234567"));
    }

    @Test
    public void trunkNumbersGoOutInNationalForm() {
        assertEquals("02187654321", china.national("008602187654321"));
        assertEquals("004402079460000", china.national("004402079460000"));
        assertEquals("02079460000", numbers("44").national("004402079460000"));
        assertEquals("2125550100", numbers("1").national("0012125550100"));
    }

    /** The channel stores what telephony's canonical gives; every way a peer writes the called number finds it. */
    @Test
    public void anInviteFindsTheStoredNumberHoweverThePeerWritesItInEveryCountry() {
        String[][] cases = {
                // default country, number as the admin typed it, Request-URI users a carrier may send
                {"44", "020 7946 0000", "02079460000", "+442079460000", "00442079460000", "004402079460000", "2079460000"},
                {"49", "030 1234567", "0301234567", "+49301234567", "0049301234567", "00490301234567"},
                {"1", "(212) 555-0100", "2125550100", "12125550100", "+12125550100", "0012125550100"},
                {"86", "021 8765 4321", "02187654321", "2187654321", "+862187654321", "00862187654321", "008602187654321"},
        };
        for (String[] c : cases) {
            CanonicalNumbers telephony = new PhoneNumbers(c[0]);
            String stored = telephony.canonical("numbers[0].number", c[1]);
            Numbers sip = numbers(c[0]);
            for (int i = 2; i < c.length; i++) {
                assertEquals("country " + c[0] + ", Request-URI user " + c[i], stored, sip.canonical(c[i]));
            }
            assertEquals("the From of an outbound call is the number as the carrier's country dials it",
                    c[2], sip.national(stored));
        }
    }

    /** SPEC §11.2 step 5 and same_area with a UK and a German appliance: choices and callees meet the stored form. */
    @Test
    public void callerNumberSelectionMatchesAgentChoicesAndCalleeAreasInTheStoredForm() throws Exception {
        // UK: London 020 and Manchester 0161, stored by telephony's canonical
        CanonicalNumbers uk = new PhoneNumbers("44");
        List<TrunkNumber> stored = List.of(trunk(1, uk.canonical("number", "0161 496 0000"), "Manchester"),
                trunk(2, uk.canonical("number", "+44 20 7946 0001"), "London"));
        CallerNumber callerNumber = callerNumber(numbers("44"), stored,
                new OutboundSettings(OutboundSettings.DisplayRule.SAME_AREA, true, false, false),
                c -> c.startsWith("0044020") ? "London" : c.startsWith("00440161") ? "Manchester" : null);
        assertEquals("a London callee dialled nationally gets the London number", 2L,
                callerNumber.select(Destination.external(INSTANCE, "020 7946 0999", null, "agent1")).id());
        assertEquals("written internationally too", 2L,
                callerNumber.select(Destination.external(INSTANCE, "+44 20 7946 0999", null, "agent1")).id());
        assertEquals("a Manchester callee the Manchester number", 1L,
                callerNumber.select(Destination.external(INSTANCE, "+441614960999", null, "agent1")).id());
        assertEquals("the agent's choice written internationally is the stored number", 2L,
                callerNumber.select(Destination.external(INSTANCE, "01614960999", "+44 20 7946 0001", "agent1")).id());
        assertEquals("a system call's caller number written nationally", 1L,
                callerNumber.select(Destination.external(INSTANCE, "02079460999", "0161 496 0000")).id());

        // Germany: the same through the system path
        CanonicalNumbers de = new PhoneNumbers("49");
        CallerNumber german = callerNumber(numbers("49"), List.of(trunk(3, de.canonical("number", "+49 30 1234567"), "Berlin")),
                OutboundSettings.DEFAULTS, c -> null);
        assertEquals(3L, german.select(Destination.external(INSTANCE, "0891234567", "030 1234567")).id());
        assertEquals(3L, german.select(Destination.external(INSTANCE, "0891234567", "0049 (0)30 1234567")).id());
    }

    @Test
    public void extensionsAreFourToSixDigitsNotStartingWithZeroOrNine() {
        assertTrue(Numbers.isExtension("8001"));
        assertTrue(Numbers.isExtension("123456"));
        assertFalse(Numbers.isExtension("9001"));
        assertFalse(Numbers.isExtension("13912345678"));
    }

    @Test
    public void whileTelephonyRestartsTheLastFormatIsKept() {
        PhoneNumbers format = new PhoneNumbers("44");
        CanonicalNumbers[] service = {null};
        Numbers sip = new Numbers(() -> service[0]);
        assertNull("before telephony ever came up nothing can be looked up", sip.canonical("02079460000"));
        service[0] = format;
        assertEquals("004402079460000", sip.canonical("02079460000"));
        service[0] = null;
        assertEquals("004402079460000", sip.canonical("+442079460000"));
        assertEquals("02079460000", sip.national("004402079460000"));
    }

    @Test
    public void carrierRefusalsMapToSpec34Point43Statuses() {
        assertEquals("callee_busy", CallStatus.ofFinalResponse(486));
        assertEquals("missed", CallStatus.ofFinalResponse(480));
        assertEquals("missed", CallStatus.ofFinalResponse(408));
        assertEquals("rejected", CallStatus.ofFinalResponse(603));
        assertEquals("empty_number", CallStatus.ofFinalResponse(404));
        assertEquals("empty_number", CallStatus.ofFinalResponse(604));
        assertEquals("caller_canceled", CallStatus.ofFinalResponse(487));
        assertEquals("unknown", CallStatus.ofFinalResponse(302));
        assertEquals("unknown", CallStatus.ofFinalResponse(500));
    }

    private static TrunkNumber trunk(long id, String number, String location) {
        return new TrunkNumber(id, 1L, INSTANCE, number, false, null, 0, 0, "inbound_outbound", TrunkNumber.ACTIVE,
                location, null, null, null, List.of(), false, null, false, Instant.EPOCH);
    }

    /** CallerNumber over a store that knows only the given numbers (findNumber and the instance's list). */
    private static CallerNumber callerNumber(Numbers numbers, List<TrunkNumber> stored, OutboundSettings settings,
                                             java.util.function.Function<String, String> areas) {
        SipChannelStore store = (SipChannelStore) Proxy.newProxyInstance(SipChannelStore.class.getClassLoader(),
                new Class<?>[] {SipChannelStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "findNumber" -> stored.stream().filter(n -> n.number().equals(args[0])).findFirst();
                    case "numbersOfInstance" -> new Page<>(new ArrayList<>(stored), stored.size());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        CallerNumber c = new CallerNumber(store, numbers, new NumberLimits(new LiveCalls()), new Random(3));
        c.sources(new CallPorts.CallerNumberSources() {
            @Override
            public OutboundSettings outbound(long instanceId) {
                return settings;
            }

            @Override
            public Optional<List<Long>> agentSkillGroups(long instanceId, String agentId) {
                return Optional.of(List.of());
            }

            @Override
            public Optional<String> location(String canonicalNumber) {
                return Optional.ofNullable(areas.apply(canonicalNumber));
            }
        });
        return c;
    }
}
