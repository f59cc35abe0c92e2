package io.parley.ivr.node.testing;

import static org.junit.Assert.assertTrue;

import io.parley.api.ivr.ParameterProblem;
import java.util.List;

/** Assertions on validation results that name the field and the rule. */
public final class Problems {

    private Problems() {
    }

    /** Asserts a problem on {@code field} whose rule contains {@code ruleFragment}. */
    public static void assertProblem(List<ParameterProblem> problems, String field, String ruleFragment) {
        assertTrue("expected " + field + ": …" + ruleFragment + "… in " + problems,
                problems.stream().anyMatch(p -> p.field().equals(field) && p.rule().contains(ruleFragment)));
    }

    public static void assertNoProblems(List<ParameterProblem> problems) {
        assertTrue("expected no problems, got " + problems, problems.isEmpty());
    }
}
