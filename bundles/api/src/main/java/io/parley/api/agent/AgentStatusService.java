package io.parley.api.agent;

import java.util.List;

/**
 * Presence configuration of an instance (SPEC §14.1, §14.2): the status after login and the
 * "On Break" reasons, with their rules, shared by REST and the shell.
 *
 * <pre>{@code
 * status.updateBasicSettings(instanceId, "busy");
 * BreakReason r = status.createBreakReason(instanceId, "Training", true);
 * }</pre>
 */
public interface AgentStatusService {

    /** At most this many reasons per instance (proposed). */
    int MAX_BREAK_REASONS = 100;

    BasicSettings basicSettings(long instanceId);

    /** @throws io.parley.api.error.InvalidException an unknown status (field default_status_after_login) */
    BasicSettings updateBasicSettings(long instanceId, String defaultStatusAfterLogin);

    /** Reasons by id. */
    List<BreakReason> breakReasons(long instanceId);

    /** @throws io.parley.api.error.NotFoundException when absent */
    BreakReason breakReason(long instanceId, long id);

    /**
     * @param enabled null for the default (true)
     * @throws io.parley.api.error.InvalidException  name not 1..20 characters
     * @throws io.parley.api.error.ConflictException name taken, or the instance holds the maximum
     */
    BreakReason createBreakReason(long instanceId, String name, Boolean enabled);

    /** Changes the non-null fields. */
    BreakReason editBreakReason(long instanceId, long id, String name, Boolean enabled);

    void deleteBreakReason(long instanceId, long id);
}
