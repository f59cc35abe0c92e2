package io.parley.api.ivr;

/**
 * A self-service process (SPEC §22.1): an IVR of kind {@code self_service} an agent starts
 * during a call, the agent held meanwhile, the customer handed back at End.
 *
 * <pre>{@code
 * SelfService s = selfServices.create(instanceId, new SelfService(0, instanceId, "Card PIN", 1003305, "MAIN", true));
 * }</pre>
 *
 * @param id         generated
 * @param instanceId the instance
 * @param name       1..32 characters, unique in the instance
 * @param ivrId      a flow of kind {@code self_service}
 * @param ivrVersion its version, default MAIN; must be published
 * @param enabled    only enabled ones are offered to agents
 */
public record SelfService(long id, long instanceId, String name, long ivrId, String ivrVersion, boolean enabled) {
}
