package io.parley.directory;

import io.parley.api.error.TextRules;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.skillgroup.SkillGroupDraft;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.skillgroup.MemberDraft;
import io.parley.api.store.AgentStore;
import io.parley.api.store.SipPhoneStore;
import io.parley.api.store.SkillGroupStore;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Skill groups with the rules of SPEC §6.1 and §6.3. */
@Component(service = SkillGroupService.class)
public class SkillGroupManager implements SkillGroupService {

    static final int NAME_MAX = 32;
    /** Phone groups take one session per agent (SPEC §6.1, §34 point 11). */
    static final int PHONE_RECEPTION_LIMIT = 1;
    /** Simultaneous ringing allows at most this many members, agents and phones together (§6.3, §34 p12). */
    static final int SIMULTANEOUS_MAX_MEMBERS = 2;
    /** Same format as SIP phone extensions (§12): 4–6 digits, first digit 1–8. */
    static final int PRIORITY_MIN = 1;
    static final int PRIORITY_MAX = 5;
    static final Pattern EXTENSION = Pattern.compile("[1-8][0-9]{3,5}");

    private final SkillGroupStore store;
    private final InstanceService instances;
    private final SipPhoneStore phones;
    private final AgentStore agents;

    @Activate
    public SkillGroupManager(@Reference SkillGroupStore store, @Reference InstanceService instances,
                             @Reference SipPhoneStore phones, @Reference AgentStore agents) {
        this.store = store;
        this.instances = instances;
        this.phones = phones;
        this.agents = agents;
    }

    @Override
    public SkillGroup create(long instanceId, SkillGroupDraft draft) {
        instances.get(instanceId);
        String name = TextRules.required("name", draft.name(), NAME_MAX);
        RingingMode mode = draft.ringingMode() == null ? RingingMode.SEQUENTIAL : ringingMode(draft.ringingMode());
        int limit = receptionLimit(draft.receptionLimit() == null ? PHONE_RECEPTION_LIMIT : draft.receptionLimit());
        String extension = draft.clearExtension() ? null : extension(draft.extension());
        requireFreeName(instanceId, name, -1);
        requireFreeExtension(instanceId, extension, -1);
        return store.insert(new SkillGroup(0, instanceId, name, SkillGroup.TYPE_PHONE, mode, limit, extension,
                List.of(), List.of()));
    }

    @Override
    public SkillGroup get(long instanceId, long skillGroupId) {
        instances.get(instanceId);
        return store.find(instanceId, skillGroupId)
                .orElseThrow(() -> new NotFoundException("skill group", skillGroupId));
    }

    @Override
    public Page<SkillGroup> list(long instanceId, String nameContains, PageRequest page) {
        instances.get(instanceId);
        return store.list(instanceId, nameContains == null || nameContains.isBlank() ? null : nameContains.strip(), page);
    }

    @Override
    public Page<SkillGroup> list(long instanceId, String nameContains, Set<Long> scope, PageRequest page) {
        if (scope == null) {
            return list(instanceId, nameContains, page);
        }
        instances.get(instanceId);
        return store.list(instanceId, nameContains == null || nameContains.isBlank() ? null : nameContains.strip(),
                scope, page);
    }

    @Override
    public SkillGroup edit(long instanceId, long skillGroupId, SkillGroupDraft changes) {
        SkillGroup current = get(instanceId, skillGroupId);
        String name = changes.name() == null ? current.name() : TextRules.required("name", changes.name(), NAME_MAX);
        RingingMode mode = changes.ringingMode() == null ? current.ringingMode() : ringingMode(changes.ringingMode());
        int limit = changes.receptionLimit() == null ? current.receptionLimit() : receptionLimit(changes.receptionLimit());
        String extension = changes.clearExtension() ? null
                : changes.extension() == null ? current.extension() : extension(changes.extension());
        int members = current.agents().size() + current.phones().size();
        if (mode == RingingMode.SIMULTANEOUS && members > SIMULTANEOUS_MAX_MEMBERS) {
            throw new InvalidException("ringing_mode", "simultaneous ringing allows at most "
                    + SIMULTANEOUS_MAX_MEMBERS + " members (agents and phones); the group has " + members);
        }
        requireFreeName(instanceId, name, skillGroupId);
        requireFreeExtension(instanceId, extension, skillGroupId);
        SkillGroup updated = new SkillGroup(skillGroupId, instanceId, name, current.type(), mode, limit, extension,
                current.agents(), current.phones());
        if (!store.update(updated)) {
            throw new NotFoundException("skill group", skillGroupId);
        }
        return updated;
    }

