package io.parley.acd.policy.round_robin;

import static org.junit.Assert.assertEquals;

import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class RoundRobinTest {
    @Test
    public void agentsTakeTurnsPerGroup() {
        Instant t = Instant.parse("2026-12-07T09:00:00Z");
        List<AgentCandidate> eligible = List.of(new AgentCandidate("3", 1, t, 0, null, null),
                new AgentCandidate("1", 1, t, 0, null, null), new AgentCandidate("2", 1, t, 0, null, null));
        RoundRobin rr = new RoundRobin();
        WaitingCall call = new WaitingCall("s", 1, 2001, "", t);
        assertEquals("1", rr.rank(call, eligible).get(0).agentId());
        assertEquals("2", rr.rank(call, eligible).get(0).agentId());
        assertEquals("3", rr.rank(call, eligible).get(0).agentId());
        assertEquals("1", rr.rank(call, eligible).get(0).agentId());
        assertEquals("another group has its own turn", "1",
                rr.rank(new WaitingCall("s", 1, 2002, "", t), eligible).get(0).agentId());
    }
}
