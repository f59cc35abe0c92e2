package io.parley.acd.policy.fewest_calls;

import static org.junit.Assert.assertEquals;

import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class FewestCallsTest {
    @Test
    public void theAgentWithFewestCallsTodayComesFirstTiesByLongestIdle() {
        Instant t = Instant.parse("2026-12-07T09:00:00Z");
        List<AgentCandidate> eligible = List.of(new AgentCandidate("1", 1, t, 4, null, null),
                new AgentCandidate("2", 5, t.plusSeconds(20), 1, null, null),
                new AgentCandidate("3", 3, t.plusSeconds(10), 1, null, null));
        assertEquals(List.of("3", "2", "1"), new FewestCalls().rank(new WaitingCall("s", 1, 2001, "", t), eligible)
                .stream().map(AgentCandidate::agentId).toList());
    }
}
