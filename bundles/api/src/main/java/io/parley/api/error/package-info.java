/** Domain failures, one type per kind, mapped once to HTTP codes and shell messages. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.error;
