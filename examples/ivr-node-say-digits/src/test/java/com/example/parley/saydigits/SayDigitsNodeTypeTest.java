package com.example.parley.saydigits;

import static org.junit.Assert.assertEquals;

import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import io.parley.api.ivr.Prompt;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class SayDigitsNodeTypeTest {

    private final SayDigitsNodeType type = new SayDigitsNodeType();

    @Test
    public void theVariableIsReadOutDigitByDigitAfterThePrefixAndTheFlowGoesOn() {
        List<String> said = new ArrayList<>();
        NodeContext ctx = context(Map.of("variable", "Account", "prefix", "Your number is"), Map.of("Account", "47-25"), said);
        assertEquals("next", type.execute(ctx));
        assertEquals(List.of("Your number is 4 7 2 5"), said);
    }

    @Test
    public void validationNamesTheParameterAndTheRule() {
        assertEquals(List.of(), type.validate(Map.of("variable", "Account")));
        assertEquals(List.of(new ParameterProblem("variable", "is required: a variable name like Account")),
                type.validate(Map.of()));
        assertEquals(List.of(new ParameterProblem("colour", "unknown parameter")),
                type.validate(Map.of("variable", "A", "colour", "red")));
        assertEquals("prefix", type.validate(Map.of("variable", "A", "prefix", "x".repeat(201))).get(0).field());
    }

    /** The few NodeContext methods the node uses; any other call fails the test. */
    private static NodeContext context(Map<String, Object> params, Map<String, String> variables, List<String> said) {
        return (NodeContext) Proxy.newProxyInstance(NodeContext.class.getClassLoader(), new Class<?>[]{NodeContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "params" -> params;
                    case "variables" -> variables;
                    case "substitute" -> a[0];
                    case "play" -> {
                        said.add(((Prompt) a[0]).text());
                        yield Optional.empty();
                    }
                    case "trace" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
