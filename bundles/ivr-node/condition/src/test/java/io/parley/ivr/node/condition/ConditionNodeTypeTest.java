package io.parley.ivr.node.condition;

import static io.parley.ivr.node.testing.Problems.assertNoProblems;
import static io.parley.ivr.node.testing.Problems.assertProblem;
import static org.junit.Assert.assertEquals;

import io.parley.ivr.node.testing.FakeNodeContext;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ConditionNodeTypeTest {

    private final ConditionNodeType node = new ConditionNodeType();

    private static Map<String, Object> clause(String variable, String op, Object value) {
        return Map.of("variable", variable, "op", op, "value", value);
    }

    private static Map<String, Object> condition(String label, Object... clauses) {
        return Map.of("label", label, "all_of", List.of(clauses));
    }

    /** SPEC §8.12's example: score > 80 → excellent, score == 60 → moderate, else default. */
    private static Map<String, Object> scoreParams() {
        return Map.of("conditions", List.of(condition("excellent", clause("Score", ">", 80)),
                condition("moderate", clause("${Score}", "==", "60"))));
    }

    private String run(Map<String, Object> params, Map<String, String> vars) {
        FakeNodeContext call = new FakeNodeContext(params);
        call.variables.putAll(vars);
        return node.execute(call);
    }

    @Test
    public void conditionHasOnePortPerConditionAndDefault() {
        assertEquals(List.of("condition:excellent", "condition:moderate", "default"), node.exits(scoreParams()));
        assertNoProblems(node.validate(scoreParams()));
    }

    @Test
    public void conditionRequiresAtLeastOneCondition() {
        assertProblem(node.validate(Map.of()), "conditions", "is required");
        assertProblem(node.validate(Map.of("conditions", List.of())), "conditions", "at least 1");
    }

    @Test
    public void conditionRequiresAtLeastOneClause() {
        assertProblem(node.validate(Map.of("conditions", List.of(condition("x")))), "conditions[0].all_of", "at least 1");
    }

    @Test
    public void conditionRejectsALabelUsedTwice() {
        assertProblem(node.validate(Map.of("conditions", List.of(condition("a", clause("X", "==", "1")),
                condition("a", clause("X", "==", "2"))))), "conditions[1].label", "used twice");
    }

    @Test
    public void conditionRejectsAnUnknownOperator() {
        assertProblem(node.validate(Map.of("conditions", List.of(condition("a", clause("X", "=~", "1"))))),
                "conditions[0].all_of[0].op", "must be one of ==, !=, >, <, >=, <=");
    }

    @Test
    public void conditionRejectsAMissingValue() {
        assertProblem(node.validate(Map.of("conditions", List.of(Map.of("label", "a",
                "all_of", List.of(Map.of("variable", "X", "op", "==")))))), "conditions[0].all_of[0].value", "is required");
    }

    @Test
    public void conditionTakesTheFirstThatHolds() {
        assertEquals("condition:excellent", run(scoreParams(), Map.of("Score", "95")));
        assertEquals("condition:moderate", run(scoreParams(), Map.of("Score", " 60 ")));
        assertEquals("default", run(scoreParams(), Map.of("Score", "70")));
    }

    @Test
    public void conditionTreatsAnUnsetVariableAsEmpty() {
        assertEquals("default", run(scoreParams(), Map.of()));
        assertEquals("condition:e", run(Map.of("conditions", List.of(condition("e", clause("Missing", "==", "")))), Map.of()));
    }

    @Test
    public void conditionComparesNumericallyWhenBothSidesAreNumbers() {
        Map<String, Object> p = Map.of("conditions", List.of(condition("big", clause("N", ">", "9"))));
        assertEquals("10 > 9 as numbers, not as text", "condition:big", run(p, Map.of("N", "10")));
        assertEquals("condition:big", run(p, Map.of("N", "9.5")));
    }

    @Test
    public void conditionComparesAsTextWhenASideIsNotANumber() {
        Map<String, Object> p = Map.of("conditions", List.of(condition("after", clause("Name", ">", "m"))));
        assertEquals("condition:after", run(p, Map.of("Name", "zeta")));
        assertEquals("default", run(p, Map.of("Name", "alpha")));
    }

    @Test
    public void conditionEqualityComparesTrimmedStrings() {
        Map<String, Object> p = Map.of("conditions", List.of(condition("eq", clause("V", "==", "60"))));
        assertEquals("== is a string comparison", "default", run(p, Map.of("V", "60.0")));
        Map<String, Object> ne = Map.of("conditions", List.of(condition("ne", clause("V", "!=", "a"))));
        assertEquals("condition:ne", run(ne, Map.of("V", "b")));
        assertEquals("default", run(ne, Map.of("V", " a ")));
    }

    @Test
    public void conditionJoinsClausesWithAnd() {
        Map<String, Object> p = Map.of("conditions", List.of(condition("vip", clause("Score", ">=", 80),
                clause("Tier", "==", "gold"))));
        assertEquals("condition:vip", run(p, Map.of("Score", "80", "Tier", "gold")));
        assertEquals("default", run(p, Map.of("Score", "80", "Tier", "silver")));
        assertEquals("default", run(p, Map.of("Score", "79", "Tier", "gold")));
    }

    @Test
    public void conditionSubstitutesVariablesInTheValue() {
        Map<String, Object> p = Map.of("conditions", List.of(condition("same", clause("A", "==", "${B}"))));
        assertEquals("condition:same", run(p, Map.of("A", "x", "B", "x")));
    }

    @Test
    public void conditionOperatorsLessThanAndLessOrEqual() {
        Map<String, Object> lt = Map.of("conditions", List.of(condition("lt", clause("N", "<", 5))));
        Map<String, Object> le = Map.of("conditions", List.of(condition("le", clause("N", "<=", 5))));
        assertEquals("condition:lt", run(lt, Map.of("N", "4")));
        assertEquals("default", run(lt, Map.of("N", "5")));
        assertEquals("condition:le", run(le, Map.of("N", "5")));
    }
}
