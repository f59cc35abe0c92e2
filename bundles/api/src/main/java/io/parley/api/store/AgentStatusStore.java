package io.parley.api.store;

import io.parley.api.agent.BreakReason;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of break reasons (name unique per instance, conflict on {@code name}) and of
 * instance settings as named values, so every settings page ({@code {I}/settings/*}) can
 * keep its fields without a migration per field.
 *
 * <pre>{@code
 * store.putSetting(instanceId, "basic.default_status_after_login", "busy");
 * }</pre>
 */
public interface AgentStatusStore {

    BreakReason insertBreakReason(BreakReason reason);

    Optional<BreakReason> findBreakReason(long instanceId, long id);

    List<BreakReason> breakReasons(long instanceId);

    boolean updateBreakReason(BreakReason reason);

    boolean deleteBreakReason(long instanceId, long id);

    Optional<String> setting(long instanceId, String name);

    void putSetting(long instanceId, String name, String value);

    /** Every setting whose name starts with {@code prefix} (e.g. {@code inbound.}), by name. */
    java.util.Map<String, String> settings(long instanceId, String prefix);

    /**
     * Replaces every setting whose name starts with {@code prefix} by {@code values} (names
     * including the prefix) in one transaction, so a settings page changes as a whole.
     */
    void replaceSettings(long instanceId, String prefix, java.util.Map<String, String> values);
}
