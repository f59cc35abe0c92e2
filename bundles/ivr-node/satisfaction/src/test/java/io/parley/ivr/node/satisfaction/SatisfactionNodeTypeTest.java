package io.parley.ivr.node.satisfaction;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.parley.api.ivr.IvrNodeType;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SatisfactionNodeTypeTest {

    private final SatisfactionNodeType node = new SatisfactionNodeType();

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("prompt", Map.of("mode", "tts", "text", "Press 1 if satisfied, 0 if not"),
                "options", List.of(Map.of("digit", "1", "label", "Satisfied"), Map.of("digit", "0", "label", "Not satisfied"))), kv);
    }

    @Test
    public void satisfactionHasOnePortNext() {
        assertEquals(List.of("next"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void satisfactionStoresTheDigitAndLabelOnTheRecord() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("0");
        assertEquals("next", node.execute(call));
        assertEquals("0", call.satisfactionDigit);
        assertEquals("Not satisfied", call.satisfactionLabel);
    }

    @Test
    public void satisfactionOffersThePromptOnceByDefault() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("", "1");
        assertEquals("next", node.execute(call));
        assertEquals(1, call.collections.size());
        assertNull(call.satisfactionDigit);
    }

    @Test
    public void satisfactionAsksAgainUpToMaxAttemptsOnAMissingOrUnlistedKey() {
        FakeNodeContext call = new FakeNodeContext(params("max_attempts", 3)).keys("", "7", "1");
        assertEquals("next", node.execute(call));
        assertEquals(3, call.collections.size());
        assertEquals("1", call.satisfactionDigit);
    }

    @Test
    public void satisfactionRequiresAtLeastOneOption() {
        assertProblem(node.validate(params("options", List.of())), "options", "at least 1");
        Map<String, Object> p = params();
        p.remove("options");
        assertProblem(node.validate(p), "options", "is required");
    }

    @Test
    public void satisfactionOptionsTakeDigits0To9Only() {
        assertProblem(node.validate(params("options", List.of(Map.of("digit", "#", "label", "x")))),
                "options[0].digit", "one digit 0-9");
    }

    @Test
    public void satisfactionRejectsADigitUsedTwice() {
        assertProblem(node.validate(params("options", List.of(Map.of("digit", "1", "label", "a"),
                Map.of("digit", "1", "label", "b")))), "options[1].digit", "used twice");
    }

    @Test
    public void satisfactionRejectsALabelOver20Characters() {
        assertProblem(node.validate(params("options", List.of(Map.of("digit", "1", "label", "x".repeat(21))))),
                "options[0].label", "at most 20");
        assertProblem(node.validate(params("options", List.of(Map.of("digit", "1")))), "options[0].label", "is required");
    }

    @Test
    public void satisfactionRejectsMaxAttemptsOutside1To5() {
        assertProblem(node.validate(params("max_attempts", 0)), "max_attempts", "must be 1..5");
        assertProblem(node.validate(params("max_attempts", 6)), "max_attempts", "must be 1..5");
    }

    @Test
    public void satisfactionRequiresAPrompt() {
        Map<String, Object> p = params();
        p.remove("prompt");
        assertProblem(node.validate(p), "prompt", "is required");
    }

    @Test
    public void satisfactionEndsTheFlowWhenTheCallerHangsUp() {
        FakeNodeContext call = new FakeNodeContext(params()).callerHangsUpAfter(0);
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
    }
}
