package io.parley.sip.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.parley.api.call.CallStatus;
import java.util.List;
import org.junit.Test;

/** RFC 3261 §16.7 step 6 as the B2BUA applies it to the forks of a leg, and the SPEC §34 p43 status that follows. */
public class ForkResponsesTest {

    @Test
    public void aGlobalFailureWinsOverEverythingElse() {
        assertEquals(603, ForkResponses.best(List.of(486, 603, 480)));
        assertEquals(CallStatus.REJECTED, CallStatus.ofFinalResponse(ForkResponses.best(List.of(486, 603))));
        assertEquals(600, ForkResponses.best(List.of(603, 600, 302)));
    }

    @Test
    public void otherwiseTheLowestClassWins() {
        assertEquals(302, ForkResponses.best(List.of(486, 302, 500)));
        assertEquals(480, ForkResponses.best(List.of(500, 480)));
    }

    @Test
    public void aBusyDeviceTellsMoreThanAnUnavailableOne() {
        assertEquals(486, ForkResponses.best(List.of(480, 486, 404)));
        assertEquals(CallStatus.CALLEE_BUSY, CallStatus.ofFinalResponse(ForkResponses.best(List.of(408, 486))));
        assertEquals(407, ForkResponses.best(List.of(480, 407)));
    }

    @Test
    public void withinAClassTheLowestCode() {
        assertEquals(404, ForkResponses.best(List.of(480, 404)));
        assertEquals(CallStatus.MISSED, CallStatus.ofFinalResponse(ForkResponses.best(List.of(480, 408))));
        assertEquals(503, ForkResponses.best(List.of(503)));
        assertEquals(500, ForkResponses.best(List.of(503, 500)));
        assertEquals(487, ForkResponses.best(List.of(487)));
    }

    @Test
    public void noResponseIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ForkResponses.best(List.of()));
    }
}
