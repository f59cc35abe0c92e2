/** Authentication and permissions, SPEC §5 and §34 point 1. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.auth;
