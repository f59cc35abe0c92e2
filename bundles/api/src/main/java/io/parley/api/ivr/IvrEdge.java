package io.parley.api.ivr;

/**
 * An edge of an IVR graph: leaving {@code fromNode} by its exit {@code fromPort} leads to {@code toNode}.
 *
 * <pre>{@code
 * new IvrEdge("01G37ZXAE1Z1KQH5W0CY28G16J", "key:1", "01G37ZXB0000000000000000AA");
 * }</pre>
 */
public record IvrEdge(String fromNode, String fromPort, String toNode) {
}
