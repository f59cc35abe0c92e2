package io.parley.sip.registrar;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** New registrations are shed while the stack's queue lags. */
public class RegisterSheddingTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RegisterShedding shedding = new RegisterShedding(RegisterShedding.Settings.defaults(), now::get);

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
        now.addAndGet(1000);
        assertTrue(never.admitNew(10_000));
    }
}
