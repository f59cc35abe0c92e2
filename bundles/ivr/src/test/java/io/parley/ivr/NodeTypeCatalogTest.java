package io.parley.ivr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class NodeTypeCatalogTest {

    @Test
    public void typesComeAndGoWithTheirServices() {
        NodeTypeCatalog catalog = new NodeTypeCatalog();
        IvrNodeType prompt = node("prompt");
        IvrNodeType end = node("end");
        catalog.addNodeType(prompt);
        catalog.addNodeType(end);
        assertEquals(Set.of("end", "prompt"), catalog.types());
        catalog.removeNodeType(prompt);
        assertEquals(Set.of("end"), catalog.types());
        assertTrue(catalog.find("prompt").isEmpty());
    }

    @Test
    public void removingAReplacedServiceKeepsItsReplacement() {
        NodeTypeCatalog catalog = new NodeTypeCatalog();
        IvrNodeType v1 = node("say_time");
        IvrNodeType v2 = node("say_time");
        catalog.addNodeType(v1);
        catalog.addNodeType(v2);
        catalog.removeNodeType(v1);
        assertSame(v2, catalog.find("say_time").orElseThrow());
    }

    private static IvrNodeType node(String name) {
        return new IvrNodeType() {
            public String type() {
                return name;
            }

            public String parameterSchema() {
                return "{}";
            }

            public List<String> exits(Map<String, Object> params) {
                return List.of("next");
            }

            public List<ParameterProblem> validate(Map<String, Object> params) {
                return List.of();
            }

            public String execute(NodeContext ctx) {
                return "next";
            }
        };
    }
}
