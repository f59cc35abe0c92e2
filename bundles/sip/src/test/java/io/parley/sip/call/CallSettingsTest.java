package io.parley.sip.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** The call handling's settings as an operator writes them in etc/io.parley.sip.cfg. */
public class CallSettingsTest {

    @Test
    public void withoutAMinimumSessionIntervalRfc4028sNinetySecondsApply() {
        CallSettings s = new CallSettings(60, CallSettings.PROMPT_THEN_HOLD, "Welcome");
        assertEquals(90, s.minSessionExpiresSeconds());
    }

    @Test
    public void aMinimumSessionIntervalOutsideTwoSecondsToADayIsRefused() {
        assertEquals(2, new CallSettings(60, CallSettings.PROMPT_THEN_HOLD, "", 2).minSessionExpiresSeconds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CallSettings(60, CallSettings.PROMPT_THEN_HOLD, "", 1));
        assertEquals("callMinSessionExpiresSeconds must be 2..86400: 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CallSettings(60, CallSettings.PROMPT_THEN_HOLD, "", 86_401));
    }
}
