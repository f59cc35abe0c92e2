package io.parley.ivr.node.to_agent;

import io.parley.api.acd.Acd;
import io.parley.api.acd.AcdRequest;
import io.parley.api.ivr.FlowReferences;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneService;
import io.parley.ivr.node.common.FlatJson;
import io.parley.ivr.node.common.JsonPost;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Transfer to agent (SPEC §8.5): asks the specified-agent callback (§8.5.1) when set, then
 * hands the caller to the {@link Acd} with the groups in order, the overflow group, the
 * preferred agents and the queue prompt. Until an ACD is installed it rings the groups one
 * after the other, then the overflow group, through {@link NodeContext#transfer}: each group's
 * SIP phones (its phone members and the phones bound to its agents) one at a time by priority,
 * or, without the skill group service, the group as a {@link TransferTarget.SkillGroupQueue}. The caller
 * goes on at {@code next} once the agent hangs up, or when no agent could take the call
 * (record status {@code no_agent_online}, or {@code agent_not_answered} when agents were
 * rung and none answered); a caller who hangs up ends the flow.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + ToAgentNodeType.TYPE)
public class ToAgentNodeType extends ParameterizedNodeType<ToAgentNodeType.Settings> {

    static final String TYPE = "to_agent";
    static final String NEXT = "next";
    static final String NO_AGENT_ONLINE = "no_agent_online";
    static final String AGENT_NOT_ANSWERED = "agent_not_answered";
    /** SPEC §8.5.1 / §34 p24: 3 s, no retry. */
    static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(3);

