package io.parley.api.ivr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One IVR module type (SPEC §8): the built-in ones and an integrator's own are all bundles
 * that register this service with the property {@code parley.node.type} equal to
 * {@link #type()}. Flows find types at run time, so a type's bundle can be stopped,
 * updated or added while calls run; a flow naming a type that is not installed fails
 * validation with the list of installed types.
 *
 * <pre>{@code
 * @Component(property = IvrNodeType.TYPE_PROPERTY + "=say_time")
 * public class SayTimeNode implements IvrNodeType {
 *     public String type() { return "say_time"; }
 *     public String parameterSchema() { return "{\"type\":\"object\",\"properties\":{}}"; }
 *     public List<String> exits(Map<String, Object> params) { return List.of("next"); }
 *     public List<ParameterProblem> validate(Map<String, Object> params) { return List.of(); }
 *     public String execute(NodeContext ctx) {
 *         ctx.play(Prompt.tts("It is " + java.time.LocalTime.now(ctx.timeZone()).withNano(0)), 1, false);
 *         return "next";
 *     }
 * }
 * }</pre>
 */
public interface IvrNodeType {

    /** Service property carrying {@link #type()}, for filters. */
    String TYPE_PROPERTY = "parley.node.type";

    /**
     * An exit {@code goto:<node id>} from {@link #execute} jumps straight to that node of the
     * same version (a dynamic branch, SPEC §8.3.1); the engine checks the node exists and
     * otherwise ends the call as a system error.
     */
    String GOTO_PREFIX = "goto:";

    /** The type name used in flows, e.g. {@code prompt}; lower snake case. */
    String type();

    /** JSON Schema (draft 2020-12) of the node's parameters, as a JSON string. */
    String parameterSchema();

    /** The node's exit ports for the given parameters, e.g. {@code [key:1, key:2, max_errors]}. */
    List<String> exits(Map<String, Object> params);

    /** Every problem with the parameters; empty when they are acceptable. */
    List<ParameterProblem> validate(Map<String, Object> params);

    /**
     * Runs the node on a call.
     *
     * @return the exit taken, one of {@link #exits(Map)}
     */
    String execute(NodeContext ctx);

    /**
     * The exits that may stay unconnected (SPEC §7.3 rule 3: "except ports documented as
     * optional"); taking an unconnected one ends the call. None by default.
     *
     * <pre>{@code
     * public Set<String> optionalExits(Map<String, Object> params) { return Set.of("max_errors"); }
     * }</pre>
     */
    default Set<String> optionalExits(Map<String, Object> params) {
        return Set.of();
    }

    /**
     * The session variables this node sets, for the warnings on unknown {@code ${var}} (SPEC §7.3
     * rule 6). By default the string param {@code variable} (Number collection) and the
     * {@code variable} of each entry of {@code outputs} (API call).
     */
    default List<String> declaredVariables(Map<String, Object> params) {
        List<String> out = new ArrayList<>();
        if (params.get("variable") instanceof String v) {
            out.add(v);
        }
        if (params.get("outputs") instanceof List<?> outputs) {
            for (Object o : outputs) {
                if (o instanceof Map<?, ?> m && m.get("variable") instanceof String v) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
