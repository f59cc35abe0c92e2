package io.parley.ivr.node.api_call;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.ivr.node.testing.FakeNodeContext;
import io.parley.ivr.node.testing.ParamMaps;
import io.parley.ivr.node.testing.ScriptedHttpServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Against a real HTTP server on 127.0.0.1 that answers from a script. */
public class ApiCallNodeTypeTest {

    private final ApiCallNodeType node = new ApiCallNodeType();
    private ScriptedHttpServer server;
    private String url;

    @Before
    public void startServer() throws IOException {
        server = new ScriptedHttpServer();
        url = server.url("/score");
    }

    @After
    public void stopServer() {
        server.close();
    }

    private Map<String, Object> params(Object... kv) {
        return ParamMaps.with(Map.of("url", url,
                "inputs", List.of(Map.of("field", "Callee", "value", "${SystemCalleeNumber}"),
                Map.of("field", "Channel", "value", "ivr")),
                "outputs", List.of(Map.of("field", "Score", "variable", "score", "default", "0"))), kv);
    }

    private FakeNodeContext run(Map<String, Object> params) {
        FakeNodeContext call = new FakeNodeContext(params);
        assertEquals("the flow always goes on to next", "next", node.execute(call));
        return call;
    }

    @Test
    public void apiCallHasOnePortNext() {
        assertEquals(List.of("next"), node.exits(params()));
        assertNoProblems(node.validate(params()));
    }

    @Test
    public void apiCallPostsAFlatJsonObjectOfTheInputsWithVariablesSubstituted() {
        
        server.answer(200, "{\"Score\":\"95\"}");
        run(params());
        assertEquals(List.of("POST /score {\"Callee\":\"0086201234567\",\"Channel\":\"ivr\"}"), server.requests);
        assertEquals("application/json;charset=utf-8", server.contentTypes.get(0));
    }

    @Test
    public void apiCallStoresTheOutputFieldsInVariables() {
        
        server.answer(200, "{\"Score\":\"95\",\"Extra\":\"ignored\"}");
        FakeNodeContext call = run(params());
        assertEquals("95", call.variables.get("score"));
        assertTrue(!call.variables.containsKey("Extra"));
    }

    @Test
    public void apiCallAssignsTheDefaultWhenTheFieldIsMissing() {
        
        server.answer(200, "{\"Other\":\"1\"}");
        FakeNodeContext call = run(params());
        assertEquals("0", call.variables.get("score"));
    }

    @Test
    public void apiCallAssignsDefaultsAndGoesOnWhenTheStatusIsNot2xx() {
        
        server.answer(503, "{\"Score\":\"95\"}");
        FakeNodeContext call = run(params());
        assertEquals("0", call.variables.get("score"));
        assertEquals("failure", call.traces.get(0).get("result"));
        assertTrue(call.traces.get(0).get("failures").contains("status 503"));
    }

    @Test
    public void apiCallTreatsAnAnswerThatIsNotAJsonObjectAsAFailure() {
        server.answer(200, "<html>");
        FakeNodeContext call = run(params());
        assertEquals("0", call.variables.get("score"));
        assertTrue(call.traces.get(0).get("failures").contains("not a JSON object"));
    }

    @Test
    public void apiCallRetriesUntilMaxErrorsFailures() {
        server.answer(500, "").answer(200, "nope").answer(200, "{\"Score\":\"88\"}");
        FakeNodeContext call = run(params("max_errors", 3));
        assertEquals(3, server.requests.size());
        assertEquals("88", call.variables.get("score"));
    }

    @Test
    public void apiCallTriesOnceByDefault() {
        server.answer(500, "");
        server.answer(200, "{\"Score\":\"88\"}");
        FakeNodeContext call = run(params());
        assertEquals(1, server.requests.size());
        assertEquals("0", call.variables.get("score"));
    }

    @Test
    public void apiCallGivesUpAnAttemptAtItsTimeout() {
        server.hang();
        FakeNodeContext call = run(params("timeout_s", 1));
        assertEquals("0", call.variables.get("score"));
        assertTrue(call.traces.get(0).get("failures"), call.traces.get(0).get("failures").contains("timeout"));
    }

    @Test
    public void apiCallGoesOnWhenTheServerIsUnreachable() {
        server.close();
        FakeNodeContext call = run(params("max_errors", 2));
        assertEquals("0", call.variables.get("score"));
        assertTrue(call.traces.get(0).get("failures").contains("I/O error"));
    }

    @Test
    public void apiCallAnOutputWithoutDefaultGetsEmptyOnFailure() {
        server.answer(500, "");
        FakeNodeContext call = run(params("outputs", List.of(Map.of("field", "Score", "variable", "score"))));
        assertEquals("", call.variables.get("score"));
    }

    @Test
    public void apiCallRequiresAnHttpUrl() {
        Map<String, Object> p = params();
        p.remove("url");
        assertProblem(node.validate(p), "url", "is required");
        assertProblem(node.validate(params("url", "ftp://example.com/x")), "url", "http or https URL");
        assertProblem(node.validate(params("url", "not a url")), "url", "http or https URL");
        assertNoProblems(node.validate(params("url", "https://crm.example.com/score?x=1")));
    }

    @Test
    public void apiCallRejectsTimeoutOutside1To30Seconds() {
        assertProblem(node.validate(params("timeout_s", 0)), "timeout_s", "must be 1..30");
        assertProblem(node.validate(params("timeout_s", 31)), "timeout_s", "must be 1..30");
    }

    @Test
    public void apiCallRejectsMaxErrorsOutside1To5() {
        assertProblem(node.validate(params("max_errors", 0)), "max_errors", "must be 1..5");
        assertProblem(node.validate(params("max_errors", 6)), "max_errors", "must be 1..5");
    }

    @Test
    public void apiCallRejectsAnInputFieldSentTwiceOrWithoutValue() {
        assertProblem(node.validate(params("inputs", List.of(Map.of("field", "A", "value", "1"),
                Map.of("field", "A", "value", "2")))), "inputs[1].field", "sent twice");
        assertProblem(node.validate(params("inputs", List.of(Map.of("field", "A")))), "inputs[0].value", "is required");
    }

    @Test
    public void apiCallRejectsAnOutputIntoASystemVariableOrABadName() {
        assertProblem(node.validate(params("outputs", List.of(Map.of("field", "S", "variable", "SystemSessionId")))),
                "outputs[0].variable", "read-only system variable");
        assertProblem(node.validate(params("outputs", List.of(Map.of("field", "S", "variable", "a b")))),
                "outputs[0].variable", "variable name");
    }
}
