package io.parley.ivr.engine;

import io.parley.ivr.flow.SystemVariables;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * A call's variables (SPEC §7.4): the system ones, which only the engine sets, and the flow's
 * own, strings seen by every later node. The map nodes get refuses writes to system names.
 */
final class SessionVariables extends AbstractMap<String, String> {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    /** Sets a system variable (engine only). */
    void system(String name, String value) {
        values.put(name, value == null ? "" : value);
    }

    @Override
    public String put(String key, String value) {
        if (SystemVariables.NAMES.contains(key)) {
            throw new UnsupportedOperationException(key + " is a system variable and read-only (SPEC §7.4)");
        }
        if (key == null || !key.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("not a variable name: " + key);
        }
        return values.put(key, value == null ? "" : value);
    }

    @Override
    public String remove(Object key) {
        if (SystemVariables.NAMES.contains(key)) {
            throw new UnsupportedOperationException(key + " is a system variable and read-only (SPEC §7.4)");
        }
        return values.remove(key);
    }

    @Override
    public String get(Object key) {
        return values.get(key);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return java.util.Collections.unmodifiableMap(values).entrySet();
    }

    /** {@code ${name}} replaced by its value; unknown names become "". */
    String substitute(String text) {
        if (text == null || text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = SystemVariables.PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
