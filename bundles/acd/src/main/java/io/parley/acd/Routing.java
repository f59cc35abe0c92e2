package io.parley.acd;

import io.parley.api.acd.AcdPolicy;
import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing decision of SPEC §15.2 for one waiting call, free of I/O so it can be measured
 * (bench/acd): the preferred agents that are eligible first, in their order (specified agents,
 * then the last outbound agent, then the last accessed agent), then the rest in the policy's
 * order. A policy that drops or invents candidates cannot lose an eligible agent: the ones it
 * left out follow in longest-idle order, the ones it invented are ignored.
 */
final class Routing {

    /** The built-in policy, also the fallback while the chosen policy's bundle is not installed. */
    static final AcdPolicy LONGEST_IDLE = new AcdPolicy() {
        @Override
        public String name() {
            return "longest_idle";
        }

        @Override
        public List<AgentCandidate> rank(WaitingCall call, List<AgentCandidate> eligible) {
            return eligible.stream().sorted(LONGEST_IDLE_ORDER).toList();
        }
    };

    static final Comparator<AgentCandidate> LONGEST_IDLE_ORDER = Comparator
            .comparing(AgentCandidate::idleSince, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(AgentCandidate::agentId);

    private Routing() {
    }

    static List<AgentCandidate> order(WaitingCall call, List<AgentCandidate> eligible, List<String> preferred,
                                      AcdPolicy policy) {
        Map<String, AgentCandidate> byId = new HashMap<>(eligible.size() * 2);
        for (AgentCandidate c : eligible) {
            byId.put(c.agentId(), c);
        }
        List<AgentCandidate> out = new ArrayList<>(eligible.size());
        Set<String> placed = new HashSet<>();
        for (String id : new LinkedHashSet<>(preferred)) {
            AgentCandidate c = byId.get(id);
            if (c != null && placed.add(id)) {
                out.add(c);
            }
        }
        List<AgentCandidate> rest = placed.isEmpty() ? eligible
                : eligible.stream().filter(c -> !placed.contains(c.agentId())).toList();
        List<AgentCandidate> ranked;
        try {
            ranked = policy.rank(call, rest);
        } catch (RuntimeException e) {
            ranked = LONGEST_IDLE.rank(call, rest);
        }
        for (AgentCandidate c : ranked) {
            if (byId.containsKey(c.agentId()) && placed.add(c.agentId())) {
                out.add(byId.get(c.agentId()));
            }
        }
        if (out.size() < eligible.size()) {
            rest.stream().filter(c -> !placed.contains(c.agentId())).sorted(LONGEST_IDLE_ORDER).forEach(out::add);
        }
        return out;
    }
}