    static final Param.ListOf SKILL_GROUP_IDS = new Param.ListOf("skill_group_ids", true, 1,
            Map.of("type", "integer", "minimum", 1), "target groups, tried in list order");
    static final Param.Int OVERFLOW_SKILL_GROUP_ID = new Param.Int("overflow_skill_group_id", null, 1,
            Integer.MAX_VALUE, "used when every group above has no agent online or every agent is busy");
    static final Param.Text SPECIFIED_AGENT_URL = new Param.Text("specified_agent_url", false, 2048, null, null,
            "https URL asked for preferred agents (SPEC §8.5.1)");
    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", false, false,
            "played while transferring and queued; ${WaitNo} is the caller's place");
    static final Param.Int MAX_QUEUE_WAIT_S = new Param.Int("max_queue_wait_s", 300, 1, 14400,
            "longest wait in the queue (at most the 4 h call limit, SPEC §34 p52)");

    record Settings(List<Long> skillGroupIds, OptionalLong overflowSkillGroupId, Optional<URI> specifiedAgentUrl,
                    Optional<Prompt> prompt, int maxQueueWaitS) {
    }

    /** Who the callback prefers: agents by email and a group replacing the configured ones. */
    record Preference(List<String> seatEmails, OptionalLong skillGroup) {
        static final Preference NONE = new Preference(List.of(), OptionalLong.empty());
    }

    // the ACD, once a bundle provides it; until then the groups' phones are rung
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Acd acd;

    // without an ACD: who is in a group, and which phones its agents have
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SkillGroupService skillGroups;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SipPhoneService phones;

    public ToAgentNodeType() {
        super("Transfer to agent (SPEC §8.5)", List.of(SKILL_GROUP_IDS, OVERFLOW_SKILL_GROUP_ID, SPECIFIED_AGENT_URL,
                PROMPT, MAX_QUEUE_WAIT_S));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        List<Object> items = p.get(SKILL_GROUP_IDS);
        List<Long> groups = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Long id = Params.asLong(items.get(i));
            String field = SKILL_GROUP_IDS.name() + "[" + i + "]";
            if (id == null || id < 1) {
                p.problem(field, "must be a skill group id (an integer >= 1)");
            } else if (!seen.add(id)) {
                p.problem(field, "skill group " + id + " is listed twice");
            } else {
                groups.add(id);
            }
        }
        return new Settings(groups, p.optional(OVERFLOW_SKILL_GROUP_ID), JsonPost.url(p, SPECIFIED_AGENT_URL, true),
                p.get(PROMPT), p.get(MAX_QUEUE_WAIT_S));
    }

    @Override
    protected void checkReferences(Settings s, FlowReferences references, Params p) {
        for (int i = 0; i < s.skillGroupIds().size(); i++) {
            long id = s.skillGroupIds().get(i);
            if (!references.skillGroupExists(id)) {
                p.problem(SKILL_GROUP_IDS.name() + "[" + i + "]", "no skill group " + id);
            }
        }
        s.overflowSkillGroupId().ifPresent(id -> {
            if (!references.skillGroupExists(id)) {
                p.problem(OVERFLOW_SKILL_GROUP_ID.name(), "no skill group " + id);
            }
        });
    }

    @Override
    protected List<String> exits(Settings s) {
        return List.of(NEXT);
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        Preference preference = s.specifiedAgentUrl().map(url -> askCallback(url, ctx)).orElse(Preference.NONE);
        List<Long> groups = preference.skillGroup().isPresent()
                ? List.of(preference.skillGroup().getAsLong()) : s.skillGroupIds();
        Acd distributor = acd;
        TransferOutcome outcome;
        if (distributor != null) {
            outcome = distributor.queue(new AcdRequest(ctx.sessionId(), ctx.instanceId(),
                    ctx.variables().getOrDefault("SystemCallerNumber", ""), groups,
                    s.overflowSkillGroupId().isPresent() ? s.overflowSkillGroupId().getAsLong() : null,
                    preference.seatEmails(), s.prompt().orElse(null), Duration.ofSeconds(s.maxQueueWaitS())));
        } else {
            outcome = ringGroups(groups, s, ctx);
        }
        ctx.trace("to_agent", Map.of("outcome", String.valueOf(outcome.reason()),
                "agent", outcome.answeredBy() == null ? "" : outcome.answeredBy(),
                "via", distributor != null ? "acd" : "skill_group_phones"));
        if (ctx.callerHungUp() || TransferOutcome.CALLER_HUNG_UP.equals(outcome.reason())) {
            return HANG_UP;
        }
        if (!outcome.connected()) {
            ctx.recordStatus(TransferOutcome.NO_ANSWER.equals(outcome.reason()) ? AGENT_NOT_ANSWERED : NO_AGENT_ONLINE);
        }
        return NEXT;
    }

    /**
     * Without an ACD: each group in order, then the overflow group, until someone answers or the
     * caller hangs up. The result is the answered leg's, else {@code no_answer} when some phone
     * rang unanswered, else {@code no_agent_online}.
     */
    private TransferOutcome ringGroups(List<Long> groups, Settings s, NodeContext ctx) {
        List<Long> order = new ArrayList<>(groups);
        s.overflowSkillGroupId().ifPresent(order::add);
        SkillGroupService groupService = skillGroups;
        boolean rangUnanswered = false;
        for (long group : order) {
            List<TransferTarget> targets = groupService == null
                    ? List.of(new TransferTarget.SkillGroupQueue(group, null))
                    : groupPhones(groupService, ctx.instanceId(), group).stream()
                            .map(e -> (TransferTarget) new TransferTarget.Extension(e)).toList();
            for (TransferTarget target : targets) {
                TransferOutcome o = ctx.transfer(target, s.prompt().orElse(null));
                if (o.connected() || TransferOutcome.CALLER_HUNG_UP.equals(o.reason()) || ctx.callerHungUp()) {
                    return o;
                }
                rangUnanswered |= TransferOutcome.NO_ANSWER.equals(o.reason());
            }
        }
        return new TransferOutcome(false, rangUnanswered ? TransferOutcome.NO_ANSWER : TransferOutcome.NO_AGENT_ONLINE,
                null);
    }

    /**
     * The extensions of a group's phones, highest priority (1) first: its phone members and the
     * phones bound to its member agents. Empty when the group is gone.
     */
    private List<String> groupPhones(SkillGroupService groupService, long instanceId, long groupId) {
        SkillGroup group;
        try {
            group = groupService.get(instanceId, groupId);
        } catch (RuntimeException e) {
            return List.of();
        }
        record Ring(String extension, int priority) {
        }
        List<Ring> rings = new ArrayList<>();
        group.phones().forEach(m -> rings.add(new Ring(m.id(), m.priority())));
        SipPhoneService phoneService = phones;
        if (phoneService != null && !group.agents().isEmpty()) {
            Map<String, Integer> agentPriority = new LinkedHashMap<>();
            group.agents().forEach(m -> agentPriority.put(m.id(), m.priority()));
            for (SipPhone phone : allPhones(phoneService, instanceId)) {
                PhoneBinding b = phone.binding();
                if (b.type() == PhoneBinding.Type.AGENT && agentPriority.containsKey(b.agentId())) {
                    rings.add(new Ring(phone.extension(), agentPriority.get(b.agentId())));
                }
            }
        }
        return rings.stream().sorted(Comparator.comparingInt(Ring::priority)).map(Ring::extension).distinct().toList();
    }

    private static List<SipPhone> allPhones(SipPhoneService phoneService, long instanceId) {
        List<SipPhone> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<SipPhone> p = phoneService.list(instanceId, null, new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            all.addAll(p.items());
            if (p.items().size() < PageRequest.MAX_PAGE_SIZE || all.size() >= p.total()) {
                return all;
            }
        }
    }

    /** SPEC §8.5.1; any failure (timeout, non-2xx, bad JSON, ErrCode not 0) leaves the configured groups. */
    private static Preference askCallback(URI url, NodeContext ctx) {
        String query = "action=specifiedSeat&version=1";
        URI withQuery = URI.create(url + (url.getRawQuery() == null ? "?" : "&") + query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", UUID.randomUUID().toString());
        body.put("Timestamp", ctx.clock().instant().getEpochSecond());
        body.put("SdkAppId", ctx.instanceId());
        body.put("SessionType", "tel");
        body.put("User", ctx.variables().getOrDefault("SystemCallerNumber", ""));
        JsonPost.Result r = JsonPost.post(ctx.http(), withQuery, body, CALLBACK_TIMEOUT);
        Optional<Map<String, String>> answer = r.answer().filter(a -> "0".equals(a.get("ErrCode")));
        if (answer.isEmpty()) {
            ctx.trace("specified_agent", Map.of("result", "failure", "reason",
                    r.answer().isPresent() ? "ErrCode " + r.answer().get().get("ErrCode") : r.failure()));
            return Preference.NONE;
        }
        List<String> emails = FlatJson.strings(answer.get().get("SeatEmails")).orElse(List.of());
        Long group = answer.get().get("SkillGroup") == null ? null : parseLong(answer.get().get("SkillGroup"));
        ctx.trace("specified_agent", Map.of("result", "success", "seat_emails", String.join(",", emails),
                "skill_group", group == null ? "" : group.toString()));
        return new Preference(emails, group == null || group < 1 ? OptionalLong.empty() : OptionalLong.of(group));
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
