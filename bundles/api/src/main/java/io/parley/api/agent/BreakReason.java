package io.parley.api.agent;

/**
 * An "On Break" reason (SPEC §14.2), e.g. Meeting, Training, Lunch break. Agents entering
 * {@code on_break} choose an enabled one.
 *
 * <pre>{@code
 * BreakReason lunch = status.createBreakReason(instanceId, "Lunch break", null);
 * status.editBreakReason(instanceId, lunch.id(), null, false);   // disable
 * }</pre>
 *
 * @param id         server-generated id
 * @param instanceId the owning instance
 * @param name       1..20 characters, unique in the instance ignoring case
 * @param enabled    whether agents may choose it (default true)
 */
public record BreakReason(long id, long instanceId, String name, boolean enabled) {
}
