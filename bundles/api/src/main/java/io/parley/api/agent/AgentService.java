package io.parley.api.agent;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;

/**
 * Agents with every rule of SPEC §4, shared by REST and the shell.
 *
 * <pre>{@code
 * IssuedAgent a = agents.create(instanceId, draft);      // a.password() shown once
 * agents.forceOffline(instanceId, "100010");             // tokens revoked, logins refused
 * agents.resumeOnline(instanceId, "100010");
 * }</pre>
 */
public interface AgentService {

    /** CSV columns of the import template, in order. */
    String[] IMPORT_COLUMNS = {"name", "nickname", "agent_id", "email", "role", "skill_groups", "phone_number"};

    /**
     * Creates the agent and its login with a random password.
     *
     * @throws io.parley.api.error.InvalidException  a field breaks a §4.1 rule
     * @throws io.parley.api.error.ConflictException the agent id (instance) or email (appliance) is taken
     */
    IssuedAgent create(long instanceId, AgentDraft draft);

    /** @throws io.parley.api.error.NotFoundException when absent */
    Agent get(long instanceId, String agentId);

    Page<Agent> list(long instanceId, AgentFilter filter, PageRequest page);

    /**
     * Changes name, nickname, role, skill groups, phone number or mobile answering.
     *
     * @throws io.parley.api.error.InvalidException also when {@code agent_id} or {@code email} would change
     */
    Agent edit(long instanceId, String agentId, AgentDraft changes);

    /** Removes the agent, its login, tokens and skill-group memberships. */
    void delete(long instanceId, String agentId);

    /** A new random password; the previous one and every token stop working at once. */
    IssuedAgent resetPassword(long instanceId, String agentId);

    /** Revokes every token and refuses logins until {@link #resumeOnline}. */
    Agent forceOffline(long instanceId, String agentId);

    Agent resumeOnline(long instanceId, String agentId);

    /** At most this many agents per bulk edit (proposed). */
    int BULK_MAX = 1000;

    /**
     * SPEC §4.2 bulk edit with the field set of §34 point 9: sets each non-null of role, skill
     * groups (replacing the memberships) and mobile answering on every listed agent. Every agent
     * is checked first; all change or none does.
     *
     * @throws io.parley.api.error.InvalidException naming {@code agent_ids[i]} for an unknown agent, or the
     *                                              field and agent a rule fails for
     */
    java.util.List<Agent> bulkEdit(long instanceId, java.util.List<String> agentIds, Long roleId,
                                   java.util.List<Long> skillGroupIds, String mobileAnswering);

    /** Every agent matching the filter as CSV in the import template's columns ({@link #IMPORT_COLUMNS}). */
    String exportCsv(long instanceId, AgentFilter filter);

    /** The CSV template: the header line and one example row. */
    String importTemplate();

    /** Validates every row first; creates all of them or none. */
    ImportResult importCsv(long instanceId, byte[] csv);
}
