package io.parley.ivr.flow;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.GraphProblem;
import java.util.List;
import org.junit.Test;

public class GraphValidatorTest {

    private final FakeNodeTypes types = FakeNodeTypes.standard();
    private final GraphValidator validator = new GraphValidator(types);
    private final FlowJson json = new FlowJson();

    private List<GraphProblem> check(String graph) {
        return validator.validate(json.parseGraph(graph));
    }

    private static String problems(List<GraphProblem> ps) {
        return String.join("\n", ps.stream().map(p -> p.severity() + " " + p.nodeId() + " " + p.field() + ": " + p.rule()).toList());
    }

    @Test
    public void theMenuGraphIsValid() {
        assertEquals("", problems(check(IvrFlowManagerTest.MENU)));
    }

    @Test
    public void aNodeTypeNotInstalledIsAnErrorListingTheInstalledTypes() {
        types.remove("prompt");
        String p = problems(check(IvrFlowManagerTest.MENU));
        assertEquals("error 01HPROMPT00000000000000000 type: node type 'prompt' is not installed; installed types: "
                + "[collect, end, menu, start]", p);
    }

    @Test
    public void startAndEndAreRequiredAndStartIsMainMenu() {
        String p = problems(check("{\"nodes\":[{\"id\":\"s1\",\"type\":\"start\"}],\"edges\":[]}"));
        assertTrue(p, p.contains("error s1 id: the start node's id must be main_menu"));
        assertTrue(p, p.contains("error null nodes: must hold at least one end node"));
        assertTrue(p, p.contains("error s1 ports.next: must be connected to a node"));
        p = problems(check("{\"nodes\":[{\"id\":\"e\",\"type\":\"end\"}],\"edges\":[]}"));
        assertTrue(p, p.contains("must hold exactly one start node, holds 0"));
    }

    @Test
    public void everyRequiredPortIsConnectedOnceToANodeAndOnlyExitsOfTheType() {
        String g = IvrFlowManagerTest.MENU.replace(
                "{\"from_node\":\"01HMENU0000000000000000000\",\"from_port\":\"key:2\",\"to_node\":\"01HPROMPT00000000000000000\"}",
                "{\"from_node\":\"01HMENU0000000000000000000\",\"from_port\":\"key:9\",\"to_node\":\"01HPROMPT00000000000000000\"},"
                        + "{\"from_node\":\"01HMENU0000000000000000000\",\"from_port\":\"key:1\",\"to_node\":\"nowhere\"},"
                        + "{\"from_node\":\"main_menu\",\"from_port\":\"next\",\"to_node\":\"01HEND00000000000000000000\"}");
        String p = problems(check(g));
        assertTrue(p, p.contains("error 01HMENU0000000000000000000 ports.key:9: is not an exit of this menu node; its exits are [key:1, key:2, max_errors]"));
        assertTrue(p, p.contains("error 01HMENU0000000000000000000 ports.key:2: must be connected to a node"));
        assertTrue(p, p.contains("error 01HMENU0000000000000000000 ports.key:1: leads to nowhere, which is no node"));
        assertTrue(p, p.contains("error main_menu ports.next: is connected more than once"));
    }

    @Test
    public void anUnreachableNodeAndAnEndlessLoopAreErrors() {
        // the menu's optional max_errors port counts as a hang-up, so drop it from the type for the loop case
        String g = """
                {"nodes":[
                  {"id":"main_menu","type":"start"},
                  {"id":"a","type":"prompt","params":{"text":"a"}},
                  {"id":"b","type":"prompt","params":{"text":"b"}},
                  {"id":"e","type":"end"},
                  {"id":"lost","type":"end"}],
                 "edges":[
                  {"from_node":"main_menu","from_port":"next","to_node":"a"},
                  {"from_node":"a","from_port":"next","to_node":"b"},
                  {"from_node":"b","from_port":"next","to_node":"a"}]}""";
        String p = problems(check(g));
        assertTrue(p, p.contains("error e id: is not reachable from Start"));
        assertTrue(p, p.contains("error lost id: is not reachable from Start"));
        assertTrue(p, p.contains("error a ports: no path from this node reaches an End or a hang-up (an endless loop)"));
        assertTrue(p, p.contains("error main_menu ports: no path"));
    }

    @Test
    public void aLoopWithAWayOutIsAllowed() {
        // key:2 leads back to the prompt, key:1 to the end
        assertTrue(check(IvrFlowManagerTest.MENU).isEmpty());
    }

    @Test
    public void anUnknownVariableIsAWarningAndACollectedOneBeforeIsKnown() {
        String g = """
                {"nodes":[
                  {"id":"main_menu","type":"start"},
                  {"id":"c","type":"collect","params":{"variable":"Account"}},
                  {"id":"a","type":"prompt","params":{"text":"You typed ${Account}, session ${SystemSessionId}, ${Nope}"}},
                  {"id":"e","type":"end"}],
                 "edges":[
                  {"from_node":"main_menu","from_port":"next","to_node":"c"},
                  {"from_node":"c","from_port":"success","to_node":"a"},
                  {"from_node":"a","from_port":"next","to_node":"e"}]}""";
        List<GraphProblem> ps = check(g);
        assertEquals(1, ps.size());
        assertEquals("warning a params.text: ${Nope} is neither a system variable nor set on a path before this node "
                + "(Number collection, API call)", problems(ps).replace("warning a", "warning a"));
        // the same reference before the collect is unknown
        String early = g.replace("You typed ${Account}, session ${SystemSessionId}, ${Nope}", "ok")
                .replace("\"variable\":\"Account\"}", "\"variable\":\"Account\",\"note\":\"${Account}\"}");
        assertEquals(List.of("c"), check(early).stream().map(GraphProblem::nodeId).toList());
    }
}
