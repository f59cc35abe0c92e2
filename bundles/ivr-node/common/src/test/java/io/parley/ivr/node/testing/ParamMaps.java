package io.parley.ivr.node.testing;

import java.util.HashMap;
import java.util.Map;

/** Node parameters for a test: a valid base with some entries changed, as a mutable map. */
public final class ParamMaps {

    private ParamMaps() {
    }

    /** {@code base} with each {@code name, value} pair of {@code changes} put over it. */
    public static Map<String, Object> with(Map<String, Object> base, Object... changes) {
        Map<String, Object> m = new HashMap<>(base);
        for (int i = 0; i < changes.length; i += 2) {
            m.put((String) changes[i], changes[i + 1]);
        }
        return m;
    }
}
