/** Agents' calls: originate, in-call control, live calls and the agent event stream (SPEC §16, §20, §21). */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.agentcall;
