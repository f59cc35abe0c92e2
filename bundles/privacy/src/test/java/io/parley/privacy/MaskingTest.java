package io.parley.privacy;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class MaskingTest {

    /** An appliance in China (default country code 86): its numbers are shown national. */
    private final Masking china = new Masking(c -> c.startsWith("0086") ? c.substring(4) : c);

    @Test
    public void theMiddleFourDigitsOfTheNationalNumberAreHidden() {
        assertEquals("189****8352", china.mask("008618912348352"));
        assertEquals("021****4321", china.mask("008602187654321"));
    }

    @Test
    public void aNumberOfAnotherCountryKeepsItsCountryCodeAndMasksItsNationalPart() {
        assertEquals("0044020****0000", china.mask("004402079460000"));
        assertEquals("001212****100", china.mask("0012125550100"));
        assertEquals("003531****67", china.mask("003531234567"));
    }

    @Test
    public void numbersUnderSevenDigitsAreUnchanged() {
        assertEquals("123456", china.mask("123456"));
        assertEquals("1****67", china.mask("1234567"));
        assertEquals("8001", china.mask("8001"));
        assertEquals("anonymous", china.mask("anonymous"));
        assertEquals("008612345", new Masking(c -> c).mask("008612345"));
    }

    @Test
    public void withoutTelephonyEveryNumberKeepsItsCountryCode() {
        assertEquals("0086189****8352", new Masking(c -> c).mask("008618912348352"));
    }
}
