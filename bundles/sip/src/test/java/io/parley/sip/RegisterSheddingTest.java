package io.parley.sip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** New registrations are shed while the registrar is behind, and let through again once it caught up. */
public class RegisterSheddingTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RegisterShedding shedding = new RegisterShedding(RegisterShedding.Settings.defaults(), now::get);

    /** One 100 ms window of the lane: {@code n} REGISTERs of which {@code r} retransmissions; the share admitted after it. */
    private double window(int n, int r) {
        for (int i = 0; i < n; i++) {
            shedding.seen(i < r);
        }
        now.addAndGet(100);
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            admitted += shedding.admitNewByRetransmissions() ? 1 : 0;
        }
        return admitted / 10_000.0;
    }

    @Test
    public void theLaneShedsWhileClientsKeepRetransmittingAndRecoversWhenTheyStop() {
        assertEquals(1.0, window(1000, 5), 0.0);          // 0.5 %: keeping up
        for (int i = 0; i < 9; i++) {
            assertEquals(1.0, window(1000, 100), 0.0);    // 10 % for under a second: a passing burst
        }
        double first = window(1000, 100);                  // a whole second: behind
        assertEquals(0.7, first, 0.03);
        double second = window(1000, 100);
        assertEquals(0.49, second, 0.03);
        for (int i = 0; i < 20; i++) {
            window(1000, 500);
        }
        assertEquals(0.05, window(1000, 500), 0.02);       // never below 5 %
        double recovering = window(1000, 0);
        assertTrue(String.valueOf(recovering), recovering > 0.1 && recovering < 0.2);
        for (int i = 0; i < 10; i++) {
            window(1000, 0);
        }
        assertEquals(1.0, window(1000, 0), 0.0);
        assertTrue(shedding.shed() > 0);
    }

    @Test
    public void aBurstOfRetransmissionsEndedByAQuietWindowIsNoOverload() {
        for (int i = 0; i < 9; i++) {
            window(1000, 300);
        }
        window(1000, 0);
        for (int i = 0; i < 9; i++) {
            assertEquals(1.0, window(1000, 300), 0.0);
        }
    }

    @Test
    public void aFewRequestsWithRetransmissionsAreNoOverload() {
        assertEquals(1.0, window(20, 10), 0.0);
    }

    @Test
    public void theValveShedsWhileTheQueueLagsOverTheThreshold() {
        assertTrue(shedding.admitNew(10));                 // under the 300 ms threshold
        now.addAndGet(100);
        shedding.admitNew(400);                            // over it: the share falls to 70 %
        now.addAndGet(100);
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            admitted += shedding.admitNew(400) ? 1 : 0;
        }
        assertTrue(String.valueOf(admitted), admitted < 6000);
    }

    @Test
    public void zeroNeverSheds() {
        RegisterShedding never = new RegisterShedding(new RegisterShedding.Settings(0, 5, 15), now::get);
        for (int i = 0; i < 100; i++) {
            never.seen(true);
        }
        now.addAndGet(1000);
        assertTrue(never.admitNewByRetransmissions());
        assertTrue(never.admitNew(10_000));
    }
}
