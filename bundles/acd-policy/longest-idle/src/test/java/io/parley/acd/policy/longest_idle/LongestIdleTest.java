package io.parley.acd.policy.longest_idle;

import static org.junit.Assert.assertEquals;

import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class LongestIdleTest {
    @Test
    public void theAgentIdleLongestComesFirst() {
        Instant t = Instant.parse("2026-12-07T09:00:00Z");
        List<AgentCandidate> eligible = List.of(new AgentCandidate("1", 1, t.plusSeconds(30), 0, null, null),
                new AgentCandidate("2", 5, t, 9, null, null), new AgentCandidate("3", 3, t.plusSeconds(10), 1, null, null));
        assertEquals(List.of("2", "3", "1"), new LongestIdle().rank(new WaitingCall("s", 1, 2001, "", t), eligible)
                .stream().map(AgentCandidate::agentId).toList());
    }
}
