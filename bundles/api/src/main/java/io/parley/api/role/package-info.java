/** Roles and their permission sets and skill-group scopes, SPEC §5. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.role;
