package io.parley.acd.policy.round_robin;

import io.parley.api.acd.AcdPolicy;
import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * {@code round_robin}, the example of an integrator's policy (selected by {@code routingPolicy}
 * in {@code etc/io.parley.acd.cfg}): per skill group, agents take turns in agent-id order,
 * starting after the agent the group's last call was ranked first for.
 *
 * <p>The ACD may not take the first-ranked agent (its phone does not answer); the turn still
 * moves on, which is what round robin means to most contact centres.
 */
@Component(property = AcdPolicy.NAME_PROPERTY + "=" + RoundRobin.NAME)
public class RoundRobin implements AcdPolicy {

    static final String NAME = "round_robin";
    private final Map<Long, String> lastFirst = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<AgentCandidate> rank(WaitingCall call, List<AgentCandidate> eligible) {
        if (eligible.isEmpty()) {
            return eligible;
        }
        List<AgentCandidate> byId = new ArrayList<>(eligible);
        byId.sort(Comparator.comparing(AgentCandidate::agentId));
        String last = lastFirst.get(call.skillGroupId());
        int start = 0;
        if (last != null) {
            while (start < byId.size() && byId.get(start).agentId().compareTo(last) <= 0) {
                start++;
            }
            if (start == byId.size()) {
                start = 0;
            }
        }
        List<AgentCandidate> out = new ArrayList<>(byId.size());
        out.addAll(byId.subList(start, byId.size()));
        out.addAll(byId.subList(0, start));
        lastFirst.put(call.skillGroupId(), out.get(0).agentId());
        return out;
    }
}
