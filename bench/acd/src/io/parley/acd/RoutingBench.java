package io.parley.acd;

import io.parley.acd.policy.fewest_calls.FewestCalls;
import io.parley.acd.policy.longest_idle.LongestIdle;
import io.parley.acd.policy.skill_group_priority.SkillGroupPriority;
import io.parley.api.acd.AcdPolicy;
import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import io.parley.api.agent.Presence;
import io.parley.api.agent.PresenceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision of the ACD for a group of N member agents, as {@code AcdManager.reserve}
 * makes it: each member's presence looked up (a concurrent map, as in {@code PresenceManager}),
 * the available ones (about two thirds here) made candidates with their idle time and calls
 * today, then {@link Routing#order} with the policy bundle's ranking. The presence reservation
 * and the SIP dial that follow are not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBench {

    @Param({"10", "100", "1000", "10000"})
    int agents;

    @Param({"longest_idle", "fewest_calls", "skill_group_priority"})
    String policyName;

    private final Map<String, PresenceState> presence = new ConcurrentHashMap<>();
    private final Map<String, Integer> callsToday = new ConcurrentHashMap<>();
    private List<String> members;
    private List<Integer> priorities;
    private AcdPolicy policy;
    private WaitingCall call;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        Instant now = Instant.parse("2026-12-07T09:00:00Z");
        members = new ArrayList<>();
        priorities = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            String id = Integer.toString(100000 + i);
            members.add(id);
            priorities.add(1 + r.nextInt(5));
            Presence p = r.nextInt(3) == 0 ? Presence.BUSY : Presence.AVAILABLE;
            presence.put(id, new PresenceState(1000001, id, p, null, null, null, now.minusSeconds(r.nextInt(36000))));
            callsToday.put(id, r.nextInt(80));
        }
        policy = switch (policyName) {
            case "fewest_calls" -> new FewestCalls();
            case "skill_group_priority" -> new SkillGroupPriority();
            default -> new LongestIdle();
        };
        call = new WaitingCall("s-1", 1000001, 2001, "008613800000000", now);
    }

    @Benchmark
    public List<AgentCandidate> decide() {
        List<AgentCandidate> eligible = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            String id = members.get(i);
            PresenceState s = presence.get(id);
            if (s.state() == Presence.AVAILABLE) {
                eligible.add(new AgentCandidate(id, priorities.get(i), s.since(), callsToday.get(id), null, null));
            }
        }
        return Routing.order(call, eligible, List.of(), policy);
    }
}
