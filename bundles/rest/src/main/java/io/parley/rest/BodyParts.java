package io.parley.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.error.MalformedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.cxf.jaxrs.ext.multipart.Attachment;
import org.apache.cxf.jaxrs.ext.multipart.MultipartBody;

/** Request-body shapes beyond {@link Json.Body}'s scalars: id lists, string lists, uploaded files. */
final class BodyParts {

    private BodyParts() {
    }

    /** A JSON array of positive integers, or null when the field is absent or null. */
    static List<Long> ids(Json.Body body, String field) {
        JsonNode v = body.node().get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new MalformedException(field, "must be an array of integers");
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToLong()) {
                throw new MalformedException(field + "[" + i + "]", "must be an integer");
            }
            out.add(item.longValue());
        }
        return out;
    }

    /** A JSON array of strings, or null when the field is absent or null. */
    static List<String> strings(Json.Body body, String field) {
        JsonNode v = body.node().get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new MalformedException(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new MalformedException(field + "[" + i + "]", "must be a string");
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    /** A boolean field, or null when absent or null. */
    static Boolean bool(Json.Body body, String field) {
        JsonNode v = body.node().get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new MalformedException(field, "must be true or false");
        }
        return v.booleanValue();
    }

    /**
     * The bytes of the multipart part {@code name}, reading at most {@code max + 1} bytes so an
     * oversized upload is detected without being held in memory.
     */
    static byte[] part(MultipartBody body, String name, int max) {
        Attachment part = body == null ? null : body.getAttachment(name);
        if (part == null) {
            throw new MalformedException(name, "the multipart/form-data body must have a part named '" + name + "'");
        }
        try (InputStream in = part.getDataHandler().getInputStream()) {
            return in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new MalformedException(name, "the upload could not be read: " + e.getMessage());
        }
    }

    /** A raw body read with the same bound. */
    static byte[] bounded(InputStream in, int max) {
        try (in) {
            return in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new MalformedException(null, "the upload could not be read: " + e.getMessage());
        }
    }
}
