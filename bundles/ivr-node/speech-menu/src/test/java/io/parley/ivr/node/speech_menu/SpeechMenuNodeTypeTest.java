package io.parley.ivr.node.speech_menu;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.CallerInput;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.api.speech.SpeechRecognizer;
import io.parley.api.speech.WeightedWord;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SpeechMenuNodeTypeTest {

    private static final Map<String, Object> ASK = Map.of("mode", "tts", "text", "Say sales or support");
    private static final Map<String, Object> SILENT = Map.of("mode", "tts", "text", "Sorry, I did not hear you");
    private static final Map<String, Object> NO_MATCH = Map.of("mode", "tts", "text", "Sorry, I did not understand");

    /** Stands for any installed engine: the node only needs to see that one is there. */
    private static final SpeechRecognizer ASR = new SpeechRecognizer() {
        public String engine() {
            return "test";
        }

        public Session open(String language, List<WeightedWord> hotWords) {
            throw new UnsupportedOperationException("the engine's listen() uses the recogniser, not the node");
        }
    };

    private final SpeechMenuNodeType node = new SpeechMenuNodeType();

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("prompt", ASK,
                "branches", List.of(
                Map.of("label", "sales", "keywords", List.of("Sales", "buy"), "key", "1"),
                Map.of("label", "support", "keywords", List.of("support", "help")))), kv);
    }

    private FakeNodeContext withAsr(Map<String, Object> params, CallerInput... answers) {
        node.recognizer = ASR;
        return new FakeNodeContext(params).listens(answers);
    }

    @Test
    public void speechMenuHasOnePortPerBranchAndAnOptionalFallback() {
        assertEquals(List.of("branch:sales", "branch:support", "fallback"), node.exits(params()));
        assertEquals(List.of("fallback"), node.optionalExits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void speechMenuRequiresAtLeastOneBranchWithKeywords() {
        assertProblem(node.validate(params("branches", List.of())), "branches", "at least 1");
        assertProblem(node.validate(params("branches", List.of(Map.of("label", "x", "keywords", List.of())))),
                "branches[0].keywords", "at least 1");
        assertProblem(node.validate(params("branches", List.of(Map.of("label", "x", "keywords", List.of(" "))))),
                "branches[0].keywords[0]", "non-empty");
    }

    @Test
    public void speechMenuRejectsALabelOrKeyUsedTwice() {
        assertProblem(node.validate(params("branches", List.of(Map.of("label", "a", "keywords", List.of("x")),
                Map.of("label", "a", "keywords", List.of("y"))))), "branches[1].label", "used twice");
        assertProblem(node.validate(params("branches", List.of(Map.of("label", "a", "keywords", List.of("x"), "key", "2"),
                Map.of("label", "b", "keywords", List.of("y"), "key", "2")))), "branches[1].key", "used twice");
    }

    @Test
    public void speechMenuRejectsABranchKeyEqualToTheDefaultKey() {
        assertProblem(node.validate(params("branches", List.of(Map.of("label", "a", "keywords", List.of("x"), "key", "*")))),
                "branches[0].key", "default_key");
    }

    @Test
    public void speechMenuRejectsTimeoutOutside1To60Seconds() {
        assertProblem(node.validate(params("timeout_s", 0)), "timeout_s", "must be 1..60");
        assertProblem(node.validate(params("timeout_s", 61)), "timeout_s", "must be 1..60");
    }

    @Test
    public void speechMenuRejectsMaxRetriesOutside1To10() {
        assertProblem(node.validate(params("max_retries", 0)), "max_retries", "must be 1..10");
        assertProblem(node.validate(params("max_retries", 11)), "max_retries", "must be 1..10");
    }

    @Test
    public void speechMenuRejectsADefaultKeyThatIsNotADtmfKey() {
        assertProblem(node.validate(params("default_key", "x")), "default_key", "0-9, * or #");
    }

    @Test
    public void speechMenuMatchesAKeywordAsACaseInsensitiveSubstring() {
        FakeNodeContext call = withAsr(params(), CallerInput.spoke("I would like to talk to SALES please"));
        assertEquals("branch:sales", node.execute(call));
        assertEquals("I would like to talk to SALES please", call.traces.get(0).get("heard"));
    }

    @Test
    public void speechMenuTakesTheFirstMatchingBranchInListOrder() {
        FakeNodeContext call = withAsr(params(), CallerInput.spoke("help me buy something"));
        assertEquals("branch:sales", node.execute(call));
    }

    @Test
    public void speechMenuListensSixtySecondsForTheBranchesKeywordsByDefault() {
        FakeNodeContext call = withAsr(params(), CallerInput.spoke("support"));
        assertEquals("branch:support", node.execute(call));
        assertEquals(Duration.ofSeconds(60), call.listenTimeouts.get(0));
    }

    @Test
    public void speechMenuBranchKeySelectsTheBranch() {
        FakeNodeContext call = withAsr(params(), CallerInput.pressed('1'));
        assertEquals("branch:sales", node.execute(call));
    }

    @Test
    public void speechMenuDefaultKeyGoesToFallbackAtOnce() {
        FakeNodeContext call = withAsr(params(), CallerInput.pressed('*'));
        assertEquals("fallback", node.execute(call));
        assertEquals(1, call.listenTimeouts.size());
    }

    @Test
    public void speechMenuAsksAgainAfterTheTimeoutOrErrorPromptThenFallsBackAfterMaxRetries() {
        FakeNodeContext call = withAsr(params("timeout_prompt", SILENT, "error_prompt", NO_MATCH),
                CallerInput.nothing(), CallerInput.spoke("weather"), CallerInput.nothing());
        assertEquals("fallback", node.execute(call));
        assertEquals(List.of(Prompt.tts("Say sales or support"), Prompt.tts("Sorry, I did not hear you"),
                Prompt.tts("Say sales or support"), Prompt.tts("Sorry, I did not understand"),
                Prompt.tts("Say sales or support")), call.played.stream().map(FakeNodeContext.Played::prompt).toList());
    }

    @Test
    public void speechMenuSucceedsOnALaterAsk() {
        FakeNodeContext call = withAsr(params(), CallerInput.nothing(), CallerInput.spoke("support"));
        assertEquals("branch:support", node.execute(call));
    }

    @Test
    public void speechMenuWithoutARecogniserWarnsButStillWorksByKeys() {
        node.recognizer = null;
        assertNoProblems(node.validate(params()));
        assertTrue(node.warnings(params()).get(0).rule().contains("no speech recogniser is installed"));
        FakeNodeContext call = new FakeNodeContext(params()).keys("1");
        assertEquals("branch:sales", node.execute(call));
        assertTrue("no listen without a recogniser", call.listenTimeouts.isEmpty());
        assertEquals(1, call.collections.get(0).maxDigits());
        node.recognizer = ASR;
        assertTrue(node.warnings(params()).isEmpty());
    }

    @Test
    public void speechMenuWithoutARecogniserFallsBackOnTheDefaultKey() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("*");
        assertEquals("fallback", node.execute(call));
    }

    @Test
    public void speechMenuEndsTheFlowWhenTheCallerHangsUp() {
        FakeNodeContext call = withAsr(params()).callerHangsUpAfter(0);
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
    }
}
