package io.parley.media.internal.dtmf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.Duration;

import org.junit.Test;

public class DtmfReceiverTest {
    private final StringBuilder keys = new StringBuilder();
    private Duration lastDuration;
    private final DtmfReceiver receiver = new DtmfReceiver((d, held) -> {
        keys.append(d);
        lastDuration = held;
    });

    private void packet(long ts, int event, boolean end, int duration) {
        byte[] p = new byte[4];
        new TelephoneEvent(event, end, 10, duration).writeTo(p, 0);
        receiver.onPacket(ts, p);
    }

    @Test
    public void retransmittedEndPacketsCountOnce() {
        packet(1000, 5, false, 160);
        packet(1000, 5, false, 320);
        packet(1000, 5, true, 800);
        packet(1000, 5, true, 800);
        packet(1000, 5, true, 800);
        assertEquals("5", keys.toString());
        assertEquals(Duration.ofMillis(100), lastDuration);
    }

    @Test
    public void sameKeyTwiceIsTwoEventsByTimestamp() {
        packet(1000, 1, true, 800);
        packet(1000, 1, true, 800);
        packet(3000, 1, true, 800);
        assertEquals("11", keys.toString());
    }

    @Test
    public void eventWhoseEndPacketsWereLostIsReportedWhenTheNextStarts() {
        packet(1000, 7, false, 160);
        packet(1000, 7, false, 320);
        assertEquals("", keys.toString());
        packet(2600, 11, false, 160);
        assertEquals("7", keys.toString());
        packet(2600, 11, true, 640);
        assertEquals("7#", keys.toString());
    }

    @Test
    public void nonDtmfEventsAndShortPayloadsAreIgnored() {
        packet(1000, 16, true, 800);   // flash
        receiver.onPacket(2000, new byte[3]);
        assertEquals("", keys.toString());
        assertNull(lastDuration);
    }

    @Test
    public void senderEmitsMarkedStartGrowingDurationTripleEndThenGap() {
        DtmfSender s = new DtmfSender();
        s.enqueue("9*");
        long ts = 5000;
        StringBuilder trace = new StringBuilder();
        DtmfReceiver r = new DtmfReceiver((d, held) -> trace.append(d).append(held.toMillis()).append(' '));
        int packets = 0;
        for (int tick = 0; tick < 20; tick++, ts += 160) {
            DtmfSender.Step step = s.next(ts);
            if (step == null) {
                continue;
            }
            if (step.event().duration() == 160) {
                assertEquals(true, step.marker());
            }
            byte[] p = new byte[4];
            step.event().writeTo(p, 0);
            for (int c = 0; c < DtmfSender.copies(step); c++) {
                r.onPacket(step.timestamp(), p);
                packets++;
            }
        }
        assertEquals("9100 *100 ", trace.toString());
        assertEquals(2 * (4 + 3), packets);
        assertEquals(false, s.busy());
    }

    @Test(expected = IllegalArgumentException.class)
    public void senderRejectsNonDtmfCharacters() {
        new DtmfSender().enqueue("12x");
    }
}
