package io.parley.ivr.flow;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/** Tiny node types for tests: start, end, a prompt needing {@code text}, a key menu with an optional port. */
public final class FakeNodeTypes implements IvrNodeTypeCatalog {

    private final Map<String, IvrNodeType> types = new java.util.concurrent.ConcurrentHashMap<>();

    public static FakeNodeTypes standard() {
        FakeNodeTypes t = new FakeNodeTypes();
        t.add(simple("start", List.of("next"), c -> "next"));
        t.add(simple("end", List.of(), c -> {
            c.hangUp();
            return "";
        }));
        t.add(new Simple("prompt", List.of("next"), c -> {
            c.play(io.parley.api.ivr.Prompt.tts(c.substitute((String) c.params().get("text"))), 1, true);
            return "next";
        }) {
            @Override
            public List<ParameterProblem> validate(Map<String, Object> params) {
                return params.get("text") instanceof String ? List.of() : List.of(new ParameterProblem("text", "is required"));
            }
        });
        t.add(new Simple("menu", List.of(), c -> {
            String k = c.collectDigits(io.parley.api.ivr.Prompt.tts("menu"),
                    io.parley.api.ivr.DigitCollection.singleKey(java.time.Duration.ofSeconds(1)));
            return k.isEmpty() ? "max_errors" : "key:" + k;
        }) {
            @Override
            @SuppressWarnings("unchecked")
            public List<String> exits(Map<String, Object> params) {
                List<String> out = new ArrayList<>();
                for (Object k : (List<Object>) params.getOrDefault("keys", List.of())) {
                    out.add("key:" + k);
                }
                out.add("max_errors");
                return out;
            }

            @Override
            public List<String> optionalExits(Map<String, Object> params) {
                return List.of("max_errors");
            }
        });
        t.add(simple("collect", List.of("success"), c -> {
            c.variables().put((String) c.params().get("variable"), "42");
            return "success";
        }));
        return t;
    }

    public void add(IvrNodeType type) {
        types.put(type.type(), type);
    }

    public void remove(String type) {
        types.remove(type);
    }

    @Override
    public SortedSet<String> types() {
        return new TreeSet<>(types.keySet());
    }

    @Override
    public Optional<IvrNodeType> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    public static IvrNodeType simple(String name, List<String> exits, Function<NodeContext, String> run) {
        return new Simple(name, exits, run);
    }

    static class Simple implements IvrNodeType {
        private final String name;
        private final List<String> exits;
        private final Function<NodeContext, String> run;

        Simple(String name, List<String> exits, Function<NodeContext, String> run) {
            this.name = name;
            this.exits = exits;
            this.run = run;
        }

        @Override
        public String type() {
            return name;
        }

        @Override
        public String parameterSchema() {
            return "{\"type\":\"object\"}";
        }

        @Override
        public List<String> exits(Map<String, Object> params) {
            return exits;
        }

        @Override
        public List<ParameterProblem> validate(Map<String, Object> params) {
            return List.of();
        }

        @Override
        public String execute(NodeContext ctx) {
            return run.apply(ctx);
        }
    }
}
