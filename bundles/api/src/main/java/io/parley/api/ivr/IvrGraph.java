package io.parley.api.ivr;

import java.util.List;
import java.util.Optional;

/**
 * The graph of one IVR version (SPEC §7.2): nodes and the edges joining a node's exit port to
 * the next node. Immutable, so a call that read it at its start keeps it while the version is
 * edited (SPEC §9.2: edits apply to new calls only).
 *
 * <pre>{@code
 * IvrGraph g = new IvrGraph(List.of(
 *         new IvrNode("main_menu", "start", "Start", Map.of(), Map.of()),
 *         new IvrNode("01G37ZXAE1Z1KQH5W0CY28G16J", "end", "End", Map.of(), Map.of())),
 *     List.of(new IvrEdge("main_menu", "next", "01G37ZXAE1Z1KQH5W0CY28G16J")));
 * }</pre>
 */
public record IvrGraph(List<IvrNode> nodes, List<IvrEdge> edges) {

    /** The id of the Start node (SPEC §7.2). */
    public static final String START_ID = "main_menu";

    public IvrGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public Optional<IvrNode> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The node the edge leaving {@code nodeId} by {@code port} leads to, if that port is connected. */
    public Optional<String> next(String nodeId, String port) {
        return edges.stream().filter(e -> e.fromNode().equals(nodeId) && e.fromPort().equals(port))
                .map(IvrEdge::toNode).findFirst();
    }
}
