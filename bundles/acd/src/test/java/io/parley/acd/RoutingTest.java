package io.parley.acd;

import static org.junit.Assert.assertEquals;

import io.parley.api.acd.AcdPolicy;
import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class RoutingTest {

    static final Instant T = Instant.parse("2026-12-07T09:00:00Z");
    static final WaitingCall CALL = new WaitingCall("s", 1, 2001, "0044", T);
    static final List<AgentCandidate> ELIGIBLE = List.of(new AgentCandidate("1", 1, T.plusSeconds(30), 0, null, null),
            new AgentCandidate("2", 1, T, 0, null, null), new AgentCandidate("3", 1, T.plusSeconds(10), 0, null, null));

    @Test
    public void preferredAgentsWhoAreEligibleComeFirstInTheirOrder() {
        assertEquals(List.of("1", "2", "3"), ids(Routing.order(CALL, ELIGIBLE, List.of("9", "1"), Routing.LONGEST_IDLE)));
    }

    @Test
    public void aPolicyThatDropsOrInventsAgentsLosesNoEligibleOne() {
        AcdPolicy bad = new AcdPolicy() {
            public String name() {
                return "bad";
            }

            public List<AgentCandidate> rank(WaitingCall call, List<AgentCandidate> eligible) {
                return List.of(new AgentCandidate("99", 1, T, 0, null, null), eligible.get(0));
            }
        };
        assertEquals(List.of("1", "2", "3"), ids(Routing.order(CALL, ELIGIBLE, List.of(), bad)));
    }

    @Test
    public void aPolicyThatThrowsFallsBackToLongestIdle() {
        AcdPolicy broken = new AcdPolicy() {
            public String name() {
                return "broken";
            }

            public List<AgentCandidate> rank(WaitingCall call, List<AgentCandidate> eligible) {
                throw new IllegalStateException("boom");
            }
        };
        assertEquals(List.of("2", "3", "1"), ids(Routing.order(CALL, ELIGIBLE, List.of(), broken)));
    }

    private static List<String> ids(List<AgentCandidate> c) {
        return c.stream().map(AgentCandidate::agentId).toList();
    }
}
