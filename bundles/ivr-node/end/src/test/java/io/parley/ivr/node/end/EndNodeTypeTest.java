package io.parley.ivr.node.end;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.IvrNodeType;
import io.parley.ivr.node.testing.FakeNodeContext;
import java.util.Map;
import org.junit.Test;

public class EndNodeTypeTest {

    private final EndNodeType end = new EndNodeType();

    @Test
    public void endHasNoParamsAndNoPorts() {
        assertEquals("end", end.type());
        assertTrue(end.exits(Map.of()).isEmpty());
        assertNoProblems(end.validate(Map.of()));
    }

    @Test
    public void endRejectsAnyParam() {
        assertProblem(end.validate(Map.of("label", "x")), "label", "unknown parameter");
    }

    @Test
    public void endEndsTheFlowAndLeavesReleasingTheCallToTheEngine() {
        FakeNodeContext call = new FakeNodeContext(Map.of());
        assertEquals(IvrNodeType.END_FLOW, end.execute(call));
        assertFalse("self-service End hands the customer back, so End itself never hangs up", call.hungUp);
    }
}
