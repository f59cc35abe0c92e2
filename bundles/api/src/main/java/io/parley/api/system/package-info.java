/** Appliance status and health, SPEC §32. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.system;
