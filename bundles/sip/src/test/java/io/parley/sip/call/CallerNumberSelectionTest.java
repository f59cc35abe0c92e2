package io.parley.sip.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.api.call.LegInfo;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.settings.OutboundSettings.DisplayRule;
import io.parley.api.telephony.TrunkNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

/**
 * SPEC §11.2, rule by rule. The instance's numbers, the limits, the settings, the agents and the
 * area-code table are fakes; SipOutboundIT proves the choice against a SIPp carrier.
 */
public class CallerNumberSelectionTest {

    private static final long INSTANCE = 1_000_001L;
    private static final long SALES = 11L;
    private static final long SUPPORT = 12L;
    private static final long OTHER = 13L;
    private static final String SALES_AGENT = "100010";
    private static final String CALLEE_GUANGZHOU = "00860201234567";

    private final List<TrunkNumber> numbers = new ArrayList<>();
    private final Set<Long> atLimit = new HashSet<>();
    private final Map<String, List<Long>> agents = new HashMap<>(Map.of(SALES_AGENT, List.of(SALES, SUPPORT)));
    private final Map<String, String> areaTable = Map.of(CALLEE_GUANGZHOU, "Guangzhou", "00860107654321", "Beijing");
    private OutboundSettings settings = OutboundSettings.DEFAULTS;

    private final CallerNumberSelection selection = new CallerNumberSelection(id -> id == INSTANCE ? numbers : List.of(),
            n -> !atLimit.contains(n.id()), new CallPorts.CallerNumberSources() {
                @Override
                public OutboundSettings outbound(long instanceId) {
                    return settings;
                }

                @Override
                public Optional<List<Long>> agentSkillGroups(long instanceId, String agentId) {
                    return instanceId == INSTANCE ? Optional.ofNullable(agents.get(agentId)) : Optional.empty();
                }

                @Override
                public Optional<String> location(String canonicalNumber) {
                    return Optional.ofNullable(areaTable.get(canonicalNumber));
                }
            }, new Random(7));

    // ---- step 1: candidates ----

    @Test
    public void onlyActiveOutboundCapableNumbersUnderTheirLimitsAreCandidates() throws Exception {
        number(1, "008602011110001", "inbound", TrunkNumber.ACTIVE, "Guangzhou");
        number(2, "008602011110002", "outbound", TrunkNumber.DISABLED, "Guangzhou");
        number(3, "008602011110003", "inbound_outbound", TrunkNumber.PENDING_APPROVAL, "Guangzhou");
        number(4, "008602011110004", "outbound", TrunkNumber.ACTIVE, "Guangzhou");
        number(5, "008602011110005", "inbound_outbound", TrunkNumber.ACTIVE, "Guangzhou");
        atLimit.add(4L);
        assertEquals(Set.of("008602011110005"), picks(null, CALLEE_GUANGZHOU));
        atLimit.add(5L);
        refused(LegInfo.NO_CALLER_NUMBER, null);
    }

    @Test
    public void noNumberAtAllIsNoCallerNumber() {
        refused(LegInfo.NO_CALLER_NUMBER, null);
    }

    // ---- step 2: skill_group ----

    @Test
    public void skillGroupPrefersNumbersBoundToOneOfTheAgentsGroups() throws Exception {
        number(1, "008602011110001", List.of());
        number(2, "008602011110002", List.of(OTHER));
        number(3, "008602011110003", List.of(SUPPORT, OTHER));
        number(4, "008602011110004", List.of(SALES));
        assertEquals("ties among the bound numbers are broken at random",
                Set.of("008602011110003", "008602011110004"), picks(null, CALLEE_GUANGZHOU));
    }

    @Test
    public void skillGroupTakesAnyCandidateWhenNoneIsBoundToTheAgentsGroups() throws Exception {
        number(1, "008602011110001", List.of());
        number(2, "008602011110002", List.of(OTHER));
        assertEquals(Set.of("008602011110001", "008602011110002"), picks(null, CALLEE_GUANGZHOU));
    }

    @Test
    public void aBoundNumberAtItsLimitIsNoCandidateSoAnotherIsTaken() throws Exception {
        number(1, "008602011110001", List.of());
        number(2, "008602011110002", List.of(SALES));
        atLimit.add(2L);
        assertEquals(Set.of("008602011110001"), picks(null, CALLEE_GUANGZHOU));
    }

    // ---- step 3: same_area ----

    @Test
    public void sameAreaPrefersNumbersInTheCalleesLocation() throws Exception {
        settings = new OutboundSettings(DisplayRule.SAME_AREA, false, false, false);
        number(1, "008601011110001", "inbound_outbound", TrunkNumber.ACTIVE, "Beijing");
        number(2, "008602011110002", "inbound_outbound", TrunkNumber.ACTIVE, "Guangzhou");
        number(3, "008602011110003", "inbound_outbound", TrunkNumber.ACTIVE, " guangzhou ");
        number(4, "008602011110004", List.of(SALES));   // no location; skill groups do not count here
        assertEquals("an admin's spelling of the location counts too",
                Set.of("008602011110002", "008602011110003"), picks(null, CALLEE_GUANGZHOU));
        assertEquals(Set.of("008601011110001"), picks(null, "00860107654321"));
    }

