package io.parley.api.skillgroup;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;

/**
 * Skill-group configuration with every rule of SPEC §6, shared by REST and the shell.
 *
 * <pre>{@code
 * SkillGroup sales = skillGroups.create(instanceId, SkillGroupDraft.named("Sales"));
 * skillGroups.edit(instanceId, sales.id(), new SkillGroupDraft(null, "simultaneous", null, "2001", false));
 * Page<SkillGroup> found = skillGroups.list(instanceId, "sal", PageRequest.first());
 * }</pre>
 */
public interface SkillGroupService {

    /**
     * @throws io.parley.api.error.InvalidException  a field breaks a §6.1 rule
     * @throws io.parley.api.error.ConflictException the name or extension is taken
     * @throws io.parley.api.error.NotFoundException the instance does not exist
     */
    SkillGroup create(long instanceId, SkillGroupDraft draft);

    /** @throws io.parley.api.error.NotFoundException when absent */
    SkillGroup get(long instanceId, long skillGroupId);

    /** Lists groups whose name contains {@code nameContains} (case-insensitive; null for all), by id. */
    Page<SkillGroup> list(long instanceId, String nameContains, PageRequest page);

    /**
     * Like {@link #list(long, String, PageRequest)} for a caller whose role scopes
     * {@code skill_groups} to some groups (SPEC §5.3): only those ({@code scope} null: all).
     */
    Page<SkillGroup> list(long instanceId, String nameContains, java.util.Set<Long> scope, PageRequest page);

    /** Applies the non-null fields of {@code changes}. Same failures as {@link #create}. */
    SkillGroup edit(long instanceId, long skillGroupId, SkillGroupDraft changes);

    /**
     * @throws io.parley.api.error.ConflictException while the group has member agents (§6.3)
     */
    void delete(long instanceId, long skillGroupId);

    /**
     * Adds member agents (SPEC §6.2 {@code POST …/{id}/agents}); an agent already a member gets
     * the given priority. All or none.
     *
     * @throws io.parley.api.error.InvalidException a priority outside 1..5, an unknown agent, or a
     *                                              simultaneous group that would exceed 2 members
     */
    SkillGroup addAgents(long instanceId, long skillGroupId, java.util.List<MemberDraft> members);

    /** @throws io.parley.api.error.NotFoundException when the agent is not a member */
    SkillGroup setAgentPriority(long instanceId, long skillGroupId, String agentId, Integer priority);

    /** @throws io.parley.api.error.NotFoundException when the agent is not a member */
    SkillGroup removeAgent(long instanceId, long skillGroupId, String agentId);
}
