/** Routing-policy SPI for the ACD, SPEC §15. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.acd;
