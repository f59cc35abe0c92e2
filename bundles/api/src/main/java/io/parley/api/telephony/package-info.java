/** Telephony resources: SIP phones (SPEC §12), SIP channels (§1) and their numbers (§2–3). */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.telephony;
