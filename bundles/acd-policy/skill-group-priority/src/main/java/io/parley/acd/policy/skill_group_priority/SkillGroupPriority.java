package io.parley.acd.policy.skill_group_priority;

import io.parley.api.acd.AcdPolicy;
import io.parley.api.acd.AgentCandidate;
import io.parley.api.acd.WaitingCall;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** {@code skill_group_priority}: priority 1 before 5 (SPEC §6.3); ties by longest idle, then agent id. */
@Component(property = AcdPolicy.NAME_PROPERTY + "=" + SkillGroupPriority.NAME)
public class SkillGroupPriority implements AcdPolicy {

    static final String NAME = "skill_group_priority";
    static final Comparator<AgentCandidate> ORDER = Comparator.comparingInt(AgentCandidate::groupPriority)
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
