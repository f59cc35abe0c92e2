package io.parley.rest;

import io.parley.api.ivr.GraphProblem;
import io.parley.api.ivr.IvrEdge;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.IvrVersion;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The JSON shapes of IVR flows and versions (SPEC §7.2, §9.1; docs/ivr-flow-format.md). */
final class IvrViews {

    private IvrViews() {
    }

    @Schema(name = "IvrFlow", description = "SPEC §7.2")
    record FlowView(@Schema(description = "the session service flow ID") long id,
                    @Schema(allowableValues = {"inbound", "self_service", "automatic_outbound", "outbound"}) String kind,
                    String name, String template,
                    @Schema(description = "published when at least one version is", allowableValues = {"published", "draft"})
                    String status,
                    String updatedAt,
                    @Schema(description = "every version, MAIN first, without graphs") List<VersionSummaryView> versions,
                    @Schema(description = "numbers binding a version of this flow") List<String> associatedNumbers) {
        static FlowView of(IvrFlow f) {
            return new FlowView(f.id(), f.kind(), f.name(), f.template() == null ? "" : f.template(), f.status(),
                    f.updatedAt().toString(), f.versions().stream().map(VersionSummaryView::of).toList(),
                    f.associatedNumbers());
        }
    }

    @Schema(name = "IvrVersionSummary")
    record VersionSummaryView(String version, String basedOn, String notes,
                              @Schema(allowableValues = {"published", "draft"}) String status, String updatedAt) {
        static VersionSummaryView of(IvrFlow.VersionSummary v) {
            return new VersionSummaryView(v.version(), v.basedOn(), v.notes(), v.status(),
                    v.updatedAt() == null ? null : v.updatedAt().toString());
        }
    }

    @Schema(name = "IvrVersion", description = "SPEC §9.1, with what validation (SPEC §7.3) finds against the node "
            + "types installed now")
    record VersionView(long flowId, String version,
                       @Schema(description = "the version its graph was copied from; null for MAIN") String basedOn,
                       String notes,
                       @Schema(description = "published when saved without errors, else draft (cannot be bound)",
                               allowableValues = {"published", "draft"}) String status,
                       String updatedAt, GraphView graph,
                       @Schema(description = "errors and warnings") List<ProblemView> problems) {
        static VersionView of(IvrVersion v) {
            return new VersionView(v.flowId(), v.version(), v.basedOn(), v.notes(), v.status(),
                    v.updatedAt() == null ? null : v.updatedAt().toString(), GraphView.of(v.graph()),
                    v.problems().stream().map(ProblemView::of).toList());
        }
    }

    @Schema(name = "IvrGraph", description = "SPEC §7.2; docs/ivr-flow-format.md")
    record GraphView(List<NodeView> nodes, List<EdgeView> edges) {
        static GraphView of(IvrGraph g) {
            return new GraphView(g.nodes().stream().map(NodeView::of).toList(), g.edges().stream().map(EdgeView::of).toList());
        }
    }

    @Schema(name = "IvrNode")
    record NodeView(@Schema(description = "a ULID; main_menu for Start") String id,
                    @Schema(description = "an installed node type, GET /ivr/node-types") String type,
                    @Schema(maxLength = 30) String label,
                    @Schema(description = "opaque, for editors") Map<String, Object> position,
                    @Schema(description = "the type's parameters (SPEC §8)") Map<String, Object> params) {
        static NodeView of(IvrNode n) {
            return new NodeView(n.id(), n.type(), n.label(), n.position(), n.params());
        }
    }

    @Schema(name = "IvrEdge")
    record EdgeView(String fromNode, @Schema(description = "an exit of from_node's type, e.g. next, key:1") String fromPort,
                    String toNode) {
        static EdgeView of(IvrEdge e) {
            return new EdgeView(e.fromNode(), e.fromPort(), e.toNode());
        }
    }

    @Schema(name = "IvrGraphProblem", description = "SPEC §7.3: an error keeps the version a draft; a warning does not")
    record ProblemView(@Schema(allowableValues = {"error", "warning"}) String severity,
                       @Schema(description = "null for the graph as a whole") String nodeId,
                       @Schema(description = "e.g. params.play_count, type, ports.next") String field,
                       String rule) {
        static ProblemView of(GraphProblem p) {
            return new ProblemView(p.severity(), p.nodeId(), p.field(), p.rule());
        }
    }

    @Schema(name = "IvrFlowDocument", description = "A version exported as a document (docs/ivr-flow-format.md); "
            + "the import format")
    record DocumentView(@Schema(allowableValues = {"parley-ivr-flow"}) String format,
                        @Schema(allowableValues = {"1"}) int formatVersion,
                        @Schema(allowableValues = {"inbound", "self_service", "automatic_outbound", "outbound"}) String kind,
                        String name, String version, String notes, GraphView graph) {
    }

    @Schema(name = "IvrFlowWrite", description = "Create: kind and name required. Edit: name only (kind is immutable)")
    record FlowWrite(@Schema(allowableValues = {"inbound", "self_service", "automatic_outbound", "outbound"}) String kind,
                     @Schema(maxLength = 64, description = "1..64 characters, unique per kind (ignoring case)") String name,
                     @Schema(description = "a built-in template, or blank") String template) {
    }

    @Schema(name = "IvrVersionWrite")
    record VersionWrite(@Schema(description = "1..20 of A-Z a-z 0-9 . _ -", pattern = "^[A-Za-z0-9._-]{1,20}$",
                                maxLength = 20) String version,
                        @Schema(description = "the version whose graph is copied, default MAIN") String basedOn,
                        @Schema(maxLength = 200) String notes) {
    }

    @Schema(name = "IvrVersionSave", description = "Replaces the graph (and the notes when given), then validates it")
    record VersionSave(GraphView graph, @Schema(maxLength = 200) String notes) {
    }

    @Schema(name = "IvrVersionCopy")
    record CopyWrite(@Schema(description = "the new flow's name, 1..64 characters, unique per kind", maxLength = 64)
                     String targetFlowName) {
    }
}
