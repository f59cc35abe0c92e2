package io.parley.ivr.node.common;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.Prompt;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ParamsTest {

    private static final Param.Int TIMEOUT_S = new Param.Int("timeout_s", 5, 1, 60, "");
    private static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", true, false, "");
    private static final Param.PromptObject HOLD = new Param.PromptObject("prompt", false, true, "");

    @Test
    public void aMissingIntegerTakesItsDefault() {
        Params p = new Params(Map.of());
        assertEquals(5, p.get(TIMEOUT_S));
        assertNoProblems(p.problems());
    }

    @Test
    public void anIntegralJsonNumberIsAnInteger() {
        assertEquals(7, new Params(Map.of("timeout_s", 7.0)).get(TIMEOUT_S));
        Params half = new Params(Map.of("timeout_s", 7.5));
        assertEquals("a broken value falls back to the default", 5, half.get(TIMEOUT_S));
        assertProblem(half.problems(), "timeout_s", "must be an integer");
    }

    @Test
    public void promptModeDefaultsToTts() {
        Params p = new Params(Map.of("prompt", Map.of("text", "Hello ${Name}", "voice", "en-US/voice1")));
        assertEquals(new Prompt(Prompt.Mode.TTS, "Hello ${Name}", "en-US/voice1", null), p.get(PROMPT).orElseThrow());
    }

    @Test
    public void ttsPromptRequiresText() {
        Params p = new Params(Map.of("prompt", Map.of("mode", "tts")));
        p.get(PROMPT);
        assertProblem(p.problems(), "prompt.text", "is required");
    }

    @Test
    public void promptMustBeAnObject() {
        Params p = new Params(Map.of("prompt", "hello"));
        p.get(PROMPT);
        assertProblem(p.problems(), "prompt", "must be an object");
    }

    @Test
    public void systemHoldMusicIsAcceptedOnlyWhereAllowed() {
        Params allowed = new Params(Map.of("prompt", Prompts.SYSTEM_HOLD_MUSIC));
        assertTrue(allowed.get(HOLD).isEmpty());
        assertNoProblems(allowed.problems());
        Params refused = new Params(Map.of("prompt", Prompts.SYSTEM_HOLD_MUSIC));
        refused.get(PROMPT);
        assertProblem(refused.problems(), "prompt", "must be an object");
    }

    @Test
    public void unknownParametersAreReportedWithTheirPathAlsoInsideNestedObjects() {
        Params p = new Params(Map.of("prompt", Map.of("text", "x", "colour", "red"), "timeuot_s", 3));
        p.get(PROMPT);
        p.get(TIMEOUT_S);
        p.rejectUnknown();
        assertProblem(p.problems(), "prompt.colour", "unknown parameter");
        assertProblem(p.problems(), "timeuot_s", "unknown parameter");
    }

    @Test
    public void audioPromptsAreCollectedForTheApprovedCheck() {
        Params p = new Params(Map.of("prompt", Map.of("mode", "audio", "audio_id", "a-1")));
        p.get(PROMPT);
        assertEquals(Map.of("prompt.audio_id", "a-1"), p.audioReferences());
    }

    @Test
    public void theSchemaCarriesDefaultsAndLimitsFromTheDeclarations() {
        String schema = NodeSchema.of("t", List.of(TIMEOUT_S, PROMPT));
        assertTrue(schema, schema.contains("\"minimum\" : 1") && schema.contains("\"maximum\" : 60")
                && schema.contains("\"default\" : 5") && schema.contains("\"required\" : [ \"prompt\" ]"));
    }

    @Test
    public void flatJsonReadsNumbersAsTheirText() {
        assertEquals(Map.of("Score", "95", "Name", "x"), FlatJson.object("{\"Score\":95,\"Name\":\"x\"}").orElseThrow());
        assertTrue(FlatJson.object("[1]").isEmpty());
        assertTrue(FlatJson.object("{").isEmpty());
    }
}
