package io.parley.acd.policy.fewest_calls;

import io.parley.api.acd.AcdPolicy;
import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** {@code fewest_calls}: the agent who answered the fewest calls today first; ties by longest idle, then agent id. */
@Component(property = AcdPolicy.NAME_PROPERTY + "=" + FewestCalls.NAME)
public class FewestCalls implements AcdPolicy {

    static final String NAME = "fewest_calls";
    static final Comparator<AgentCandidate> ORDER = Comparator.comparingInt(AgentCandidate::callsAnsweredToday)
            .thenComparing(AgentCandidate::idleSince, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(AgentCandidate::agentId);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<AgentCandidate> rank(WaitingCall call, List<AgentCandidate> eligible) {
        return eligible.stream().sorted(ORDER).toList();
    }
}
