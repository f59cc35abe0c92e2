/** Customer-number protection: masking and number-to-user-ID mapping (SPEC §25, §26). */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.privacy;
