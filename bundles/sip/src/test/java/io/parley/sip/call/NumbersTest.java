package io.parley.sip.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.call.CallStatus;
import java.util.List;
import org.junit.Test;

public class NumbersTest {

    private final Numbers china = new Numbers("86");

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
        assertEquals(List.of("008613912345678"), List.copyOf(china.blocklistForms("+8613912345678")));
    }

    @Test
    public void aCallerWithAnAnonymousOrNamedUserIsNoNumber() {
        assertNull(china.canonical("anonymous"));
        assertNull(china.canonical(null));
    }

    @Test
    public void trunkNumbersGoOutInNationalForm() {
        assertEquals("02187654321", china.national("008602187654321"));
        assertEquals("00442079460000", china.national("00442079460000"));
        assertEquals("02079460000", new Numbers("44").national("00442079460000"));
    }

    @Test
    public void extensionsAreFourToSixDigitsNotStartingWithZeroOrNine() {
        assertTrue(Numbers.isExtension("8001"));
        assertTrue(Numbers.isExtension("123456"));
        assertFalse(Numbers.isExtension("9001"));
        assertFalse(Numbers.isExtension("13912345678"));
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
}