    @Test
    public void sameAreaPicksAtRandomWhenNoNumberIsInTheCalleesAreaOrTheCalleeHasNoLocation() throws Exception {
        settings = new OutboundSettings(DisplayRule.SAME_AREA, false, false, false);
        number(1, "008601011110001", "inbound_outbound", TrunkNumber.ACTIVE, "Beijing");
        number(2, "008602111110002", "inbound_outbound", TrunkNumber.ACTIVE, "Shanghai");
        Set<String> all = Set.of("008601011110001", "008602111110002");
        assertEquals(all, picks(null, CALLEE_GUANGZHOU));
        assertEquals("a mobile callee: no location (no mobile-prefix table)", all, picks(null, "008613912345678"));
        assertEquals(all, picks(null, null));
    }

    // ---- step 5: the agent's choice ----

    @Test
    public void aChosenNumberIsRefusedWhileTheInstanceDoesNotLetAgentsChoose() throws Exception {
        number(1, "008602011110001", List.of(SALES));
        refused(LegInfo.CALLER_NUMBER_NOT_ALLOWED, "008602011110001");
        settings = new OutboundSettings(DisplayRule.SKILL_GROUP, true, false, false);
        assertEquals("008602011110001", pick("008602011110001", CALLEE_GUANGZHOU).number());
    }

    @Test
    public void aChosenNumberMustBeBoundToOneOfTheAgentsGroups() throws Exception {
        settings = new OutboundSettings(DisplayRule.SKILL_GROUP, true, false, false);
        number(1, "008602011110001", List.of(SUPPORT));
        number(2, "008602011110002", List.of(OTHER));
        number(3, "008602011110003", List.of());
        assertEquals("008602011110001", pick("008602011110001", null).number());
        refused(LegInfo.CALLER_NUMBER_NOT_ALLOWED, "008602011110002");
        refused("an unbound number while others are bound", LegInfo.CALLER_NUMBER_NOT_ALLOWED, "008602011110003");
    }

    @Test
    public void anyOutboundNumberMayBeChosenWhenNoNumberIsGroupBound() throws Exception {
        settings = new OutboundSettings(DisplayRule.SKILL_GROUP, true, false, false);
        number(1, "008602011110001", List.of());
        number(2, "008602011110002", "inbound", TrunkNumber.ACTIVE, null);
        number(3, "008602011110003", "outbound", TrunkNumber.DISABLED, null);
        assertEquals("008602011110001", pick("008602011110001", null).number());
        refused("inbound-only", LegInfo.CALLER_NUMBER_NOT_ALLOWED, "008602011110002");
        refused("not active", LegInfo.CALLER_NUMBER_NOT_ALLOWED, "008602011110003");
        refused("not a number of the instance", LegInfo.CALLER_NUMBER_NOT_ALLOWED, "008602099999999");
    }

    @Test
    public void aChosenNumberAtItsLimitIsStillTheAgentsChoice() throws Exception {
        // the limit then refuses the call as carrier_error (SPEC §2.2), not as a wrong choice
        settings = new OutboundSettings(DisplayRule.SKILL_GROUP, true, false, false);
        number(1, "008602011110001", List.of(SALES));
        number(2, "008602011110002", List.of(SALES));
        atLimit.add(1L);
        assertEquals("008602011110001", pick("008602011110001", null).number());
    }

    @Test
    public void anUnknownAgentGetsNoNumber() {
        number(1, "008602011110001", List.of());
        try {
            selection.forAgent(INSTANCE, "999", null, CALLEE_GUANGZHOU);
            fail("an unknown agent");
        } catch (CallerNumberSelection.Refusal r) {
            assertEquals(LegInfo.UNKNOWN_AGENT, r.reason);
        }
    }

    // ---- helpers ----

    private TrunkNumber pick(String chosen, String callee) throws CallerNumberSelection.Refusal {
        return selection.forAgent(INSTANCE, SALES_AGENT, chosen, callee);
    }

    /** Every number picked in 200 selections: the random tie-break reaches each preferred number. */
    private Set<String> picks(String chosen, String callee) throws CallerNumberSelection.Refusal {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(pick(chosen, callee).number());
        }
        return seen;
    }

    private void refused(String reason, String chosen) {
        refused("refused", reason, chosen);
    }

    private void refused(String why, String reason, String chosen) {
        try {
            TrunkNumber n = pick(chosen, CALLEE_GUANGZHOU);
            fail(why + ": got " + n.number());
        } catch (CallerNumberSelection.Refusal r) {
            assertEquals(why + ": " + r.getMessage(), reason, r.reason);
            assertTrue(r.getMessage(), !r.getMessage().isBlank());
        }
    }

    private void number(long id, String number, List<Long> groups) {
        numbers.add(trunkNumber(id, number, "inbound_outbound", TrunkNumber.ACTIVE, null, groups));
    }

    private void number(long id, String number, String callType, String status, String location) {
        numbers.add(trunkNumber(id, number, callType, status, location, List.of()));
    }

    private static TrunkNumber trunkNumber(long id, String number, String callType, String status, String location,
                                           List<Long> groups) {
        return new TrunkNumber(id, 1L, INSTANCE, number, false, null, 0, 0, callType, status, location, null, null, null,
                groups, false, null, false, Instant.EPOCH);
    }
}
