package io.parley.ivr.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.ivr.IvrEdge;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flow format of {@code docs/ivr-flow-format.md}: a graph as JSON, and the export document
 * that wraps one. Read by hand from a plain JSON tree so that a wrong shape is answered with
 * the path of the field at fault.
 */
public final class FlowJson {

    /** The {@code format} member of an export document. */
    public static final String FORMAT = "parley-ivr-flow";
    public static final int FORMAT_VERSION = 1;

    /** What an export document carries. */
    public record Exported(String kind, String name, String version, String notes, IvrGraph graph) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    public IvrGraph parseGraph(String json) {
        return graph(tree(json, "graph"), "graph");
    }

    public String write(IvrGraph g) {
        return text(tree(g));
    }

    public String export(Exported e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("format_version", FORMAT_VERSION);
        doc.put("kind", e.kind());
        doc.put("name", e.name());
        doc.put("version", e.version());
        doc.put("notes", e.notes() == null ? "" : e.notes());
        doc.put("graph", tree(e.graph()));
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public Exported parseExport(String json) {
        Object t = tree(json, "document");
        if (!(t instanceof Map<?, ?> doc)) {
            throw new MalformedException("document", "must be a JSON object");
        }
        if (!FORMAT.equals(doc.get("format"))) {
            throw new MalformedException("format", "must be \"" + FORMAT + "\"");
        }
        if (!(doc.get("format_version") instanceof Number n) || n.intValue() != FORMAT_VERSION) {
            throw new MalformedException("format_version", "must be " + FORMAT_VERSION);
        }
        return new Exported(string(doc, "kind", "kind", true), string(doc, "name", "name", true),
                string(doc, "version", "version", false), string(doc, "notes", "notes", false),
                graph(doc.get("graph"), "graph"));
    }

    private Object tree(String json, String field) {
        if (json == null || json.isBlank()) {
            throw new MalformedException(field, "is empty");
        }
        try {
            return mapper.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new MalformedException(field, "is not JSON: " + e.getOriginalMessage());
        }
    }

    private String text(Object tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> tree(IvrGraph g) {
        List<Object> nodes = new ArrayList<>();
        for (IvrNode n : g.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("type", n.type());
            m.put("label", n.label());
            m.put("position", n.position());
            m.put("params", n.params());
            nodes.add(m);
        }
        List<Object> edges = new ArrayList<>();
        for (IvrEdge e : g.edges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from_node", e.fromNode());
            m.put("from_port", e.fromPort());
            m.put("to_node", e.toNode());
            edges.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", nodes);
        out.put("edges", edges);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static IvrGraph graph(Object t, String at) {
        if (!(t instanceof Map<?, ?> g)) {
            throw new MalformedException(at, "must be an object with nodes and edges");
        }
        if (!(g.get("nodes") instanceof List<?> nodes)) {
            throw new MalformedException(at + ".nodes", "must be an array");
        }
        Object e = g.get("edges") == null ? List.of() : g.get("edges");
        if (!(e instanceof List<?> edges)) {
            throw new MalformedException(at + ".edges", "must be an array");
        }
        List<IvrNode> ns = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String p = at + ".nodes[" + i + "]";
            if (!(nodes.get(i) instanceof Map<?, ?> n)) {
                throw new MalformedException(p, "must be an object");
            }
            Object position = n.get("position") == null ? Map.of() : n.get("position");
            Object params = n.get("params") == null ? Map.of() : n.get("params");
            if (!(position instanceof Map) ) {
                throw new MalformedException(p + ".position", "must be an object");
            }
            if (!(params instanceof Map)) {
                throw new MalformedException(p + ".params", "must be an object");
            }
            ns.add(new IvrNode(string(n, "id", p + ".id", true), string(n, "type", p + ".type", true),
                    string(n, "label", p + ".label", false), (Map<String, Object>) position, (Map<String, Object>) params));
        }
        List<IvrEdge> es = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            String p = at + ".edges[" + i + "]";
            if (!(edges.get(i) instanceof Map<?, ?> x)) {
                throw new MalformedException(p, "must be an object");
            }
            es.add(new IvrEdge(string(x, "from_node", p + ".from_node", true), string(x, "from_port", p + ".from_port", true),
                    string(x, "to_node", p + ".to_node", true)));
        }
        return new IvrGraph(ns, es);
    }

    private static String string(Map<?, ?> m, String key, String field, boolean required) {
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw new InvalidException(field, "is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new MalformedException(field, "must be a string");
        }
        if (required && s.isBlank()) {
            throw new InvalidException(field, "must not be blank");
        }
        return s;
    }
}
