package io.parley.itest.sample;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import io.parley.api.ivr.Prompt;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** A custom IVR module as an integrator would write it: it tells the caller the time. */
@Component(property = IvrNodeType.TYPE_PROPERTY + "=" + SayTimeNodeType.TYPE)
public class SayTimeNodeType implements IvrNodeType {

    static final String TYPE = "itest_say_time";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String parameterSchema() {
        return "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}";
    }

    @Override
    public List<String> exits(Map<String, Object> params) {
        return List.of("next");
    }

    @Override
    public List<ParameterProblem> validate(Map<String, Object> params) {
        return params.isEmpty() ? List.of() : List.of(new ParameterProblem(params.keySet().iterator().next(), "unknown parameter"));
    }

    @Override
    public String execute(NodeContext ctx) {
        ctx.play(Prompt.tts("It is " + LocalTime.now(ctx.timeZone()).withNano(0)), 1, false);
        return "next";
    }
}
