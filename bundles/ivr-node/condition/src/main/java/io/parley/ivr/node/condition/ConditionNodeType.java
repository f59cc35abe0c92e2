package io.parley.ivr.node.condition;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import io.parley.ivr.node.common.Variables;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Conditional judgment (SPEC §8.12): conditions are tried top to bottom and the first whose
 * clauses all hold wins, following the port {@code condition:<label>}; none holding follows
 * {@code default}. {@code > < >= <=} compare numerically when both sides are numbers, else
 * as text; {@code == !=} compare the trimmed text. An unset variable is "".
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + ConditionNodeType.TYPE)
public class ConditionNodeType extends ParameterizedNodeType<ConditionNodeType.Settings> {

    static final String TYPE = "condition";
    static final String DEFAULT = "default";
    static final String PORT_PREFIX = "condition:";
    static final List<String> OPERATORS = List.of("==", "!=", ">", "<", ">=", "<=");

    private static final Map<String, Object> CLAUSE_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of(
                    "variable", Map.of("type", "string"),
                    "op", Map.of("type", "string", "enum", OPERATORS),
                    "value", Map.of("type", List.of("string", "number"))),
            "required", List.of("variable", "op", "value"),
            "additionalProperties", false);
    static final Param.ListOf CONDITIONS = new Param.ListOf("conditions", true, 1, Map.of(
            "type", "object",
            "properties", Map.of(
                    "label", Map.of("type", "string", "minLength", 1, "maxLength", 30),
                    "all_of", Map.of("type", "array", "minItems", 1, "items", CLAUSE_SCHEMA)),
            "required", List.of("label", "all_of"),
            "additionalProperties", false), "first that holds wins; clauses joined by and");
    private static final Param.Text LABEL = new Param.Text("label", true, 30, null, null, "");
    private static final Param.ListOf ALL_OF = new Param.ListOf("all_of", true, 1, CLAUSE_SCHEMA, "");
    private static final Param.Text VARIABLE = Variables.reference("variable", true, "");
    private static final Param.Choice OP = new Param.Choice("op", null, OPERATORS, "");

    record Clause(String variable, String op, String value) {
    }

    record Condition(String label, List<Clause> allOf) {
    }

    record Settings(List<Condition> conditions) {
    }

    public ConditionNodeType() {
        super("Conditional judgment (SPEC §8.12)", List.of(CONDITIONS));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        List<Condition> conditions = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (Params c : p.objects(CONDITIONS)) {
            String label = c.get(LABEL).orElse(null);
            if (label != null) {
                c.unique(labels, "label", label);
            }
            List<Clause> clauses = new ArrayList<>();
            for (Params clause : c.objects(ALL_OF)) {
                String variable = clause.get(VARIABLE).map(Variables::name).orElse(null);
                String op = clause.get(OP);
                Object value = clause.raw("value");
                if (value == null) {
                    clause.problem("value", "is required");
                } else if (!(value instanceof String || value instanceof Number)) {
                    clause.problem("value", "must be a string or a number");
                }
                if (variable != null && op != null && (value instanceof String || value instanceof Number)) {
                    clauses.add(new Clause(variable, op, value instanceof Number n ? number(n) : (String) value));
                }
            }
            if (label != null) {
                conditions.add(new Condition(label, clauses));
            }
        }
        return new Settings(conditions);
    }

    private static String number(Number n) {
        return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }

    @Override
    protected List<String> exits(Settings s) {
        List<String> exits = new ArrayList<>(s.conditions().stream().map(c -> PORT_PREFIX + c.label()).toList());
        exits.add(DEFAULT);
        return exits;
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        for (Condition c : s.conditions()) {
            if (!c.allOf().isEmpty() && c.allOf().stream().allMatch(clause -> holds(clause, ctx))) {
                ctx.trace("condition", Map.of("label", c.label()));
                return PORT_PREFIX + c.label();
            }
        }
        ctx.trace("condition", Map.of("label", DEFAULT));
        return DEFAULT;
    }

    static boolean holds(Clause clause, NodeContext ctx) {
        String left = ctx.variables().getOrDefault(clause.variable(), "");
        String right = ctx.substitute(clause.value());
        switch (clause.op()) {
            case "==":
                return left.trim().equals(right.trim());
            case "!=":
                return !left.trim().equals(right.trim());
            default:
                int order = compare(left.trim(), right.trim());
                return switch (clause.op()) {
                    case ">" -> order > 0;
                    case "<" -> order < 0;
                    case ">=" -> order >= 0;
                    case "<=" -> order <= 0;
                    default -> false;
                };
        }
    }

    /** Numerically when both sides are numbers, else as text. */
    private static int compare(String left, String right) {
        BigDecimal l = decimal(left);
        BigDecimal r = decimal(right);
        return l != null && r != null ? l.compareTo(r) : left.compareTo(right);
    }

    private static BigDecimal decimal(String s) {
        try {
            return s.isEmpty() ? null : new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
