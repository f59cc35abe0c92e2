package io.parley.store;

import io.parley.api.error.ConflictException;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The few JDBC shapes the stores need, with connections always closed and SQL failures
 * turned into unchecked exceptions. A unique-constraint violation becomes a
 * {@link ConflictException} naming the field, found through {@code uniqueFields}
 * (constraint name → field), because Derby and PostgreSQL report constraint names alike.
 */
final class Jdbc {

    /** SQLState for a unique or primary key violation, same in Derby and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreFailure(sql, e);
        }
    }

    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * One page of an instance's rows of {@code table}, those whose {@code name_key} contains
     * {@code nameContains} ignoring case (null or empty: all), with the total they make.
     */
    <T> Page<T> pageByName(String table, String columns, long instanceId, String nameContains, String orderBy,
                           PageRequest page, RowMapper<T> mapper) {
        String where = " FROM " + table + " WHERE instance_id = ?";
        List<Object> params = new ArrayList<>(List.of(instanceId));
        if (nameContains != null && !nameContains.isEmpty()) {
            where += " AND name_key LIKE ? ESCAPE '\\'";
            params.add("%" + Sql.likeEscape(nameContains.toLowerCase(Locale.ROOT)) + "%");
        }
        long total = count("SELECT COUNT(*)" + where, params.toArray());
        params.add(page.offset());
        params.add(page.pageSize());
        return new Page<>(list("SELECT " + columns + where + " ORDER BY " + orderBy + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                mapper, params.toArray()), total);
    }

    long count(String sql, Object... params) {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    int update(String sql, Map<String, String> uniqueFields, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw translate(sql, e, uniqueFields);
        }
    }

    int update(String sql, Object... params) {
        return update(sql, Map.of(), params);
    }

    /** Runs an INSERT into a table with an identity column and returns the generated id. */
    long insert(String sql, Map<String, String> uniqueFields, Object... params) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new StoreFailure(sql, new SQLException("no generated key returned"));
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw translate(sql, e, uniqueFields);
        }
    }

    /** Work done on one connection inside {@link #transaction}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A typed SQL NULL, for columns that are not character columns (Derby checks the type). */
    record SqlNull(int sqlType) {
    }

    static final SqlNull NULL_INTEGER = new SqlNull(Types.INTEGER);
    static final SqlNull NULL_BIGINT = new SqlNull(Types.BIGINT);

    /** {@code value}, or a typed NULL of {@code sqlType}. */
    static Object orNull(Object value, int sqlType) {
        return value == null ? new SqlNull(sqlType) : value;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it
     * throws. Unique violations become conflicts as in {@link #update}.
     */
    <T> T transaction(String what, Map<String, String> uniqueFields, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw translate(what, e, uniqueFields);
        }
    }

    /** An update on a connection already in a transaction. */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** An INSERT on a connection already in a transaction; returns the generated id. */
    static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key returned");
                }
                return keys.getLong(1);
            }
        }
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (p instanceof SqlNull n) {
                ps.setNull(i + 1, n.sqlType());
            } else if (p instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    private static RuntimeException translate(String sql, SQLException e, Map<String, String> uniqueFields) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> u : uniqueFields.entrySet()) {
                if (message.contains(u.getKey().toLowerCase(Locale.ROOT))) {
                    return new ConflictException(u.getValue(), u.getValue() + ": is already taken");
                }
            }
            return new ConflictException(null, "the value is already taken");
        }
        return new StoreFailure(sql, e);
    }
}
