package io.parley.ivr.node.prompt;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.ivr.node.testing.FakeFlowReferences;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PromptNodeTypeTest {

    private final PromptNodeType node = new PromptNodeType();

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("prompt", Map.of("mode", "tts", "text", "Welcome to ${Company}")), kv);
    }

    @Test
    public void promptHasOnePortNext() {
        assertEquals(List.of("next"), node.exits(params()));
    }

    @Test
    public void promptDefaultsToInterruptibleAndPlayedOnce() {
        FakeNodeContext call = new FakeNodeContext(params());
        assertEquals("next", node.execute(call));
        assertEquals(1, call.played.size());
        assertEquals(Prompt.tts("Welcome to ${Company}"), call.played.get(0).prompt());
        assertEquals(1, call.played.get(0).times());
        assertTrue(call.played.get(0).interruptible());
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void promptIsRequired() {
        Map<String, Object> p = params();
        p.remove("prompt");
        assertProblem(node.validate(p), "prompt", "is required");
    }

    @Test
    public void promptRejectsPlayCountOutside1To10() {
        assertProblem(node.validate(params("play_count", 0)), "play_count", "must be 1..10");
        assertProblem(node.validate(params("play_count", 11)), "play_count", "must be 1..10");
        assertProblem(node.validate(params("play_count", "3")), "play_count", "must be an integer");
        assertNoProblems(node.validate(params("play_count", 10)));
    }

    @Test
    public void promptLoopsPlayCountTimes() {
        FakeNodeContext call = new FakeNodeContext(params("play_count", 3, "interruptible", false));
        node.execute(call);
        assertEquals(3, call.played.get(0).times());
        assertFalse(call.played.get(0).interruptible());
    }

    @Test
    public void promptRejectsTtsTextOver600Characters() {
        assertProblem(node.validate(params("prompt", Map.of("mode", "tts", "text", "x".repeat(601)))),
                "prompt.text", "at most 600");
        assertNoProblems(node.validate(params("prompt", Map.of("mode", "tts", "text", "x".repeat(600)))));
    }

    @Test
    public void promptRejectsAudioModeWithoutAudioId() {
        assertProblem(node.validate(params("prompt", Map.of("mode", "audio"))), "prompt.audio_id", "is required");
    }

    @Test
    public void promptRejectsAnUnknownMode() {
        assertProblem(node.validate(params("prompt", Map.of("mode", "video", "text", "x"))), "prompt.mode",
                "must be one of tts, audio");
    }

    @Test
    public void promptRejectsAnAudioFileThatIsNotApproved() {
        FakeFlowReferences refs = new FakeFlowReferences();
        refs.approvedAudio.add("a-ok");
        assertProblem(node.validate(params("prompt", Map.of("mode", "audio", "audio_id", "a-pending")), refs),
                "prompt.audio_id", "not approved");
        assertNoProblems(node.validate(params("prompt", Map.of("mode", "audio", "audio_id", "a-ok")), refs));
    }

    @Test
    public void promptRejectsAnUnknownParameter() {
        assertProblem(node.validate(params("play_cuont", 2)), "play_cuont", "unknown parameter");
    }

    @Test
    public void promptPassesAnInterruptingKeyOnToTheNextInputNode() {
        FakeNodeContext call = new FakeNodeContext(params()).interrupts('5');
        assertEquals("next", node.execute(call));
        assertEquals(List.of('5'), call.passedOnKeys);
    }

    @Test
    public void promptPlaysTheApprovedAudioTheDynamicVariableNames() {
        FakeNodeContext call = new FakeNodeContext(params("dynamic_audio_var", "${Greeting}"));
        call.variables.put("Greeting", "a-42");
        call.approvedAudio.add("a-42");
        node.execute(call);
        assertEquals(Prompt.audio("a-42"), call.played.get(0).prompt());
    }

    @Test
    public void promptFallsBackToItsPromptWhenTheDynamicAudioIsUnknownOrEmpty() {
        FakeNodeContext unknown = new FakeNodeContext(params("dynamic_audio_var", "Greeting"));
        unknown.variables.put("Greeting", "a-missing");
        node.execute(unknown);
        assertEquals(Prompt.tts("Welcome to ${Company}"), unknown.played.get(0).prompt());

        FakeNodeContext unset = new FakeNodeContext(params("dynamic_audio_var", "Greeting"));
        node.execute(unset);
        assertEquals(Prompt.tts("Welcome to ${Company}"), unset.played.get(0).prompt());
    }

    @Test
    public void promptRejectsADynamicAudioVarThatIsNotAVariableName() {
        assertProblem(node.validate(params("dynamic_audio_var", "1abc")), "dynamic_audio_var", "variable name");
    }

    @Test
    public void promptEndsTheFlowWhenTheCallerHangsUpDuringPlayback() {
        FakeNodeContext call = new FakeNodeContext(params());
        call.callerHungUp = true;
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
    }
}
