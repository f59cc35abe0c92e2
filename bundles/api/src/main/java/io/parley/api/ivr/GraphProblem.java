package io.parley.api.ivr;

/**
 * One finding of graph validation (SPEC §7.3): an {@code error} keeps the version a draft that
 * cannot be bound; a {@code warning} (an unknown {@code ${var}}) does not.
 *
 * <pre>{@code
 * new GraphProblem(GraphProblem.ERROR, "01G37ZXAE1Z1KQH5W0CY28G16J", "params.play_count", "must be 1..10");
 * }</pre>
 *
 * @param severity {@link #ERROR} or {@link #WARNING}
 * @param nodeId   the node concerned, or null for the graph as a whole
 * @param field    the parameter or part, e.g. {@code params.keys[1].digit}, {@code type}, {@code ports.next}
 * @param rule     the rule broken, in words
 */
public record GraphProblem(String severity, String nodeId, String field, String rule) {

    public static final String ERROR = "error";
    public static final String WARNING = "warning";

    public boolean isError() {
        return ERROR.equals(severity);
    }
}
