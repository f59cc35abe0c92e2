package io.parley.ivr.node.common;

import io.parley.api.ivr.FlowReferences;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@link IvrNodeType} whose parameters are read once into a settings value {@code S}:
 * validation, exits and execution all go through {@link #read(Params)}, so a rule is written
 * once. Unknown parameters are problems; audio files its prompts reference are checked for
 * {@code approved} when the engine validates with {@link FlowReferences}.
 *
 * <pre>{@code
 * @Component(property = IvrNodeType.TYPE_PROPERTY + "=prompt")
 * public class PromptNodeType extends ParameterizedNodeType<PromptNodeType.Settings> {
 *     record Settings(Prompt prompt, int playCount) {}
 *     protected Settings read(Params p) { return new Settings(p.get(PROMPT).orElse(null), p.get(PLAY_COUNT)); }
 *     protected List<String> exits(Settings s) { return List.of("next"); }
 *     protected String run(Settings s, NodeContext ctx) { ctx.play(s.prompt(), s.playCount(), true); return "next"; }
 *     ...
 * }
 * }</pre>
 *
 * @param <S> the node's parameters as read, with defaults applied
 */
public abstract class ParameterizedNodeType<S> implements IvrNodeType {

    private final String schema;

    /** @param params the node's parameters as SPEC §8 tables them, for the JSON schema */
    protected ParameterizedNodeType(String title, List<Param> params) {
        this.schema = NodeSchema.of(title, params);
    }

    /** Reads every parameter, noting problems in {@code p}; never throws for bad values. */
    protected abstract S read(Params p);

    protected abstract List<String> exits(S settings);

    /** Runs on a call; returns an exit of {@link #exits(Object)}, {@link #HANG_UP} or a {@link #GOTO_PREFIX} target. */
    protected abstract String run(S settings, NodeContext ctx);

    /** Checks that need the instance, beyond audio files (skill groups, numbers). */
    protected void checkReferences(S settings, FlowReferences references, Params p) {
    }

    @Override
    public final String parameterSchema() {
        return schema;
    }

    @Override
    public final List<String> exits(Map<String, Object> params) {
        return exits(read(new Params(params)));
    }

    @Override
    public final List<ParameterProblem> validate(Map<String, Object> params) {
        Params p = new Params(params);
        read(p);
        p.rejectUnknown();
        return p.problems();
    }

    @Override
    public final List<ParameterProblem> validate(Map<String, Object> params, FlowReferences references) {
        Params p = new Params(params);
        S settings = read(p);
        p.rejectUnknown();
        p.audioReferences().forEach((field, audioId) -> {
            if (!references.audioApproved(audioId)) {
                p.problem(field, "audio file " + audioId + " does not exist or is not approved");
            }
        });
        checkReferences(settings, references, p);
        return new ArrayList<>(p.problems());
    }

    @Override
    public final String execute(NodeContext ctx) {
        return run(read(new Params(ctx.params())), ctx);
    }
}
