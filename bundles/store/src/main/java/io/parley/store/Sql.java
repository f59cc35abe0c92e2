package io.parley.store;

/** Small SQL text helpers shared by the stores. */
final class Sql {

    private Sql() {
    }

    /** Escapes LIKE wildcards so a search term matches literally (with {@code ESCAPE '\'}). */
    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
