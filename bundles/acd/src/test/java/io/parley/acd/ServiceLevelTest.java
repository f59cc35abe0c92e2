package io.parley.acd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.parley.api.acd.QueueStatus;
import java.time.Duration;
import org.junit.Test;

public class ServiceLevelTest {

    @Test
    public void theShareAnsweredWithinTCountsAbandonedCallersAndThePercentilesAreNearestRank() {
        ServiceLevel level = new ServiceLevel();
        for (int s = 1; s <= 10; s++) {
            level.answered(Duration.ofSeconds(s * 5L), 20);   // 5, 10, ... 50 s: four within 20 s
        }
        level.abandoned.incrementAndGet();
        QueueStatus q = level.status(new AcdManager.GroupKey(1000001, 2001), 2, null, "longest_idle", 20);
        assertEquals(10, q.answered());
        assertEquals(4, q.answeredWithinT());
        assertEquals(100.0 * 4 / 11, q.serviceLevelPercent(), 1e-9);
        assertEquals(Duration.ofSeconds(25), q.p50());
        assertEquals(Duration.ofSeconds(45), q.p90());
        assertEquals(Duration.ofSeconds(50), q.p99());
    }

    @Test
    public void beforeAnyCallThereAreNoPercentilesAndTheLevelIsFull() {
        QueueStatus q = new ServiceLevel().status(new AcdManager.GroupKey(1, 2), 0, null, "fewest_calls", 20);
        assertNull(q.p50());
        assertEquals(100.0, q.serviceLevelPercent(), 0);
    }
}
