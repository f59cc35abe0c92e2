package io.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link ServiceRecordStoreTest} on a real PostgreSQL server, when {@code PARLEY_TEST_POSTGRES_URL} is set (as in PostgresStoreTest). */
public class PostgresServiceRecordStoreTest extends ServiceRecordStoreTest {

    private static final String URL = System.getenv("PARLEY_TEST_POSTGRES_URL");

    @BeforeClass
    public static void requireServer() {
        Assume.assumeTrue("PARLEY_TEST_POSTGRES_URL is not set: PostgreSQL service record store tests skipped", URL != null);
    }

    @Override
    protected DataSource newDataSource() {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(URL);
        pg.setUser(System.getenv("PARLEY_TEST_POSTGRES_USER"));
        pg.setPassword(System.getenv("PARLEY_TEST_POSTGRES_PASSWORD"));
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = pg.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot create a test schema on " + URL, e);
        }
        pg.setCurrentSchema(schema);
        return pg;
    }
}
