package io.parley.api.acd;

import java.util.List;

/**
 * A routing policy (SPEC §15.2): ranks the eligible agents of a skill group for one waiting
 * call. The ACD offers the call in the returned order. A policy is a bundle registering
 * this service with {@code parley.acd.policy} = {@link #name()}; the instance setting picks
 * it by name, and the ACD falls back to longest-idle while the chosen one is not installed.
 *
 * <pre>{@code
 * @Component(property = AcdPolicy.NAME_PROPERTY + "=longest_idle")
 * public class LongestIdle implements AcdPolicy {
 *     public String name() { return "longest_idle"; }
 *     public List<AgentCandidate> rank(WaitingCall call, List<AgentCandidate> eligible) {
 *         return eligible.stream().sorted(Comparator.comparing(AgentCandidate::idleSince)).toList();
 *     }
 * }
 * }</pre>
 */
public interface AcdPolicy {

    /** Service property carrying {@link #name()}. */
    String NAME_PROPERTY = "parley.acd.policy";

    /** The policy's name as used in settings, e.g. {@code fewest_calls}. */
    String name();

    /**
     * Orders candidates, best first. May drop candidates it will not offer to; must not add any.
     * Must be fast and side-effect free: it runs on the routing path of every call.
     */
    List<AgentCandidate> rank(WaitingCall call, List<AgentCandidate> eligible);
}