    @Override
    public void delete(long instanceId, long skillGroupId) {
        SkillGroup group = get(instanceId, skillGroupId);
        if (group.agentCount() > 0) {
            throw new ConflictException(null, "skill group " + skillGroupId + " still has " + group.agentCount()
                    + " member agent(s); remove them first");
        }
        if (!store.delete(instanceId, skillGroupId)) {
            throw new NotFoundException("skill group", skillGroupId);
        }
    }

    @Override
    public SkillGroup addAgents(long instanceId, long skillGroupId, List<MemberDraft> members) {
        SkillGroup group = get(instanceId, skillGroupId);
        if (members == null || members.isEmpty()) {
            throw new InvalidException("agents", "at least one {agent_id, priority} is required");
        }
        Map<String, SkillGroup.Member> byAgent = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            MemberDraft m = members.get(i);
            String field = "agents[" + i + "]";
            if (m == null || m.agentId() == null || agents.find(instanceId, m.agentId()).isEmpty()) {
                throw new InvalidException(field + ".agent_id", "agent " + (m == null ? null : m.agentId())
                        + " does not exist");
            }
            byAgent.put(m.agentId(), new SkillGroup.Member(m.agentId(), priority(field + ".priority", m.priority())));
        }
        Set<String> current = group.agents().stream().map(SkillGroup.Member::id).collect(Collectors.toSet());
        long added = byAgent.keySet().stream().filter(a -> !current.contains(a)).count();
        int total = group.agents().size() + group.phones().size() + (int) added;
        if (group.ringingMode() == RingingMode.SIMULTANEOUS && total > SIMULTANEOUS_MAX_MEMBERS) {
            throw new InvalidException("agents", "skill group " + skillGroupId + " rings simultaneously: at most "
                    + SIMULTANEOUS_MAX_MEMBERS + " members (agents and phones), this would make " + total);
        }
        agents.addMembers(instanceId, skillGroupId, List.copyOf(byAgent.values()));
        return get(instanceId, skillGroupId);
    }

    @Override
    public SkillGroup setAgentPriority(long instanceId, long skillGroupId, String agentId, Integer priority) {
        get(instanceId, skillGroupId);
        int p = priority("priority", priority);
        if (!agents.updateMemberPriority(instanceId, skillGroupId, agentId, p)) {
            throw new NotFoundException("member agent of skill group " + skillGroupId + ":", agentId);
        }
        return get(instanceId, skillGroupId);
    }

    @Override
    public SkillGroup removeAgent(long instanceId, long skillGroupId, String agentId) {
        get(instanceId, skillGroupId);
        if (!agents.removeMember(instanceId, skillGroupId, agentId)) {
            throw new NotFoundException("member agent of skill group " + skillGroupId + ":", agentId);
        }
        return get(instanceId, skillGroupId);
    }

    private static int priority(String field, Integer priority) {
        if (priority == null) {
            return AgentStore.DEFAULT_PRIORITY;
        }
        if (priority < PRIORITY_MIN || priority > PRIORITY_MAX) {
            throw new InvalidException(field, "must be " + PRIORITY_MIN + ".." + PRIORITY_MAX + " (1 = highest)");
        }
        return priority;
    }

    private void requireFreeName(long instanceId, String name, long self) {
        store.findByName(instanceId, name).filter(g -> g.id() != self).ifPresent(g -> {
            throw new ConflictException("name", "name: skill group name '" + name + "' is already taken by group " + g.id());
        });
    }

    private void requireFreeExtension(long instanceId, String extension, long self) {
        if (extension == null) {
            return;
        }
        store.findByExtension(instanceId, extension).filter(g -> g.id() != self).ifPresent(g -> {
            throw new ConflictException("extension", "extension: " + extension + " is already used by skill group " + g.id());
        });
        // unique across phones and groups (SPEC §6.1, §12.1)
        phones.find(instanceId, extension).ifPresent(p -> {
            throw new ConflictException("extension", "extension: " + extension + " is already a SIP phone");
        });
    }

    private static RingingMode ringingMode(String wire) {
        return Arrays.stream(RingingMode.values()).filter(m -> m.wire().equals(wire.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new InvalidException("ringing_mode", "must be one of "
                        + Arrays.stream(RingingMode.values()).map(RingingMode::wire).collect(Collectors.joining(", "))));
    }

    private static int receptionLimit(int limit) {
        if (limit != PHONE_RECEPTION_LIMIT) {
            throw new InvalidException("reception_limit", "must be " + PHONE_RECEPTION_LIMIT + " for phone skill groups");
        }
        return limit;
    }

    private static String extension(String extension) {
        if (extension == null) {
            return null;
        }
        if (!EXTENSION.matcher(extension).matches()) {
            throw new InvalidException("extension", "must be 4 to 6 digits, the first one 1-8");
        }
        return extension;
    }
}
