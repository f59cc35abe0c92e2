package io.parley.api.store;

/**
 * What the store runs on, for status and health output.
 *
 * @param product       e.g. {@code Apache Derby}
 * @param version       the product's version
 * @param url           the JDBC URL, without credentials
 * @param schemaVersion the highest applied migration
 * @param reachable     whether a connection could be opened just now
 */
public record DatabaseInfo(String product, String version, String url, int schemaVersion, boolean reachable) {
}
