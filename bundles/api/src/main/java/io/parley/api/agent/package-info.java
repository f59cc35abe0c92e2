/** Agents: the people who answer and place calls, SPEC §4. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.agent;
