package io.parley.ivr.node.api_call;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.ivr.node.common.JsonPost;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import io.parley.ivr.node.common.Variables;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * API call (SPEC §8.11): POSTs a flat JSON object of the {@code inputs} (values with
 * {@code ${var}} substituted) to {@code url} and stores the {@code outputs} fields of the flat
 * JSON answer in variables. A timeout, a non-2xx status or an answer that is not a JSON object
 * is a failure; the call is tried until {@code max_errors} failures, then every output gets its
 * default and the flow still goes on to {@code next}.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + ApiCallNodeType.TYPE)
public class ApiCallNodeType extends ParameterizedNodeType<ApiCallNodeType.Settings> {

    static final String TYPE = "api_call";
    static final String NEXT = "next";

    static final Param.Text URL = new Param.Text("url", true, 2048, null, null, "http(s) URL the appliance can reach");
    static final Param.Int TIMEOUT_S = new Param.Int("timeout_s", 3, 1, 30, "per attempt");
    static final Param.Int MAX_ERRORS = new Param.Int("max_errors", 1, 1, 5,
            "failed attempts allowed; the call is retried until this many failures");
    static final Param.ListOf INPUTS = new Param.ListOf("inputs", false, 0, Map.of(
            "type", "object",
            "properties", Map.of("field", Map.of("type", "string", "minLength", 1, "maxLength", 64),
                    "value", Map.of("type", "string", "description", "a constant or ${var}")),
            "required", List.of("field", "value"),
            "additionalProperties", false), "members of the request body");
    static final Param.ListOf OUTPUTS = new Param.ListOf("outputs", false, 0, Map.of(
            "type", "object",
            "properties", Map.of("field", Map.of("type", "string", "minLength", 1, "maxLength", 64),
                    "variable", Map.of("type", "string", "pattern", "^" + Variables.NAME.pattern() + "$"),
                    "default", Map.of("type", "string")),
            "required", List.of("field", "variable"),
            "additionalProperties", false), "response fields stored into variables; default when every attempt fails or the field is missing");
    private static final Param.Text FIELD = new Param.Text("field", true, 64, null, null, "");
    private static final Param.Text VALUE = new Param.Text("value", false, 600, null, null, "");
    private static final Param.Text VARIABLE = Variables.target("variable", true, "");
    private static final Param.Text DEFAULT = new Param.Text("default", false, 600, null, null, "");

    record Input(String field, String value) {
    }

    record Output(String field, String variable, String defaultValue) {
    }

    record Settings(URI url, int timeoutS, int maxErrors, List<Input> inputs, List<Output> outputs) {
    }

    public ApiCallNodeType() {
        super("API call (SPEC §8.11)", List.of(URL, TIMEOUT_S, MAX_ERRORS, INPUTS, OUTPUTS));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        URI url = JsonPost.url(p, URL, false).orElse(null);
        List<Input> inputs = new ArrayList<>();
        Set<String> inputFields = new HashSet<>();
        for (Params i : p.objects(INPUTS)) {
            Optional<String> field = i.get(FIELD);
            if (field.isPresent() && !inputFields.add(field.get())) {
                i.problem("field", "field " + field.get() + " is sent twice");
            }
            if (!i.has("value")) {
                i.problem("value", "is required");
            }
            Optional<String> value = i.get(VALUE);
            field.ifPresent(f -> inputs.add(new Input(f, value.orElse(""))));
        }
        List<Output> outputs = new ArrayList<>();
        for (Params o : p.objects(OUTPUTS)) {
            Optional<String> field = o.get(FIELD);
            Optional<String> variable = Variables.readTarget(o, VARIABLE);
            Optional<String> def = o.get(DEFAULT);
            if (field.isPresent() && variable.isPresent()) {
                outputs.add(new Output(field.get(), variable.get(), def.orElse("")));
            }
        }
        return new Settings(url, p.get(TIMEOUT_S), p.get(MAX_ERRORS), inputs, outputs);
    }

    @Override
    protected List<String> exits(Settings s) {
        return List.of(NEXT);
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        Map<String, String> body = new LinkedHashMap<>();
        s.inputs().forEach(i -> body.put(i.field(), ctx.substitute(i.value())));
        Map<String, String> answer = null;
        List<String> failures = new ArrayList<>();
        while (answer == null && failures.size() < s.maxErrors() && s.url() != null && !ctx.callerHungUp()) {
            JsonPost.Result attempt = JsonPost.post(ctx.http(), s.url(), body, Duration.ofSeconds(s.timeoutS()));
            if (attempt.answer().isPresent()) {
                answer = attempt.answer().get();
            } else {
                failures.add(attempt.failure());
            }
        }
        Map<String, String> trace = new LinkedHashMap<>();
        trace.put("url", String.valueOf(s.url()));
        trace.put("result", answer != null ? "success" : "failure");
        trace.put("failures", String.join("; ", failures));
        for (Output o : s.outputs()) {
            String value = answer == null ? null : answer.get(o.field());
            ctx.variables().put(o.variable(), value == null ? o.defaultValue() : value);
            trace.put("output." + o.variable(), value == null ? o.defaultValue() : value);
        }
        ctx.trace("api_call", trace);
        return ctx.callerHungUp() ? HANG_UP : NEXT;
    }
}
