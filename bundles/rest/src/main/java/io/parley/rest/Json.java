package io.parley.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.api.error.MalformedException;
import java.util.Iterator;
import java.util.Set;

/**
 * JSON for the API: snake_case field names, and request bodies read field by field so a
 * wrong type or an unknown field is reported by name (400) before any SPEC rule (422).
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** A request body that must be one JSON object with only {@code allowed} fields. */
    static Body object(String body, Set<String> allowed) {
        if (body == null || body.isBlank()) {
            throw new MalformedException(null, "the request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedException(null, "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new MalformedException(null, "the request body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new MalformedException(name, "unknown field; allowed fields are " + new java.util.TreeSet<>(allowed));
            }
        }
        return new Body(object);
    }

    /** A parsed request body. Getters return null for an absent field. */
    record Body(ObjectNode node) {

        boolean has(String field) {
            return node.has(field);
        }

        boolean isNull(String field) {
            return node.has(field) && node.get(field).isNull();
        }

        String string(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw new MalformedException(field, "must be a string");
            }
            return v.textValue();
        }

        Integer integer(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new MalformedException(field, "must be an integer");
            }
            return v.intValue();
        }
    }

    /** A query parameter that must be an integer when present. */
    static Integer queryInt(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new MalformedException(name, "must be an integer");
        }
    }

    /** A path id that must be a positive integer. */
    static long pathId(String name, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedException(name, "must be a positive integer");
    }
}
