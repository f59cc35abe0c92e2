package io.parley.ivr.node.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The small JSON shapes IVR nodes exchange with the outside: a flat object of strings (API
 * call, SPEC §8.11; callbacks, §8.5.1, §34 p27) and an array of flat objects serialised in a
 * variable (dynamic branch, §8.3.1).
 *
 * <pre>{@code
 * FlatJson.object("{\"Score\":\"95\"}");            // Optional[{Score=95}]
 * FlatJson.write(Map.of("Callee", "008618621500000"));
 * }</pre>
 */
public final class FlatJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FlatJson() {
    }

    /**
     * The members of a JSON object, scalars as their text ({@code 95} and {@code "95"} both give
     * "95"), nested values as their JSON; empty when the text is not a JSON object.
     */
    public static Optional<Map<String, String>> object(String text) {
        JsonNode node = parse(text);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Map<String, String> members = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> members.put(e.getKey(), text(e.getValue())));
        return Optional.of(members);
    }

    /** The objects of a JSON array of objects; empty when the text is not one. */
    public static Optional<List<Map<String, String>>> arrayOfObjects(String text) {
        JsonNode node = parse(text);
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        List<Map<String, String>> items = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                return Optional.empty();
            }
            Map<String, String> members = new LinkedHashMap<>();
            item.fields().forEachRemaining(e -> members.put(e.getKey(), text(e.getValue())));
            items.add(members);
        }
        return Optional.of(items);
    }

    /** The strings of a JSON array of strings (e.g. {@code SeatEmails}, SPEC §8.5.1); empty when it is not one. */
    public static Optional<List<String>> strings(String text) {
        JsonNode node = parse(text);
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return Optional.empty();
            }
            items.add(item.asText());
        }
        return Optional.of(items);
    }

    /** A JSON object of the given members (values as JSON strings, numbers or booleans). */
    public static String write(Map<String, ?> members) {
        try {
            return JSON.writeValueAsString(members);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String text(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
