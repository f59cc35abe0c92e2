package io.parley.media.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.Test;

public class MediaClockTest {

    @Test
    public void endpointsAreSpreadEvenlyOverTheSlotsOfTheTick() {
        try (MediaClock clock = new MediaClock(2)) {
            List<MediaClock.Member> members = new ArrayList<>();
            for (int i = 0; i < 2 * MediaClock.SLOTS * 3; i++) {
                members.add(clock.join(t -> { }, t -> { }));
            }
            Map<MediaClock.Slot, Integer> perSlot = new HashMap<>();
            for (MediaClock.Member m : members) {
                perSlot.merge(m.slot, 1, Integer::sum);
            }
            assertEquals(2 * MediaClock.SLOTS, perSlot.size());
            perSlot.values().forEach(n -> assertEquals(3, n.intValue()));
            // the slots' send phases are evenly spaced over the 20 ms
            long[] offsets = perSlot.keySet().stream().mapToLong(s -> s.offsetNanos).sorted().toArray();
            for (int i = 0; i < offsets.length; i++) {
                assertEquals(i * MediaClock.TICK_NANOS / offsets.length, offsets[i]);
            }
        }
    }

    @Test
    public void bridgedLegsShareASlotAndRunReceiveSendRecordOncePerTick() throws Exception {
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        try (MediaClock clock = new MediaClock(2)) {
            MediaClock.Member a = clock.join(t -> events.add("a-receive " + t), t -> events.add("a-send " + t));
            MediaClock.Member b = clock.join(t -> events.add("b-receive " + t), t -> events.add("b-send " + t));
            assertTrue(a.slot != b.slot);
            clock.follow(b, a);
            assertSame(a.slot, b.slot);
            clock.addRecorder(a, t -> events.add("a-record " + t));
            Thread.sleep(200);
            clock.leave(a);
            clock.leave(b);
            Thread.sleep(50);
            events.clear();
            Thread.sleep(60);
            assertTrue("nothing runs after leave: " + events, events.isEmpty());
        }
        // order within a tick, checked on a fresh clock so the first ticks are complete
        List<String> log = new ArrayList<>();
        try (MediaClock clock = new MediaClock(1)) {
            MediaClock.Member a = clock.join(t -> record(log, "a-receive"), t -> record(log, "a-send"));
            MediaClock.Member b = clock.join(t -> record(log, "b-receive"), t -> record(log, "b-send"));
            clock.follow(b, a);
            clock.addRecorder(a, t -> record(log, "a-record"));
            Thread.sleep(150);
            clock.leave(a);
            clock.leave(b);
        }
        synchronized (log) {
            int i = log.lastIndexOf("a-record");
            assertEquals(List.of("a-receive", "b-receive", "a-send", "b-send", "a-record"), log.subList(i - 4, i + 1));
        }
    }

    private static void record(List<String> log, String event) {
        synchronized (log) {
            log.add(event);
        }
    }

    @Test
    public void latenessIsMeasuredAgainstTheMembersOwnSlot() throws Exception {
        try (MediaClock clock = new MediaClock(2)) {
            List<MediaClock.Member> all = new ArrayList<>();
            for (int i = 0; i < 2 * MediaClock.SLOTS; i++) {
                MediaClock.Member[] m = new MediaClock.Member[1];
                m[0] = clock.join(t -> { }, t -> clock.recordSend(m[0]));
                all.add(m[0]);
            }
            Thread.sleep(300);
            assertTrue(clock.packetsTimed() > 100);
            // an idle clock sends every packet within a couple of ms of its slot, not up to 20 ms
            assertTrue("p50 " + clock.latenessMillis(0.5), clock.latenessMillis(0.5) < 5);
        }
    }
}
