/** Skill groups, SPEC §6. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.skillgroup;
