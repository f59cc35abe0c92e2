/** The IVR module-type SPI (SPEC §7–8) and what a node may do with a call. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.ivr;
