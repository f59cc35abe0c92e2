package io.parley.api.ivr;

import java.time.Instant;
import java.util.List;

/**
 * A version of an IVR flow (SPEC §9.1).
 *
 * <pre>{@code
 * IvrVersion v = flows.version(instanceId, flowId, "MAIN");
 * if (!v.isPublished()) v.problems().forEach(p -> System.out.println(p.nodeId() + " " + p.field() + ": " + p.rule()));
 * }</pre>
 *
 * @param flowId    the flow
 * @param version   {@code MAIN} or 1..20 characters {@code [A-Za-z0-9._-]}
 * @param basedOn   the version whose graph it was copied from, or null for MAIN
 * @param notes     0..200 characters
 * @param status    {@code published} (no validation error when saved) or {@code draft}
 * @param updatedAt last save
 * @param graph     the graph
 * @param problems  what validation found now (node types installed now), errors and warnings
 */
public record IvrVersion(long flowId, String version, String basedOn, String notes, String status, Instant updatedAt,
                         IvrGraph graph, List<GraphProblem> problems) {

    public static final String MAIN = "MAIN";
    public static final String PUBLISHED = "published";
    public static final String DRAFT = "draft";

    public IvrVersion {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public boolean isPublished() {
        return PUBLISHED.equals(status);
    }
}
