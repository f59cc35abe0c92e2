package io.parley.media.internal.rtp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.BindException;
import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

public class PortAllocatorTest {

    @Test
    public void handsOutEvenPortsWithRoomForRtcp() {
        PortAllocator a = new PortAllocator(20001, 20006);
        assertEquals(2, a.capacity());   // 20002/3 and 20004/5; 20006 has no odd partner
        Set<Integer> got = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            got.add(a.allocate(p -> p).rtpPort());
        }
        assertEquals(Set.of(20002, 20004), got);
        assertNull(a.allocate(p -> p));
    }

    @Test
    public void releasingEveryPortAfterManyCyclesLeavesThePoolFull() {
        PortAllocator a = new PortAllocator(30000, 30019);
        for (int i = 0; i < 500; i++) {
            PortAllocator.Allocation<Integer> x = a.allocate(p -> p);
            PortAllocator.Allocation<Integer> y = a.allocate(p -> p);
            assertNotNull(x);
            assertNotNull(y);
            a.release(x.rtpPort());
            a.release(y.rtpPort());
            a.release(y.rtpPort());   // twice: ignored
        }
        assertEquals(a.capacity(), a.freePairs());
        assertEquals(0, a.pairsInUse());
    }

    @Test
    public void skipsPortsThatCannotBeBoundAndKeepsThemForLater() {
        PortAllocator a = new PortAllocator(30000, 30005);
        PortAllocator.Allocation<Integer> x = a.allocate(p -> {
            if (p == 30000) {
                throw new BindException("taken by another process");
            }
            return p;
        });
        assertEquals(30002, x.rtpPort());
        assertEquals(2, a.freePairs());
        assertTrue(a.pairsInUse() == 1);
    }

    @Test
    public void reusesReleasedPortsLast() {
        PortAllocator a = new PortAllocator(30000, 30005);
        int first = a.allocate(p -> p).rtpPort();
        a.release(first);
        assertTrue(a.allocate(p -> p).rtpPort() != first);
    }
}
