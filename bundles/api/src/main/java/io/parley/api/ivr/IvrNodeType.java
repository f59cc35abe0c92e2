package io.parley.api.ivr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     * What {@link #execute} returns when the call is over: the node hung up (e.g. a branch
     * after {@code max_errors} with {@code on_max_errors=hangup}) or saw the caller hang up.
     * It is not a port; the engine ends the flow.
     */
    String HANG_UP = "hang_up";

    /**
     * What the End node (SPEC §8.8) returns: the flow is over. The engine releases the call,
     * or in a {@code self_service} flow hands the customer back to the agent (SPEC §7.6).
     */
    String END_FLOW = "end_flow";

    /**
     * Prefix of what {@link #execute} returns to continue at a node of the same version
     * named at run time rather than through a port, e.g. {@code goto:01FN8J6WZ984WR9PP4ZZTC8YXS}
     * for a dynamic branch entry (SPEC §8.3.1). The node checks the id with
     * {@link NodeContext#hasNode(String)} first.
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
     * The exits of {@link #exits(Map)} that may stay unconnected (SPEC §7.3 rule 3: "except
     * ports documented as optional"). A call that takes an unconnected optional exit is hung
     * up, e.g. a voice menu's {@code fallback} (§8.4).
     *
     * <pre>{@code
     * public List<String> optionalExits(Map<String, Object> params) { return List.of("fallback"); }
     * }</pre>
     */
    default List<String> optionalExits(Map<String, Object> params) {
        return List.of();
    }

    /**
     * Problems that do not stop a version from being published (SPEC §7.3 rule 6 kind of
     * warnings), e.g. "no speech recogniser is installed; only DTMF keys select a branch".
     * The engine adds them to the save answer's warnings.
     */
    default List<ParameterProblem> warnings(Map<String, Object> params) {
        return List.of();
    }

    /**
     * {@link #validate(Map)} plus the checks that need the instance (SPEC §7.3 rule 4):
     * referenced audio files approved, skill groups and numbers existing. The engine calls
     * this one when it saves a version; a type without references need not override it.
     *
     * <pre>{@code
     * public List<ParameterProblem> validate(Map<String, Object> params, FlowReferences refs) {
     *     List<ParameterProblem> problems = new ArrayList<>(validate(params));
     *     if (!refs.skillGroupExists(2955)) problems.add(new ParameterProblem("skill_group_ids[0]", "no skill group 2955"));
     *     return problems;
     * }
     * }</pre>
     */
    default List<ParameterProblem> validate(Map<String, Object> params, FlowReferences references) {
        return validate(params);
    }

    /**
     * Runs the node on a call.
     *
     * @return the exit taken, one of {@link #exits(Map)}
     */
    String execute(NodeContext ctx);

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
