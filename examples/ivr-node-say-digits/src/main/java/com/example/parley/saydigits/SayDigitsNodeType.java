package com.example.parley.saydigits;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.ParameterProblem;
import io.parley.api.ivr.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * A custom IVR module type (docs/custom-ivr-node.md): reads a variable's value out digit by
 * digit, e.g. an account number collected earlier ("Your number is 4 7 2 5"). Parameters:
 * {@code variable} (required, the variable to read) and {@code prefix} (text said first, may hold
 * {@code ${var}}); one exit, {@code next}.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + SayDigitsNodeType.TYPE)
public class SayDigitsNodeType implements IvrNodeType {

    static final String TYPE = "say_digits";
    static final String NEXT = "next";
    private static final Set<String> PARAMS = Set.of("variable", "prefix");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String parameterSchema() {
        return """
                {"type":"object","title":"Say digits",
                 "properties":{
                   "variable":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]{0,63}$","description":"the variable read out"},
                   "prefix":{"type":"string","maxLength":200,"default":"","description":"said first; may use ${var}"}},
                 "required":["variable"],"additionalProperties":false}""";
    }

    @Override
    public List<String> exits(Map<String, Object> params) {
        return List.of(NEXT);
    }

    @Override
    public List<ParameterProblem> validate(Map<String, Object> params) {
        List<ParameterProblem> problems = new ArrayList<>();
        for (String name : params.keySet()) {
            if (!PARAMS.contains(name)) {
                problems.add(new ParameterProblem(name, "unknown parameter"));
            }
        }
        Object variable = params.get("variable");
        if (!(variable instanceof String v) || !v.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            problems.add(new ParameterProblem("variable", "is required: a variable name like Account"));
        }
        Object prefix = params.get("prefix");
        if (prefix != null && (!(prefix instanceof String p) || p.length() > 200)) {
            problems.add(new ParameterProblem("prefix", "must be text of at most 200 characters"));
        }
        return problems;
    }

    @Override
    public String execute(NodeContext ctx) {
        String value = ctx.variables().getOrDefault((String) ctx.params().get("variable"), "");
        StringBuilder spoken = new StringBuilder(ctx.substitute((String) ctx.params().getOrDefault("prefix", "")));
        for (char c : value.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                spoken.append(spoken.length() == 0 ? "" : " ").append(c);
            }
        }
        ctx.play(Prompt.tts(spoken.toString()), 1, false);
        ctx.trace("say_digits", Map.of("digits", String.valueOf(value.chars().filter(Character::isLetterOrDigit).count())));
        return NEXT;
    }
}
