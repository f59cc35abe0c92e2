/** Push destination SPI, SPEC §29.3. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.push;
