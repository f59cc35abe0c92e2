package io.parley.api.store;

/**
 * Reports whether the database answers. Registered by the store bundle once its schema
 * is migrated, so the service's presence already means "ready".
 *
 * <pre>{@code
 * DatabaseInfo db = databaseHealth.check();
 * if (!db.reachable()) log.warn("database {} unreachable", db.url());
 * }</pre>
 */
public interface DatabaseHealth {
    DatabaseInfo check();
}
