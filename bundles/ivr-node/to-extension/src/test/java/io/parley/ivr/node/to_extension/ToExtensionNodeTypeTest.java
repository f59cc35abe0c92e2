package io.parley.ivr.node.to_extension;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.DigitCollection;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ToExtensionNodeTypeTest {

    private static final Map<String, Object> ERROR = Map.of("mode", "tts", "text", "No such extension");
    private static final TransferOutcome HUNG_UP_BY_EXTENSION =
            new TransferOutcome(true, TransferOutcome.AGENT_HUNG_UP, "8001");
    private static final TransferOutcome UNKNOWN = new TransferOutcome(false, TransferOutcome.UNKNOWN_TARGET, null);

    private final ToExtensionNodeType node = new ToExtensionNodeType();

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("prompt", Map.of("mode", "tts", "text", "Key the extension")), kv);
    }

    @Test
    public void toExtensionHasOnePortNext() {
        assertEquals(List.of("next"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void toExtensionCollectsFourDigitsInTenSecondsByDefaultAndPutsTheCallerThrough() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("8001").transfersEnd(HUNG_UP_BY_EXTENSION);
        assertEquals("next", node.execute(call));
        assertEquals(new DigitCollection(4, (char) 0, Duration.ofSeconds(10), Duration.ofSeconds(10)),
                call.collections.get(0));
        assertEquals(new TransferTarget.Extension("8001"), call.transfers.get(0).target());
    }

    @Test
    public void toExtensionCompletesInputAtTheExtensionLength() {
        FakeNodeContext call = new FakeNodeContext(params("extension_length", 6, "timeout_s", 3)).keys("800123")
                .transfersEnd(HUNG_UP_BY_EXTENSION);
        node.execute(call);
        assertEquals(6, call.collections.get(0).maxDigits());
        assertEquals(Duration.ofSeconds(3), call.collections.get(0).firstDigitTimeout());
    }

    @Test
    public void toExtensionRejectsExtensionLengthOutside4To6() {
        assertProblem(node.validate(params("extension_length", 3)), "extension_length", "must be 4..6");
        assertProblem(node.validate(params("extension_length", 7)), "extension_length", "must be 4..6");
    }

    @Test
    public void toExtensionRejectsTimeoutOutside1To60Seconds() {
        assertProblem(node.validate(params("timeout_s", 0)), "timeout_s", "must be 1..60");
        assertProblem(node.validate(params("timeout_s", 61)), "timeout_s", "must be 1..60");
    }

    @Test
    public void toExtensionRejectsNegativeMaxRetries() {
        assertProblem(node.validate(params("max_retries", -1)), "max_retries", "must be 0..10");
    }

    @Test
    public void toExtensionRequiresAPrompt() {
        Map<String, Object> p = params();
        p.remove("prompt");
        assertProblem(node.validate(p), "prompt", "is required");
    }

    @Test
    public void toExtensionRetriesAnUnknownExtensionAfterTheErrorPrompt() {
        FakeNodeContext call = new FakeNodeContext(params("error_prompt", ERROR)).keys("9999", "8001")
                .transfersEnd(UNKNOWN, HUNG_UP_BY_EXTENSION);
        assertEquals("next", node.execute(call));
        assertEquals(2, call.transfers.size());
        assertTrue(call.played.stream().anyMatch(p -> p.prompt().equals(Prompt.tts("No such extension"))));
    }

    @Test
    public void toExtensionRetriesAShortEntryWithoutRinging() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("80", "8001").transfersEnd(HUNG_UP_BY_EXTENSION);
        assertEquals("next", node.execute(call));
        assertEquals(1, call.transfers.size());
    }

    @Test
    public void toExtensionEndsTheCallWhenRetriesAreUsedUp() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("9999", "9998").transfersEnd(UNKNOWN, UNKNOWN);
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
        assertTrue(call.hungUp);
        assertEquals("one try and max_retries=1 retry", 2, call.collections.size());
    }

    @Test
    public void toExtensionGoesOnAtNextWhenTheExtensionDoesNotAnswer() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("8001")
                .transfersEnd(new TransferOutcome(false, TransferOutcome.NO_ANSWER, null));
        assertEquals("next", node.execute(call));
        assertFalse(call.hungUp);
    }

    @Test
    public void toExtensionEndsTheFlowWhenTheCallerHangsUpDuringTheInternalLeg() {
        FakeNodeContext call = new FakeNodeContext(params()).keys("8001")
                .transfersEnd(new TransferOutcome(true, TransferOutcome.CALLER_HUNG_UP, "8001"));
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
    }
}
