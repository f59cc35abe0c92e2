package io.parley.ivr.flow;

import io.parley.api.ivr.FlowReferences;
import io.parley.api.ivr.GraphProblem;
import io.parley.api.ivr.IvrEdge;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.parley.api.ivr.ParameterProblem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SPEC §7.3 on a graph, with the node types installed when it runs: the structure (one Start,
 * an End, every required exit connected, every node reachable and able to reach an End or a
 * hang-up), each node's params through its type, and {@code ${var}} references (warnings).
 */
public final class GraphValidator {

    public static final String START = "start";
    public static final String END = "end";
    static final int LABEL_MAX = 30;
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final IvrNodeTypeCatalog catalog;

    public GraphValidator(IvrNodeTypeCatalog catalog) {
        this.catalog = catalog;
    }

    /** Structure and params, without the instance look-ups of rule 4 (params checked by {@link IvrNodeType#validate(Map)}). */
    public List<GraphProblem> validate(IvrGraph graph) {
        return validate(graph, null);
    }

    /** @param references the instance's audio files, skill groups and numbers (SPEC §7.3 rule 4), or null */
    public List<GraphProblem> validate(IvrGraph graph, FlowReferences references) {
        List<GraphProblem> out = new ArrayList<>();
        Map<String, IvrNode> byId = new LinkedHashMap<>();
        for (IvrNode n : graph.nodes()) {
            if (!NODE_ID.matcher(n.id()).matches()) {
                out.add(error(n.id(), "id", "must be 1..64 characters of A-Z a-z 0-9 _ - (a ULID; Start is "
                        + IvrGraph.START_ID + ")"));
            }
            if (byId.putIfAbsent(n.id(), n) != null) {
                out.add(error(n.id(), "id", "is used by more than one node"));
            }
            if (n.label().length() > LABEL_MAX) {
                out.add(error(n.id(), "label", "must be at most " + LABEL_MAX + " characters"));
            }
        }
        List<IvrNode> starts = graph.nodes().stream().filter(n -> START.equals(n.type())).toList();
        if (starts.size() != 1) {
            out.add(error(null, "nodes", "must hold exactly one start node, holds " + starts.size()));
        } else if (!IvrGraph.START_ID.equals(starts.get(0).id())) {
            out.add(error(starts.get(0).id(), "id", "the start node's id must be " + IvrGraph.START_ID));
        }
        if (graph.nodes().stream().noneMatch(n -> END.equals(n.type()))) {
            out.add(error(null, "nodes", "must hold at least one end node"));
        }

        // each node's type, params and exits
        Map<String, List<String>> exits = new HashMap<>();
        Map<String, Set<String>> optional = new HashMap<>();
        Map<String, IvrNodeType> types = new HashMap<>();
        for (IvrNode n : byId.values()) {
            Optional<IvrNodeType> type = catalog.find(n.type());
            if (type.isEmpty()) {
                out.add(error(n.id(), "type", "node type '" + n.type() + "' is not installed; installed types: "
                        + catalog.types()));
                continue;
            }
            types.put(n.id(), type.get());
            try {
                List<ParameterProblem> problems = references == null ? type.get().validate(n.params())
                        : type.get().validate(n.params(), references);
                for (ParameterProblem p : problems) {
                    out.add(error(n.id(), "params." + p.field(), p.rule()));
                }
                for (ParameterProblem p : type.get().warnings(n.params())) {
                    out.add(new GraphProblem(GraphProblem.WARNING, n.id(), "params." + p.field(), p.rule()));
                }
                exits.put(n.id(), List.copyOf(type.get().exits(n.params())));
                optional.put(n.id(), Set.copyOf(type.get().optionalExits(n.params())));
            } catch (RuntimeException e) {
                // a type that fails on odd params must not make the whole save fail
                out.add(error(n.id(), "params", "the " + n.type() + " type could not check them: " + e));
                exits.put(n.id(), List.of());
                optional.put(n.id(), Set.of());
            }
        }

        // edges
        Map<String, List<String>> next = new HashMap<>();
        Map<String, List<String>> previous = new HashMap<>();
        Set<String> connected = new HashSet<>();
        for (int i = 0; i < graph.edges().size(); i++) {
            IvrEdge e = graph.edges().get(i);
            String at = "edges[" + i + "]";
            if (!byId.containsKey(e.fromNode())) {
                out.add(error(null, at + ".from_node", "no node has id " + e.fromNode()));
                continue;
            }
            if (!byId.containsKey(e.toNode())) {
                out.add(error(e.fromNode(), "ports." + e.fromPort(), "leads to " + e.toNode() + ", which is no node"));
                continue;
            }
            List<String> known = exits.get(e.fromNode());
            if (known != null && !known.contains(e.fromPort())) {
                out.add(error(e.fromNode(), "ports." + e.fromPort(), "is not an exit of this " + byId.get(e.fromNode()).type()
                        + " node; its exits are " + known));
                continue;
            }
            if (!connected.add(e.fromNode() + "\u0000" + e.fromPort())) {
                out.add(error(e.fromNode(), "ports." + e.fromPort(), "is connected more than once"));
                continue;
            }
            next.computeIfAbsent(e.fromNode(), k -> new ArrayList<>()).add(e.toNode());
            previous.computeIfAbsent(e.toNode(), k -> new ArrayList<>()).add(e.fromNode());
        }
        Set<String> hangUps = new HashSet<>();
        for (Map.Entry<String, List<String>> x : exits.entrySet()) {
            for (String port : x.getValue()) {
                if (connected.contains(x.getKey() + "\u0000" + port)) {
                    continue;
                }
                if (optional.get(x.getKey()).contains(port)) {
                    hangUps.add(x.getKey());
                } else {
                    out.add(error(x.getKey(), "ports." + port, "must be connected to a node"));
                }
            }
        }

        // reachability both ways
        Set<String> reachable = walk(List.of(IvrGraph.START_ID), next);
        for (String id : byId.keySet()) {
            if (!reachable.contains(id) && byId.containsKey(IvrGraph.START_ID)) {
                out.add(error(id, "id", "is not reachable from Start"));
            }
        }
        List<String> terminals = new ArrayList<>(hangUps);
        for (IvrNode n : byId.values()) {
            if (END.equals(n.type()) || !types.containsKey(n.id())) {
                terminals.add(n.id());     // an unknown type is already an error; no second one for its paths
            }
        }
        Set<String> leadsOut = walk(terminals, previous);
        for (String id : reachable) {
            if (byId.containsKey(id) && !leadsOut.contains(id)) {
                out.add(error(id, "ports", "no path from this node reaches an End or a hang-up (an endless loop)"));
            }
        }

        // ${var} references: system variables and those set by a node before on some path
        for (IvrNode n : byId.values()) {
            Set<String> known = new HashSet<>(SystemVariables.NAMES);
            for (String before : walk(previous.getOrDefault(n.id(), List.of()), previous)) {
                IvrNodeType t = types.get(before);
                if (t != null) {
                    try {
                        known.addAll(t.declaredVariables(byId.get(before).params()));
                    } catch (RuntimeException ignored) {
                        // reported with its params above
                    }
                }
            }
            references("params", n.params(), (field, name) -> {
                if (!known.contains(name)) {
                    out.add(new GraphProblem(GraphProblem.WARNING, n.id(), field, "${" + name
                            + "} is neither a system variable nor set on a path before this node (Number collection, API call)"));
                }
            });
        }
        return out;
    }

    interface Reference {
        void found(String field, String name);
    }

    private static void references(String at, Object value, Reference sink) {
        if (value instanceof String s) {
            for (String name : SystemVariables.references(s)) {
                sink.found(at, name);
            }
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                references(at + "." + e.getKey(), e.getValue(), sink);
            }
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                references(at + "[" + i + "]", l.get(i), sink);
            }
        }
    }

    private static Set<String> walk(List<String> from, Map<String, List<String>> links) {
        Set<String> seen = new HashSet<>(from);
        Deque<String> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            for (String n : links.getOrDefault(todo.pop(), List.of())) {
                if (seen.add(n)) {
                    todo.push(n);
                }
            }
        }
        return seen;
    }

    private static GraphProblem error(String nodeId, String field, String rule) {
        return new GraphProblem(GraphProblem.ERROR, nodeId, field, rule);
    }
}
