package io.parley.store;

import io.parley.api.store.DatabaseHealth;
import io.parley.api.store.DatabaseInfo;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's database, migrated to the current schema before any store uses it. The
 * data source comes from pax-jdbc ({@code etc/org.ops4j.datasource-parley.cfg}): Derby
 * embedded by default, PostgreSQL when an operator points that file at one.
 */
@Component(service = {Database.class, DatabaseHealth.class})
public class Database implements DatabaseHealth {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Jdbc jdbc;
    private final int schemaVersion;
    private final String product;
    private final String productVersion;
    private final String url;

    @Activate
    public Database(@Reference(target = "(dataSourceName=parley)") DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.schemaVersion = new SchemaMigrator(Database.class.getClassLoader()).migrate(dataSource);
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            this.product = meta.getDatabaseProductName();
            this.productVersion = meta.getDatabaseProductVersion();
            this.url = withoutCredentials(meta.getURL());
        } catch (SQLException e) {
            throw new StoreFailure("database metadata", e);
        }
        LOG.info("Database {} {} at {} ready, schema version {}", product, productVersion, url, schemaVersion);
    }

    Jdbc jdbc() {
        return jdbc;
    }

    @Override
    public DatabaseInfo check() {
        boolean reachable;
        try (Connection c = jdbc.dataSource().getConnection()) {
            reachable = c.isValid(2);
        } catch (SQLException e) {
            reachable = false;
        }
        return new DatabaseInfo(product, productVersion, url, schemaVersion, reachable);
    }

    private static String withoutCredentials(String url) {
        return url == null ? "" : url.replaceAll("(?i)(password|user)=[^;&]*", "$1=***");
    }
}
