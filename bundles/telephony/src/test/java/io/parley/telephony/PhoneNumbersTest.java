package io.parley.telephony;

import static io.parley.telephony.HotWordManagerTest.expect;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.error.InvalidException;
import org.junit.Test;

/** SPEC §0.2's canonical form: 00 + country code + the number as dialled nationally, in several countries. */
public class PhoneNumbersTest {

    private final PhoneNumbers uk = new PhoneNumbers("44");
    private final PhoneNumbers germany = new PhoneNumbers("49");
    private final PhoneNumbers us = new PhoneNumbers("1");
    private final PhoneNumbers china = new PhoneNumbers("86");

    @Test
    public void aUkLandlineKeepsItsTrunkZeroHoweverItIsWritten() {
        for (String written : new String[] {"020 7946 0000", "02079460000", "+44 20 7946 0000", "+442079460000",
                "0044 20 7946 0000", "0044 (0)20 7946 0000", "+44 020 7946 0000", "2079460000"}) {
            assertEquals(written, "004402079460000", uk.canonical("number", written));
        }
        assertEquals("the same number from an appliance of another country", "004402079460000",
                china.canonical("number", "+44 20 7946 0000"));
        assertEquals("a UK mobile is dialled with its 0 too", "004407700900123", uk.canonical("number", "07700 900123"));
    }

    @Test
    public void aGermanLandlineKeepsItsTrunkZero() {
        for (String written : new String[] {"030 1234567", "+49 30 1234567", "0049 30 1234567", "0049-030-1234567"}) {
            assertEquals(written, "00490301234567", germany.canonical("number", written));
        }
        assertEquals("00490301234567", us.canonical("number", "+49 30 1234567"));
    }

    @Test
    public void aNanpNumberIsItsTenDigitsWithOrWithoutTheTrunkOne() {
        for (String written : new String[] {"(212) 555-0100", "212.555.0100", "1-212-555-0100", "+1 212 555 0100",
                "001 212 555 0100"}) {
            assertEquals(written, "0012125550100", us.canonical("number", written));
        }
    }

    @Test
    public void aChineseLandlineKeepsItsZeroAndAMobileHasNone() {
        for (String written : new String[] {"021 8765 4321", "2187654321", "+86 21 8765 4321", "00862187654321",
                "+8602187654321", "0086 021-8765 4321"}) {
            assertEquals(written, "008602187654321", china.canonical("number", written));
        }
        assertEquals("008613912345678", china.canonical("number", "139 1234 5678"));
        assertEquals("008613912345678", uk.canonical("number", "+86 139 1234 5678"));
    }

    @Test
    public void aNumberOutsideTheNumberingPlanStillKeepsItsTrunkZeroHoweverItIsWritten() {
        // 0245 + 8 digits is no Chinese area (test numbers, new ranges): one form all the same
        for (String written : new String[] {"024512345678", "+86 24512345678", "0086 024512345678"}) {
            assertEquals(written, "0086024512345678", china.canonical("number", written));
        }
        assertEquals("024512345678", china.national("0086024512345678"));
        assertEquals("00440207000000", uk.canonical("number", "+44 20 7000 000"));
        assertEquals("00440207000000", uk.canonical("number", "020 7000 000"));
    }

    @Test
    public void anItalianNumberKeepsTheZeroThatBelongsToIt() {
        assertEquals("00390612345678", uk.canonical("number", "+39 06 1234 5678"));
    }

    @Test
    public void nationalFormIsForTheOwnCountryOnly() {
        assertEquals("02079460000", uk.national("004402079460000"));
        assertEquals("0301234567", germany.national("00490301234567"));
        assertEquals("2125550100", us.national("0012125550100"));
        assertEquals("02187654321", china.national("008602187654321"));
        assertEquals("004402079460000", china.national("004402079460000"));
    }

    @Test
    public void badInputNamesTheFieldAndTheRule() {
        expect(InvalidException.class, "numbers[2].number", () -> uk.canonical("numbers[2].number", " "));
        expect(InvalidException.class, "number", () -> uk.canonical("number", "020 abc"));
        assertTrue(expect(InvalidException.class, "number", () -> uk.canonical("number", "+999 1234567"))
                .getMessage().contains("country code"));
        assertTrue(expect(InvalidException.class, "number", () -> uk.canonical("number", "+44 1"))
                .getMessage().contains("too short"));
        assertTrue("a national number too short for the default country", expect(InvalidException.class, "number",
                () -> china.canonical("number", "12345")).getMessage().contains("too short"));
        assertTrue(expect(InvalidException.class, "number", () -> uk.canonical("number", "+44" + "1".repeat(25)))
                .getMessage().contains("too long"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void theDefaultCountryCodeMustBeACountrys() {
        new PhoneNumbers("999");
    }

    @Test
    public void mobilesAndAreaCodesComeFromTheNumberingPlan() {
        assertTrue(uk.isMobile(uk.parse("n", "07400 123456")));
        assertFalse(uk.isMobile(uk.parse("n", "020 7946 0000")));
        assertTrue(china.isMobile(china.parse("n", "13912345678")));
        assertEquals("020", uk.areaCode(uk.parse("n", "020 7946 0000")));
        assertEquals("030", germany.areaCode(germany.parse("n", "030 1234567")));
        assertEquals("212", us.areaCode(us.parse("n", "212 555 0100")));
        assertEquals("021", china.areaCode(china.parse("n", "021 8765 4321")));
        assertEquals("0755", china.areaCode(china.parse("n", "0755 1234 5678")));
    }
}
