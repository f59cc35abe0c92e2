package io.parley.ivr.node.collect;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CollectNodeTypeTest {

    private static final Map<String, Object> ASK = Map.of("mode", "tts", "text", "Key your account number, then hash");
    private static final Map<String, Object> AGAIN = Map.of("mode", "tts", "text", "We did not get it");

    private final CollectNodeType node = new CollectNodeType();

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("variable", "Account",
                "prompt", ASK), kv);
    }

    @Test
    public void collectHasPortsSuccessAndFailure() {
        assertEquals(List.of("success", "failure"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void collectRequiresAVariableAndAPrompt() {
        Map<String, Object> p = params();
        p.remove("variable");
        p.remove("prompt");
        assertProblem(node.validate(p), "variable", "is required");
        assertProblem(node.validate(p), "prompt", "is required");
    }

    @Test
    public void collectRejectsAVariableNameThatBreaksThePattern() {
        assertProblem(node.validate(params("variable", "9lives")), "variable", "variable name");
        assertProblem(node.validate(params("variable", "a".repeat(33))), "variable", "");
        assertProblem(node.validate(params("variable", "has-dash")), "variable", "variable name");
        assertNoProblems(node.validate(params("variable", "_" + "a".repeat(31))));
    }

    @Test
    public void collectRejectsASystemVariable() {
        assertProblem(node.validate(params("variable", "SystemCallerNumber")), "variable", "read-only system variable");
    }

    @Test
    public void collectRejectsTimeoutOutside1To60Seconds() {
        assertProblem(node.validate(params("timeout_s", 0)), "timeout_s", "must be 1..60");
        assertProblem(node.validate(params("timeout_s", 61)), "timeout_s", "must be 1..60");
    }

    @Test
    public void collectRejectsMaxRetriesOutside0To10() {
        assertProblem(node.validate(params("max_retries", -1)), "max_retries", "must be 0..10");
        assertProblem(node.validate(params("max_retries", 11)), "max_retries", "must be 0..10");
        assertNoProblems(node.validate(params("max_retries", 0)));
    }

    @Test
    public void collectAcceptsOnlyHashAsEndKey() {
        assertProblem(node.validate(params("end_key", "*")), "end_key", "must be one of #");
    }

    @Test
    public void collectRejectsMaxDigitsOutside1To64() {
        assertProblem(node.validate(params("max_digits", 0)), "max_digits", "must be 1..64");
        assertProblem(node.validate(params("max_digits", 65)), "max_digits", "must be 1..64");
        assertNoProblems(node.validate(params("max_digits", 64)));
    }

    @Test
    public void collectDefaultsToTenSecondsHashAnd32Digits() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("12345");
        node.execute(call);
        assertEquals(new DigitCollection(32, '#', Duration.ofSeconds(10), Duration.ofSeconds(10)), call.collections.get(0));
    }

    @Test
    public void collectStoresTheDigitsInTheVariableAndFollowsSuccess() {
        FakeNodeContext call = new FakeNodeContext(params("max_digits", 8, "timeout_s", 4)).keys("12*45");
        assertEquals("success", node.execute(call));
        assertEquals("12*45", call.variables.get("Account"));
        assertEquals(new DigitCollection(8, '#', Duration.ofSeconds(4), Duration.ofSeconds(4)), call.collections.get(0));
    }

    @Test
    public void collectMasksTheDigitsInTheTrace() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("4711");
        node.execute(call);
        assertEquals("****", call.traces.get(0).get("digits"));
        assertFalse(call.traces.toString().contains("4711"));
    }

    @Test
    public void collectRetriesOnceAfterATimeoutByDefaultThenFollowsFailure() {
        FakeNodeContext call = new FakeNodeContext(params("timeout_prompt", AGAIN));
        assertEquals("failure", node.execute(call));
        assertEquals(2, call.collections.size());
        assertEquals(List.of(Prompt.tts((String) ASK.get("text")), Prompt.tts((String) AGAIN.get("text")),
                Prompt.tts((String) ASK.get("text"))), call.played.stream().map(FakeNodeContext.Played::prompt).toList());
        assertNull(call.variables.get("Account"));
    }

    @Test
    public void collectWithNoRetriesFailsOnTheFirstTimeout() {
        FakeNodeContext call = new FakeNodeContext(params("max_retries", 0));
        assertEquals("failure", node.execute(call));
        assertEquals(1, call.collections.size());
    }

    @Test
    public void collectSucceedsOnARetry() {
        FakeNodeContext call = new FakeNodeContext(params("max_retries", 3)).keys("", "", "77");
        assertEquals("success", node.execute(call));
        assertEquals("77", call.variables.get("Account"));
    }

    @Test
    public void collectEndsTheFlowWhenTheCallerHangsUp() {
        FakeNodeContext call = new FakeNodeContext(params()).callerHangsUpAfter(0);
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
    }
}
