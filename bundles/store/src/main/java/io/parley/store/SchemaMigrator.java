package io.parley.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL migrations listed in {@code db/migration/index}, each once and
 * in its own transaction, recording them in {@code parley_schema_version}.
 *
 * <p>Why not Flyway or Liquibase: Flyway releases served here (13.x) no longer ship OSGi
 * metadata nor Derby support in core, and Liquibase pulls a dozen bundles; our migrations
 * are plain SQL files in one dialect, which this class applies in a few lines.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String INDEX = "db/migration/index";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    record Migration(int version, String description, String resource) {
    }

    private final ClassLoader resources;

    SchemaMigrator(ClassLoader resources) {
        this.resources = resources;
    }

    /**
     * Applies every listed migration the database has not recorded, in version order, and
     * returns the schema version afterwards. A version below the highest applied one is still
     * applied when missing: two branches can each add a migration, and a database that got the
     * later number first must not skip the other.
     */
    int migrate(DataSource dataSource) {
        List<Migration> migrations = migrations();
        try (Connection c = dataSource.getConnection()) {
            ensureVersionTable(c);
            Set<Integer> applied = appliedVersions(c);
            for (Migration m : migrations) {
                if (!applied.contains(m.version())) {
                    apply(c, m);
                }
            }
            return currentVersion(c);
        } catch (SQLException e) {
            throw new StoreFailure("schema migration", e);
        }
    }

    static Set<Integer> appliedVersions(Connection c) throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM parley_schema_version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    List<Migration> migrations() {
        List<Migration> out = new ArrayList<>();
        for (String line : read(INDEX).split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("migration name does not match V<n>__<words>.sql: " + name);
            }
            int version = Integer.parseInt(m.group(1));
            if (!out.isEmpty() && out.get(out.size() - 1).version() >= version) {
                throw new IllegalStateException("migrations out of order at " + name);
            }
            out.add(new Migration(version, m.group(2).replace('_', ' '), "db/migration/" + name));
        }
        return out;
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM parley_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void apply(Connection c, Migration m) throws SQLException {
        LOG.info("Applying schema migration V{} ({})", m.version(), m.description());
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : statements(read(m.resource()))) {
                s.execute(statement);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO parley_schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        // only the connection's own schema counts: another schema of the same database may
        // hold a Parley of its own (or a test's)
        for (String name : List.of("PARLEY_SCHEMA_VERSION", "parley_schema_version")) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE parley_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
        }
    }

    /** Splits a script at semicolons that end a line; strips {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private String read(String resource) {
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
