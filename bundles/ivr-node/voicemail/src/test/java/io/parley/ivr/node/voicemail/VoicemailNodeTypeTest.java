package io.parley.ivr.node.voicemail;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.Voicemail;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class VoicemailNodeTypeTest {

    private static final Map<String, Object> ASK = Map.of("mode", "tts", "text", "Leave a message after the beep");
    private static final Map<String, Object> THANKS = Map.of("mode", "tts", "text", "Thank you");

    private final VoicemailNodeType node = new VoicemailNodeType();

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("prompt", ASK), kv);
    }

    @Test
    public void voicemailHasOnePortNext() {
        assertEquals(List.of("next"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void voicemailPlaysThePromptThenTheBeepThenRecordsUntilHashForSixtySecondsByDefault() {
        FakeNodeContext call = new FakeNodeContext(params());
        assertEquals("next", node.execute(call));
        assertEquals(3, call.events.size());
        assertEquals(Prompt.tts((String) ASK.get("text")), ((FakeNodeContext.Played) call.events.get(0)).prompt());
        assertEquals("beep", call.events.get(1));
        assertTrue(call.events.get(2) instanceof Voicemail);
        assertEquals(Duration.ofSeconds(60), call.voicemailMaxLength);
        assertEquals(Character.valueOf('#'), call.voicemailEndKey);
    }

    @Test
    public void voicemailWithoutBeepPlaysNoTone() {
        FakeNodeContext call = new FakeNodeContext(params("beep", false));
        node.execute(call);
        assertEquals(0, call.beeps);
    }

    @Test
    public void voicemailRecordsAtMostMaxDuration() {
        FakeNodeContext call = new FakeNodeContext(params("max_duration_s", 600));
        node.execute(call);
        assertEquals(Duration.ofSeconds(600), call.voicemailMaxLength);
    }

    @Test
    public void voicemailRejectsMaxDurationOutside5To600Seconds() {
        assertProblem(node.validate(params("max_duration_s", 4)), "max_duration_s", "must be 5..600");
        assertProblem(node.validate(params("max_duration_s", 601)), "max_duration_s", "must be 5..600");
    }

    @Test
    public void voicemailRequiresAPrompt() {
        Map<String, Object> p = params();
        p.remove("prompt");
        assertProblem(node.validate(p), "prompt", "is required");
    }

    @Test
    public void voicemailPlaysTheEndPromptAfterRecording() {
        FakeNodeContext call = new FakeNodeContext(params("end_prompt", THANKS));
        assertEquals("next", node.execute(call));
        assertEquals(Prompt.tts("Thank you"), call.played.get(call.played.size() - 1).prompt());
    }

    @Test
    public void voicemailPutsTheMessageOnTheTrace() {
        FakeNodeContext call = new FakeNodeContext(params());
        node.execute(call);
        assertEquals("vm-1", call.traces.get(0).get("id"));
        assertEquals("7", call.traces.get(0).get("duration_s"));
    }

    @Test
    public void voicemailKeepsTheMessageAndEndsTheFlowWhenTheCallerHangsUpWhileRecording() {
        FakeNodeContext call = new FakeNodeContext(params("end_prompt", THANKS));
        call.voicemail = new Voicemail("vm-2", Duration.ofSeconds(12), Voicemail.HANG_UP);
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
        assertEquals("vm-2", call.traces.get(0).get("id"));
        assertEquals("no end prompt to a caller who is gone", 1, call.played.size());
    }
}
