package io.parley.sip.call;

import io.parley.api.call.LegInfo;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.telephony.TrunkNumber;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * SPEC §11.2: the caller number of an agent's outbound call.
 * <ol>
 *   <li>Candidates are the instance's active, outbound-capable numbers whose concurrency and
 *       calls-per-second limits are not reached.</li>
 *   <li>{@code skill_group}: numbers whose {@code outbound_skill_group_ids} intersect the agent's
 *       skill groups are preferred; without one, any candidate.</li>
 *   <li>{@code same_area}: numbers whose {@code location} is the callee's (built-in area-code
 *       table; there is no mobile-prefix table, so a mobile callee has no location) are preferred;
 *       without one, any candidate.</li>
 *   <li>Ties are broken at random.</li>
 *   <li>A number the agent chose is taken only when the instance lets agents choose
 *       ({@code allow_agent_choose_number}) and it is bound to one of the agent's groups, or any
 *       outbound number of the instance when none of them is group-bound.</li>
 *   <li>No candidate: {@link LegInfo#NO_CALLER_NUMBER}.</li>
 * </ol>
 *
 * <pre>{@code
 * TrunkNumber from = selection.forAgent(instanceId, "100010", null, "00860201234567");
 * }</pre>
 *
 * Calls without an agent (an IVR's, a phone's external call) do not come here: they keep the
 * instance's first active outbound-capable number.
 */
final class CallerNumberSelection {

    /** Every number of an instance (any status, any call type). */
    @FunctionalInterface
    interface NumbersOfInstance {
        List<TrunkNumber> of(long instanceId);
    }

    /** A refusal with the {@link LegInfo#failureReason()} code it ends the leg with. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Refusal(String reason, String why) {
            super(why, null, false, false);
            this.reason = reason;
        }
    }

    private final NumbersOfInstance numbers;
    private final Predicate<TrunkNumber> underLimits;
    private final CallPorts.CallerNumberSources sources;
    private final Random random;

    /**
     * @param underLimits true while a number's concurrency and calls-per-second limits are not reached
     *                    (a look only: placing the call counts it)
     */
    CallerNumberSelection(NumbersOfInstance numbers, Predicate<TrunkNumber> underLimits,
                          CallPorts.CallerNumberSources sources, Random random) {
        this.numbers = numbers;
        this.underLimits = underLimits;
        this.sources = sources;
        this.random = random;
    }

    /**
     * The caller number of agent {@code agentId}'s call to {@code callee}.
     *
     * @param chosen the canonical number the agent chose, or null to let the display rule choose
     * @param callee the callee in canonical form (for {@code same_area}), or null when not a number
     * @throws Refusal {@link LegInfo#UNKNOWN_AGENT}, {@link LegInfo#CALLER_NUMBER_NOT_ALLOWED} or
     *                 {@link LegInfo#NO_CALLER_NUMBER}
     */
    TrunkNumber forAgent(long instanceId, String agentId, String chosen, String callee) throws Refusal {
        List<Long> groups = sources.agentSkillGroups(instanceId, agentId)
                .orElseThrow(() -> new Refusal(LegInfo.UNKNOWN_AGENT, "no agent " + agentId + " in instance " + instanceId));
        OutboundSettings settings = Optional.ofNullable(sources.outbound(instanceId)).orElse(OutboundSettings.DEFAULTS);
        List<TrunkNumber> outbound = numbers.of(instanceId).stream().filter(TrunkNumber::placesOutbound).toList();
        if (chosen != null) {
            return agentsChoice(settings, groups, outbound, chosen);
        }
        List<TrunkNumber> candidates = outbound.stream().filter(underLimits).toList();
        if (candidates.isEmpty()) {
            throw new Refusal(LegInfo.NO_CALLER_NUMBER, "no active outbound number of instance " + instanceId
                    + " is under its limits");
        }
        List<TrunkNumber> preferred = switch (settings.displayRule()) {
            case SKILL_GROUP -> candidates.stream().filter(n -> boundToAny(n, groups)).toList();
            case SAME_AREA -> {
                Optional<String> area = callee == null ? Optional.empty()
                        : sources.location(callee).map(CallerNumberSelection::place);
                yield area.isEmpty() ? List.of() : candidates.stream()
                        .filter(n -> n.location() != null && place(n.location()).equals(area.get())).toList();
            }
        };
        List<TrunkNumber> pool = preferred.isEmpty() ? candidates : preferred;
        return pool.get(random.nextInt(pool.size()));
    }

    /** Step 5. A chosen number over its limits is still returned: the call is then refused as carrier_error (§2.2). */
    private static TrunkNumber agentsChoice(OutboundSettings settings, List<Long> groups, List<TrunkNumber> outbound,
                                            String chosen) throws Refusal {
        if (!settings.allowAgentChooseNumber()) {
            throw new Refusal(LegInfo.CALLER_NUMBER_NOT_ALLOWED, "the instance does not let agents choose the caller number");
        }
        TrunkNumber n = outbound.stream().filter(o -> o.number().equals(chosen)).findFirst()
                .orElseThrow(() -> new Refusal(LegInfo.CALLER_NUMBER_NOT_ALLOWED,
                        chosen + " is not an active outbound number of the instance"));
        boolean anyBound = outbound.stream().anyMatch(o -> !o.outboundSkillGroupIds().isEmpty());
        if (anyBound && !boundToAny(n, groups)) {
            throw new Refusal(LegInfo.CALLER_NUMBER_NOT_ALLOWED, chosen + " is not bound to a skill group of the agent");
        }
        return n;
    }

    private static boolean boundToAny(TrunkNumber n, List<Long> groups) {
        return n.outboundSkillGroupIds().stream().anyMatch(groups::contains);
    }

    /** Locations compare as an admin may write them: case and outer spaces do not matter. */
    private static String place(String location) {
        return location.strip().toLowerCase(Locale.ROOT);
    }
}
