package io.parley.acd.policy.longest_idle;

import io.parley.api.acd.AcdPolicy;
import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** {@code longest_idle}: the agent available the longest (earliest {@code idleSince}) first; ties by agent id. */
@Component(property = AcdPolicy.NAME_PROPERTY + "=" + LongestIdle.NAME)
public class LongestIdle implements AcdPolicy {

    static final String NAME = "longest_idle";
    static final Comparator<AgentCandidate> ORDER = Comparator
            .comparing(AgentCandidate::idleSince, Comparator.nullsFirst(Comparator.naturalOrder()))
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
