package io.parley.directory;

import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON-shaped maps settings pages are read, patched and stored as: a JSON merge patch
 * (RFC 7396), flattening to named values for {@code instance_setting} and back, and a reader
 * that checks each field's JSON type. Values read back from the database are strings, so the
 * reader converts them when {@code stored} is set; values from a request must already have
 * the right JSON type.
 */
final class SettingsMaps {

    private SettingsMaps() {
    }

    /** RFC 7396: objects merge, null removes, anything else replaces. Returns a new map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                out.remove(e.getKey());
            } else if (value instanceof Map<?, ?> m && out.get(e.getKey()) instanceof Map<?, ?> current) {
                out.put(e.getKey(), merge((Map<String, Object>) current, (Map<String, Object>) m));
            } else if (value instanceof Map<?, ?> m) {
                out.put(e.getKey(), merge(Map.of(), (Map<String, Object>) m));
            } else {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    /** {@code {"a":{"b":1},"c":[x,y]}} → {@code prefix.a.b=1, prefix.c.0=x, prefix.c.1=y}. */
    static Map<String, String> flatten(String prefix, Map<String, Object> map) {
        Map<String, String> out = new TreeMap<>();
        flatten(prefix, map, out);
        return out;
    }

    private static void flatten(String path, Object value, Map<String, String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(path + "." + k, v, out));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                flatten(path + "." + i, l.get(i), out);
            }
        } else {
            out.put(path, value.toString());
        }
    }

    /** The inverse of {@link #flatten}: objects whose keys are 0..n-1 become lists. */
    static Map<String, Object> unflatten(String prefix, Map<String, String> values) {
        Map<String, Object> root = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!e.getKey().startsWith(prefix + ".")) {
                continue;
            }
            String[] parts = e.getKey().substring(prefix.length() + 1).split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new TreeMap<>());
                node = child;
            }
            node.put(parts[parts.length - 1], e.getValue());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) listify(root);
        return result;
    }

    private static Object listify(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return value;
        }
        boolean indexed = !m.isEmpty() && m.keySet().stream().allMatch(k -> k.toString().matches("[0-9]+"));
        if (indexed) {
            List<Object> list = new ArrayList<>();
            new TreeMap<Integer, Object>(m.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    e -> Integer.valueOf(e.getKey().toString()), Map.Entry::getValue))).values()
                    .forEach(v -> list.add(listify(v)));
            return list;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.toString(), listify(v)));
        return out;
    }

    /**
     * Reads the fields of one JSON object, reporting a field by its path ({@code prefix} +
     * name). {@link #done} refuses fields nobody read.
     */
    static final class Reader {
        private final Map<String, Object> map;
        private final String prefix;
        private final boolean stored;
        private final Set<String> read = new TreeSet<>();

        Reader(Map<String, Object> map, String prefix, boolean stored) {
            this.map = map == null ? Map.of() : map;
            this.prefix = prefix;
            this.stored = stored;
        }

        String path(String field) {
            return prefix + field;
        }

        boolean has(String field) {
            read.add(field);
            return map.get(field) != null;
        }

        Boolean bool(String field, Boolean def) {
            read.add(field);
            Object v = map.get(field);
            if (v == null) {
                return def;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            if (stored && (v.equals("true") || v.equals("false"))) {
                return Boolean.valueOf(v.toString());
            }
            throw new MalformedException(path(field), "must be true or false");
        }

        /** An integer within min..max (422 naming the range outside it). */
        Integer integer(String field, Integer def, int min, int max) {
            read.add(field);
            Object v = map.get(field);
            if (v == null) {
                return def;
            }
            long n;
            if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                n = ((Number) v).longValue();
            } else if (v instanceof java.math.BigInteger b) {
                n = b.bitLength() < 63 ? b.longValue() : Long.MAX_VALUE;
            } else if (stored && v instanceof String s && s.matches("-?[0-9]{1,9}")) {
                n = Long.parseLong(s);
            } else {
                throw new MalformedException(path(field), "must be an integer");
            }
            if (n < min || n > max) {
                throw new InvalidException(path(field), "must be " + min + ".." + max);
            }
            return (int) n;
        }

        String string(String field) {
            read.add(field);
            Object v = map.get(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw new MalformedException(path(field), "must be a string");
            }
            return s;
        }

        /** One of {@code values} (wire forms), or {@code def} when absent. */
        <E extends Enum<E>> E choice(String field, Class<E> type, E def) {
            String v = string(field);
            if (v == null) {
                return def;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v)) {
                    return e;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(e.name().toLowerCase(java.util.Locale.ROOT));
            }
            throw new InvalidException(path(field), "must be one of " + String.join(", ", allowed));
        }

        /** A nested object, or null when absent. */
        Reader object(String field) {
            read.add(field);
            Object v = map.get(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw new MalformedException(path(field), "must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) m;
            return new Reader(child, path(field) + ".", stored);
        }

        Object raw(String field) {
            read.add(field);
            return map.get(field);
        }

        boolean stored() {
            return stored;
        }

        /** Refuses fields nobody asked for (400), ignoring the read-only {@code ignored} ones. */
        void done(Set<String> ignored) {
            for (Iterator<String> it = map.keySet().iterator(); it.hasNext(); ) {
                String k = it.next();
                if (!read.contains(k) && !ignored.contains(k)) {
                    Set<String> allowed = new TreeSet<>(read);
                    throw new MalformedException(path(k), "unknown field; allowed fields are " + allowed);
                }
            }
        }
    }
}
