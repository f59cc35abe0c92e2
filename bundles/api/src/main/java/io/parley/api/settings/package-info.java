/** Instance settings pages: inbound answering (SPEC §15.1), outbound caller number (§11.1), general (§21.1, §24, §25, §26.1). */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.settings;
