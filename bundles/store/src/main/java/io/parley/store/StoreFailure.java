package io.parley.store;

import java.sql.SQLException;

/** The database failed in a way the caller cannot fix (HTTP 500). */
final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailure(String sql, SQLException cause) {
        super("database failure (" + cause.getSQLState() + ") running: " + firstLine(sql) + ": " + cause.getMessage(),
                cause);
    }

    private static String firstLine(String sql) {
        String trimmed = sql.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl) + " …";
    }
}
