package io.parley.api.ivr;

/**
 * One reason a node's parameters are not acceptable.
 *
 * @param field path of the parameter, e.g. {@code prompt.text} or {@code keys[3]}
 * @param rule  the rule it breaks, e.g. {@code must be 1..10}
 */
public record ParameterProblem(String field, String rule) {
}
