/** The blocklist of caller numbers refused before the IVR, SPEC §24. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.blocklist;
