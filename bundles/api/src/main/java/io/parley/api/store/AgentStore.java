package io.parley.api.store;

import io.parley.api.agent.AccountState;
import io.parley.api.agent.Agent;
import io.parley.api.agent.AgentFilter;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.SkillGroup;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of agents, their login accounts and their skill-group memberships. Agent
 * ids are unique per instance (conflict on {@code agent_id}), emails appliance-wide (conflict
 * on {@code email}). Memberships created through an agent get priority 3.
 *
 * <pre>{@code
 * agentStore.insertAll(List.of(agent), List.of(passwordHash));
 * agentStore.addMembers(instanceId, 2001, List.of(new SkillGroup.Member("100010", 1)));
 * }</pre>
 */
public interface AgentStore {

    /** Default priority of a membership (SPEC §6.1). */
    int DEFAULT_PRIORITY = 3;

    /**
     * Inserts the agents, each with an account (login = email in lower case, the hash at the
     * same index) and its memberships, in one transaction: all or none.
     */
    void insertAll(List<Agent> agents, List<String> passwordHashes);

    Optional<Agent> find(long instanceId, String agentId);

    /** The agent whose login (lower-case email) this is, in any instance. */
    Optional<Agent> findByLogin(String login);

    Page<Agent> list(long instanceId, AgentFilter filter, PageRequest page);

    /**
     * Replaces name, nickname, role, phone number, mobile answering and the membership set
     * (existing memberships keep their priority); false when the agent no longer exists.
     */
    boolean update(Agent agent);

    /** {@link #update} for several agents in one transaction: all, or none (false) when one no longer exists. */
    default boolean updateAll(List<Agent> agents) {
        for (Agent a : agents) {
            if (!update(a)) {
                return false;
            }
        }
        return true;
    }

    /** Sets the state; false when the agent does not exist. */
    boolean updateState(long instanceId, String agentId, AccountState state);

    void updateLastOnline(long instanceId, String agentId, Instant at);

    /** Moves the agents to the role; returns how many were moved. */
    int assignRole(long instanceId, List<String> agentIds, long roleId);

    /** Removes the agent, its account, tokens, memberships and phone binding; false when absent. */
    boolean delete(long instanceId, String agentId);

    /** Adds (or re-prioritises) member agents of a group, all or none. */
    void addMembers(long instanceId, long skillGroupId, List<SkillGroup.Member> members);

    boolean updateMemberPriority(long instanceId, long skillGroupId, String agentId, int priority);

    boolean removeMember(long instanceId, long skillGroupId, String agentId);
}
