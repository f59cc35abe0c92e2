package io.parley.ivr.node.common;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DTMF keys as node parameters name them ({@code "1"}, {@code "*"}, {@code "#"}) and the
 * per-node uniqueness rule of SPEC §7.3 rule 5.
 *
 * <pre>{@code
 * Keys.isKey("#", Keys.ALL);        // true
 * Keys.isKey("#", Keys.DIGITS);     // false: satisfaction options take 0-9 only
 * }</pre>
 */
public final class Keys {

    /** 0-9, * and # (branch keys, SPEC §8.3). */
    public static final String ALL = "0123456789*#";
    /** 0-9 only (satisfaction options, SPEC §8.7). */
    public static final String DIGITS = "0123456789";

    private Keys() {
    }

    /** True when {@code value} is one key out of {@code allowed}. */
    public static boolean isKey(Object value, String allowed) {
        return value instanceof String s && s.length() == 1 && allowed.indexOf(s.charAt(0)) >= 0;
    }

    /** The rule text for a key out of {@code allowed}, for problems. */
    public static String rule(String allowed) {
        return ALL.equals(allowed) ? "must be one of 0-9, * or #" : "must be one digit 0-9";
    }

    /**
     * Reads the {@code field} of each object as a key out of {@code allowed}, noting keys that
     * are not allowed and keys used twice; the result has {@code null} where a key was bad.
     */
    public static List<String> readUnique(List<Params> objects, String field, String allowed) {
        Set<String> seen = new HashSet<>();
        return objects.stream().map(o -> {
            Object v = o.raw(field);
            if (v == null) {
                o.problem(field, "is required");
                return null;
            }
            if (!isKey(v, allowed)) {
                o.problem(field, rule(allowed));
                return null;
            }
            if (!o.unique(seen, field, (String) v)) {
                return null;
            }
            return (String) v;
        }).toList();
    }
}
