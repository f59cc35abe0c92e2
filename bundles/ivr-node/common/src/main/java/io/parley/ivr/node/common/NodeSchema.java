package io.parley.ivr.node.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON Schema (draft 2020-12) of a node type's parameters, built from its
 * {@link Param} declarations.
 *
 * <pre>{@code
 * String schema = NodeSchema.of("Branch (SPEC §8.3)", List.of(KEYS, PROMPT, TIMEOUT_S));
 * }</pre>
 */
public final class NodeSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeSchema() {
    }

    public static String of(String title, List<Param> params) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("title", title);
        root.put("type", "object");
        ObjectNode properties = root.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (Param p : params) {
            properties.set(p.name(), property(p));
            if (isRequired(p)) {
                required.add(p.name());
            }
        }
        if (!required.isEmpty()) {
            root.set("required", required);
        }
        root.put("additionalProperties", false);
        root.set("$defs", JSON.createObjectNode().set("prompt", promptSchema()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // A parameter with a default is never required in the schema: the default fills it in.
    private static boolean isRequired(Param p) {
        if (p instanceof Param.Choice c) {
            return c.defaultValue() == null;
        } else if (p instanceof Param.Text t) {
            return t.required();
        } else if (p instanceof Param.PromptObject po) {
            return po.required();
        } else if (p instanceof Param.ListOf l) {
            return l.required();
        }
        return false;
    }

    private static ObjectNode property(Param p) {
        ObjectNode n = JSON.createObjectNode();
        if (p instanceof Param.Int i) {
            n.put("type", "integer").put("minimum", i.min()).put("maximum", i.max());
            if (i.defaultValue() != null) {
                n.put("default", i.defaultValue());
            }
        } else if (p instanceof Param.Bool b) {
            n.put("type", "boolean").put("default", b.defaultValue());
        } else if (p instanceof Param.Choice c) {
            n.put("type", "string");
            c.values().forEach(n.putArray("enum")::add);
            if (c.defaultValue() != null) {
                n.put("default", c.defaultValue());
            }
        } else if (p instanceof Param.Text t) {
            n.put("type", "string").put("maxLength", t.maxLength());
            if (t.required()) {
                n.put("minLength", 1);
            }
            if (t.pattern() != null) {
                n.put("pattern", t.pattern().pattern());
            }
        } else if (p instanceof Param.PromptObject po) {
            if (po.holdMusicAllowed()) {
                ArrayNode oneOf = n.putArray("oneOf");
                oneOf.addObject().put("$ref", "#/$defs/prompt");
                oneOf.addObject().put("const", Prompts.SYSTEM_HOLD_MUSIC);
            } else {
                n.put("$ref", "#/$defs/prompt");
            }
        } else if (p instanceof Param.ListOf l) {
            n.put("type", "array").put("minItems", l.minItems());
            n.set("items", JSON.valueToTree(l.itemSchema()));
        }
        if (!p.description().isEmpty()) {
            n.put("description", p.description());
        }
        return n;
    }

    private static ObjectNode promptSchema() {
        ObjectNode prompt = JSON.createObjectNode();
        prompt.put("description", "SPEC §0.3: text to speak (tts) or an approved audio file (audio)");
        prompt.put("type", "object");
        ObjectNode props = prompt.putObject("properties");
        ObjectNode mode = props.putObject("mode").put("type", "string").put("default", "tts");
        mode.putArray("enum").add("tts").add("audio");
        props.putObject("text").put("type", "string").put("maxLength", Prompts.MAX_TEXT)
                .put("description", "${var} placeholders are substituted at play time");
        props.putObject("voice").put("type", "string");
        props.putObject("audio_id").put("type", "string").put("minLength", 1);
        prompt.put("additionalProperties", false);
        return prompt;
    }
}
