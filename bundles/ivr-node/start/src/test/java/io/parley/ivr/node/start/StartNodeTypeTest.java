package io.parley.ivr.node.start;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.IvrNodeType;
import io.parley.ivr.node.testing.FakeNodeContext;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class StartNodeTypeTest {

    private final StartNodeType start = new StartNodeType();

    @Test
    public void startHasNoParamsAndOnePortNext() {
        assertEquals("start", start.type());
        assertEquals(List.of("next"), start.exits(Map.of()));
        assertNoProblems(start.validate(Map.of()));
        assertTrue(start.parameterSchema().contains("\"additionalProperties\" : false"));
    }

    @Test
    public void startRejectsAnyParam() {
        assertProblem(start.validate(Map.of("x", 1)), "x", "unknown parameter");
    }

    @Test
    public void startGoesToNext() {
        assertEquals("next", start.execute(new FakeNodeContext(Map.of())));
    }

    @Test
    public void startEndsTheFlowWhenTheCallerHasHungUp() {
        FakeNodeContext call = new FakeNodeContext(Map.of());
        call.callerHungUp = true;
        assertEquals(IvrNodeType.HANG_UP, start.execute(call));
    }
}
