package io.parley.ivr.node.to_external;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.ivr.node.testing.FakeFlowReferences;
import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import io.parley.ivr.node.testing.ScriptedHttpServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class ToExternalNodeTypeTest {

    private static final TransferOutcome ENDED = new TransferOutcome(true, TransferOutcome.AGENT_HUNG_UP, "008613900000000");

    private final ToExternalNodeType node = new ToExternalNodeType();
    private ScriptedHttpServer server;

    @Before
    public void startServer() throws IOException {
        server = new ScriptedHttpServer();
    }

    @After
    public void stopServer() {
        server.close();
    }

    private static Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("caller_number", "0086201234567",
                "contact_number", "008613900000000"), kv);
    }

    /** The callback over plain http to the local test server; the node only accepts https on save. */
    private Map<String, Object> callbackParams() {
        return params("number_source", "callback", "callback_url", server.url("/numbers"));
    }

    @Test
    public void toExternalHasOnePortNext() {
        assertEquals(List.of("next"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void toExternalCallsTheSpecifiedNumberWithSystemHoldMusicByDefault() {
        FakeNodeContext call = new FakeNodeContext(params()).transfersEnd(ENDED);
        assertEquals("next", node.execute(call));
        assertEquals(new TransferTarget.ExternalNumber("008613900000000", "0086201234567"), call.transfers.get(0).target());
        assertNull("null = system hold music", call.transfers.get(0).whileWaiting());
    }

    @Test
    public void toExternalPlaysItsPromptWhileTheExternalLegRings() {
        FakeNodeContext call = new FakeNodeContext(params("prompt", Map.of("text", "Connecting you")))
                .transfersEnd(ENDED);
        node.execute(call);
        assertEquals(Prompt.tts("Connecting you"), call.transfers.get(0).whileWaiting());
        assertNoProblems(node.validate(params("prompt", "system_hold_music")));
    }

    @Test
    public void toExternalSetsTheRecordStatusExternalTransfer() {
        FakeNodeContext call = new FakeNodeContext(params()).transfersEnd(ENDED);
        node.execute(call);
        assertEquals("external_transfer", call.status);
    }

    @Test
    public void toExternalRequiresCallerAndContactNumbers() {
        assertProblem(node.validate(Map.of()), "caller_number", "is required");
        assertProblem(node.validate(Map.of()), "contact_number", "is required");
        assertProblem(node.validate(params("contact_number", "call me")), "contact_number", "phone number");
    }

    @Test
    public void toExternalRejectsACallerNumberThatIsNotAnOutboundInstanceNumber() {
        FakeFlowReferences refs = new FakeFlowReferences();
        refs.outboundNumbers.add("0086201111111");
        assertProblem(node.validate(params(), refs), "caller_number", "outbound capability");
        assertNoProblems(node.validate(params("caller_number", "0086201111111"), refs));
    }

    @Test
    public void toExternalCallbackRequiresAnHttpsUrl() {
        assertProblem(node.validate(params("number_source", "callback")), "callback_url", "is required");
        assertProblem(node.validate(params("number_source", "callback", "callback_url", "http://crm.example.com/n")),
                "callback_url", "https URL");
        assertNoProblems(node.validate(params("number_source", "callback", "callback_url", "https://crm.example.com/n")));
    }

    @Test
    public void toExternalRejectsAnUnknownNumberSource() {
        assertProblem(node.validate(params("number_source", "random")), "number_source", "specified, callback");
    }

    @Test
    public void toExternalCallbackChoosesBothNumbers() {
        server.answer(200, "{\"ErrCode\":0,\"CallerNumber\":\"0086202222222\",\"ContactNumber\":\"008613700000000\"}");
        FakeNodeContext call = new FakeNodeContext(callbackParams()).transfersEnd(ENDED);
        assertEquals("next", node.execute(call));
        assertEquals(new TransferTarget.ExternalNumber("008613700000000", "0086202222222"), call.transfers.get(0).target());
        assertEquals("POST /numbers {\"SessionId\":\"s-1\",\"Caller\":\"008613800000001\","
                + "\"Callee\":\"0086201234567\",\"SdkAppId\":1000001}", server.requests.get(0));
    }

    @Test
    public void toExternalCallbackFailureUsesTheConfiguredNumbers() {
        server.answer(500, "");
        FakeNodeContext call = new FakeNodeContext(callbackParams()).transfersEnd(ENDED);
        node.execute(call);
        assertEquals(new TransferTarget.ExternalNumber("008613900000000", "0086201234567"), call.transfers.get(0).target());
    }

    @Test
    public void toExternalCallbackWithANonZeroErrCodeIsIgnored() {
        server.answer(200, "{\"ErrCode\":7,\"CallerNumber\":\"0086202222222\",\"ContactNumber\":\"008613700000000\"}");
        FakeNodeContext call = new FakeNodeContext(callbackParams()).transfersEnd(ENDED);
        node.execute(call);
        assertEquals(new TransferTarget.ExternalNumber("008613900000000", "0086201234567"), call.transfers.get(0).target());
        assertTrue(call.traces.get(0).get("reason").contains("ErrCode 7"));
    }

    @Test
    public void toExternalEndsTheFlowWhenTheCallerHangsUpDuringTheExternalLeg() {
        FakeNodeContext call = new FakeNodeContext(params())
                .transfersEnd(new TransferOutcome(true, TransferOutcome.CALLER_HUNG_UP, null));
        assertEquals(IvrNodeType.HANG_UP, node.execute(call));
    }

    @Test
    public void toExternalGoesOnAtNextWhenTheExternalNumberDoesNotAnswer() {
        FakeNodeContext call = new FakeNodeContext(params())
                .transfersEnd(new TransferOutcome(false, TransferOutcome.NO_ANSWER, null));
        assertEquals("next", node.execute(call));
    }
}
