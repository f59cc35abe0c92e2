/** Outgoing mail through the appliance's SMTP relay (SPEC §4.2, §32): agents' passwords. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.mail;
