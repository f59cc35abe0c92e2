/** Inbound call pop-up pages shown in the agent client, SPEC §13. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.popup;
