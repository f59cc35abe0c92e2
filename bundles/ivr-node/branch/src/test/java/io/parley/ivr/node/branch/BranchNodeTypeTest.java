package io.parley.ivr.node.branch;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BranchNodeTypeTest {

    private static final Map<String, Object> MENU = Map.of("mode", "tts", "text", "Press one for sales, two for support");
    private static final Map<String, Object> TIMEOUT = Map.of("mode", "tts", "text", "We did not get your choice");
    private static final Map<String, Object> ERROR = Map.of("mode", "tts", "text", "That is not an option");
    private static final String NODE_A = "01FN8J6WZ984WR9PP4ZZTC8YXS";
    private static final String NODE_B = "01FN8J92EH5HP4SBS5W4MXZD0J";

    private final BranchNodeType node = new BranchNodeType();

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("prompt", MENU,
                "keys", List.of(Map.of("digit", "1", "label", "Sales"), Map.of("digit", "2", "label", "Support"))), kv);
    }

    @Test
    public void branchHasOnePortPerKey() {
        assertEquals(List.of("key:1", "key:2"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void branchHasAMaxErrorsPortOnlyWithOnMaxErrorsGoto() {
        assertEquals(List.of("key:1", "key:2", "max_errors"), node.exits(params("on_max_errors", "goto")));
        assertFalse(node.exits(params("on_max_errors", "hangup")).contains("max_errors"));
    }

    @Test
    public void branchRequiresAtLeastOneKeyUnlessDynamic() {
        assertProblem(node.validate(params("keys", List.of())), "keys", "at least 1");
        assertNoProblems(node.validate(params("keys", List.of(), "dynamic_branch", true, "dynamic_branch_var", "Entries")));
    }

    @Test
    public void branchRejectsAKeyThatIsNotADigitStarOrHash() {
        assertProblem(node.validate(params("keys", List.of(Map.of("digit", "A")))), "keys[0].digit", "0-9, * or #");
        assertProblem(node.validate(params("keys", List.of(Map.of("digit", "12")))), "keys[0].digit", "0-9, * or #");
        assertNoProblems(node.validate(params("keys", List.of(Map.of("digit", "*"), Map.of("digit", "#")))));
    }

    @Test
    public void branchRejectsADigitUsedTwice() {
        assertProblem(node.validate(params("keys", List.of(Map.of("digit", "1"), Map.of("digit", "1")))),
                "keys[1].digit", "used twice");
    }

    @Test
    public void branchRejectsALabelUsedTwice() {
        assertProblem(node.validate(params("keys", List.of(Map.of("digit", "1", "label", "A"),
                Map.of("digit", "2", "label", "A")))), "keys[1].label", "used twice");
    }

    @Test
    public void branchRejectsALabelOver30Characters() {
        assertProblem(node.validate(params("keys", List.of(Map.of("digit", "1", "label", "x".repeat(31))))),
                "keys[0].label", "at most 30");
    }

    @Test
    public void branchRequiresAPrompt() {
        Map<String, Object> p = params();
        p.remove("prompt");
        assertProblem(node.validate(p), "prompt", "is required");
    }

    @Test
    public void branchRejectsTimeoutAbove60Seconds() {
        assertProblem(node.validate(params("timeout_s", 61)), "timeout_s", "must be 1..60");
        assertProblem(node.validate(params("timeout_s", 0)), "timeout_s", "must be 1..60");
        assertNoProblems(node.validate(params("timeout_s", 60)));
    }

    @Test
    public void branchRejectsMaxErrorsOutside1To10() {
        assertProblem(node.validate(params("max_errors", 0)), "max_errors", "must be 1..10");
        assertProblem(node.validate(params("max_errors", 11)), "max_errors", "must be 1..10");
    }

    @Test
    public void branchRejectsAnUnknownOnMaxErrors() {
        assertProblem(node.validate(params("on_max_errors", "repeat")), "on_max_errors", "hangup, goto");
    }

    @Test
    public void branchRequiresTheVariableWhenDynamic() {
        assertProblem(node.validate(params("dynamic_branch", true)), "dynamic_branch_var", "required");
    }

    @Test
    public void branchWaitsFiveSecondsForOneKeyByDefault() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("1");
        assertEquals("key:1", node.execute(call));
        assertEquals(1, call.collections.get(0).maxDigits());
        assertEquals(Duration.ofSeconds(5), call.collections.get(0).firstDigitTimeout());
        assertEquals(Prompt.tts("Press one for sales, two for support"), call.played.get(0).prompt());
    }

    @Test
    public void branchWritesTheKeyAndLabelToTheRecord() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("2");
        assertEquals("key:2", node.execute(call));
        assertEquals("2", call.traces.get(0).get("digit"));
        assertEquals("Support", call.traces.get(0).get("label"));
    }

    @Test
    public void branchReplaysTheMenuAfterTheTimeoutPromptAndAWrongKeyAfterTheErrorPrompt() {
        FakeNodeContext call = new FakeNodeContext(params("timeout_prompt", TIMEOUT, "error_prompt", ERROR))
                .keys("", "9", "1");
        assertEquals("key:1", node.execute(call));
        List<Prompt> heard = call.played.stream().map(FakeNodeContext.Played::prompt).toList();
        assertEquals(List.of(Prompt.tts((String) MENU.get("text")), Prompt.tts((String) TIMEOUT.get("text")),
                Prompt.tts((String) MENU.get("text")), Prompt.tts((String) ERROR.get("text")),
                Prompt.tts((String) MENU.get("text"))), heard);
    }

    @Test
    public void branchHangsUpAfterThreeErrorsByDefault() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("", "7", "");
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
        assertTrue(call.hungUp);
        assertEquals("timeouts and wrong keys both count", 3, call.collections.size());
    }

    @Test
    public void branchFollowsTheMaxErrorsPortWithGoto() {
        FakeNodeContext call = new FakeNodeContext(params("on_max_errors", "goto", "max_errors", 1)).keys("5");
        assertEquals("max_errors", node.execute(call));
        assertFalse(call.hungUp);
    }

    @Test
    public void branchTakesAKeyPressedOverTheErrorPromptAsTheAnswer() {
        FakeNodeContext call = new FakeNodeContext(params("error_prompt", ERROR)).keys("9").interrupts('2');
        assertEquals("key:2", node.execute(call));
        assertEquals(1, call.collections.size());
    }

    @Test
    public void branchEndsTheFlowWhenTheCallerHangsUp() {
        FakeNodeContext call = new FakeNodeContext(params()).callerHangsUpAfter(0);
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
        assertFalse("the caller hung up; the node does not", call.hungUp);
    }

    private static String entries(String nextA, String nextB) {
        return "[{\"digits\":\"1\",\"next\":\"" + nextA + "\",\"label\":\"Consultation\",\"name\":\"120b5ad2\"},"
                + "{\"digits\":\"2\",\"next\":\"" + nextB + "\",\"lable\":\"Purchase\",\"name\":\"4ac833b5\"}]";
    }

    @Test
    public void dynamicBranchJumpsToTheNodeTheEntryNames() {
        FakeNodeContext call = new FakeNodeContext(params("dynamic_branch", true, "dynamic_branch_var", "${Entries}"))
                .keys("2");
        call.variables.put("Entries", entries(NODE_A, NODE_B));
        call.nodes.addAll(List.of(NODE_A, NODE_B));
        assertEquals(IvrNodeType.GOTO_PREFIX + NODE_B, node.execute(call));
        assertEquals("Purchase", call.traces.get(0).get("label"));
        assertEquals("4ac833b5", call.traces.get(0).get("name"));
    }

    @Test
    public void dynamicBranchEntriesReplaceTheStaticKeys() {
        FakeNodeContext call = new FakeNodeContext(params("dynamic_branch", true, "dynamic_branch_var", "Entries",
                "keys", List.of(Map.of("digit", "3")), "max_errors", 1)).keys("3");
        call.variables.put("Entries", entries(NODE_A, NODE_B));
        call.nodes.addAll(List.of(NODE_A, NODE_B));
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
    }

    @Test
    public void dynamicBranchWithInvalidJsonFallsBackToTheStaticKeys() {
        FakeNodeContext call = new FakeNodeContext(params("dynamic_branch", true, "dynamic_branch_var", "Entries"))
                .keys("1");
        call.variables.put("Entries", "[{\"digits\":\"1\",");
        assertEquals("key:1", node.execute(call));
    }

    @Test
    public void dynamicBranchWithANextThatIsNotANodeFallsBackToTheStaticKeys() {
        FakeNodeContext call = new FakeNodeContext(params("dynamic_branch", true, "dynamic_branch_var", "Entries"))
                .keys("2");
        call.variables.put("Entries", entries(NODE_A, "01NOTANODE0000000000000000"));
        call.nodes.add(NODE_A);
        assertEquals("key:2", node.execute(call));
    }

    @Test
    public void dynamicBranchWithNoStaticKeysFollowsMaxErrorsWhenItsJsonIsInvalid() {
        FakeNodeContext call = new FakeNodeContext(params("dynamic_branch", true, "dynamic_branch_var", "Entries",
                "keys", List.of(), "on_max_errors", "goto"));
        call.variables.put("Entries", "not json");
        assertEquals("max_errors", node.execute(call));
        assertTrue("no menu to offer, so nothing is collected", call.collections.isEmpty());
    }
}
