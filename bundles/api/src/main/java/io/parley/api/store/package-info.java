/**
 * Persistence interfaces, one per aggregate, implemented by the store bundle. Managers call
 * these; they never write SQL.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.store;
