package io.parley.telephony;

import io.parley.api.ivr.Prompt;
import io.parley.api.telephony.TrunkNumberDraft;
import java.util.List;

/**
 * A {@link TrunkNumberDraft} by field name instead of 21 positional arguments that are mostly
 * null: every field not set stays null (not given), the clear flags false.
 *
 * <pre>{@code
 * numbers.edit(INSTANCE, id, NumberDraftBuilder.changes().maxCallsPerSecond(-1).build());
 * channels.addNumbers(trunk, List.of(NumberDraftBuilder.number("02187654321", INSTANCE).callType("inbound").build()));
 * }</pre>
 */
final class NumberDraftBuilder {

    private String number;
    private Long instanceId;
    private Boolean hasOutboundPrefix;
    private String outboundPrefix;
    private Integer maxConcurrentCalls;
    private Integer maxCallsPerSecond;
    private String callType;
    private String location;
    private Long inboundIvrId;
    private String inboundIvrVersion;
    private Long outboundIvrId;
    private List<Long> outboundSkillGroupIds;
    private Boolean prioritizeLastOutboundAgent;
    private String lastOutboundAgentMode;
    private Boolean usableForAgentMobile;
    private boolean clearInboundIvr;
    private boolean clearOutboundIvr;
    private List<String> tags;
    private String status;
    private Prompt inboundFailurePrompt;
    private boolean clearInboundFailurePrompt;

    private NumberDraftBuilder() {
    }

    /** Changes to an existing number: nothing given yet. */
    static NumberDraftBuilder changes() {
        return new NumberDraftBuilder();
    }

    /** A number to add to a channel for an instance. */
    static NumberDraftBuilder number(String number, Long instanceId) {
        NumberDraftBuilder b = new NumberDraftBuilder();
        b.number = number;
        b.instanceId = instanceId;
        return b;
    }

    NumberDraftBuilder outboundPrefix(Boolean has, String prefix) {
        this.hasOutboundPrefix = has;
        this.outboundPrefix = prefix;
        return this;
    }

    NumberDraftBuilder maxConcurrentCalls(Integer max) {
        this.maxConcurrentCalls = max;
        return this;
    }

    NumberDraftBuilder maxCallsPerSecond(Integer max) {
        this.maxCallsPerSecond = max;
        return this;
    }

    NumberDraftBuilder callType(String type) {
        this.callType = type;
        return this;
    }

    NumberDraftBuilder location(String l) {
        this.location = l;
        return this;
    }

    NumberDraftBuilder inboundIvr(Long id, String version) {
        this.inboundIvrId = id;
        this.inboundIvrVersion = version;
        return this;
    }

    NumberDraftBuilder outboundIvrId(Long id) {
        this.outboundIvrId = id;
        return this;
    }

    NumberDraftBuilder outboundSkillGroupIds(List<Long> ids) {
        this.outboundSkillGroupIds = ids;
        return this;
    }

    NumberDraftBuilder prioritizeLastOutboundAgent(Boolean on, String mode) {
        this.prioritizeLastOutboundAgent = on;
        this.lastOutboundAgentMode = mode;
        return this;
    }

    NumberDraftBuilder usableForAgentMobile(Boolean on) {
        this.usableForAgentMobile = on;
        return this;
    }

    NumberDraftBuilder clearIvrs(boolean inbound, boolean outbound) {
        this.clearInboundIvr = inbound;
        this.clearOutboundIvr = outbound;
        return this;
    }

    NumberDraftBuilder tags(List<String> t) {
        this.tags = t;
        return this;
    }

    NumberDraftBuilder status(String s) {
        this.status = s;
        return this;
    }

    NumberDraftBuilder inboundFailurePrompt(Prompt p) {
        this.inboundFailurePrompt = p;
        this.clearInboundFailurePrompt = p == null;
        return this;
    }

    TrunkNumberDraft build() {
        return new TrunkNumberDraft(number, instanceId, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls,
                maxCallsPerSecond, callType, location, inboundIvrId, inboundIvrVersion, outboundIvrId,
                outboundSkillGroupIds, prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile,
                clearInboundIvr, clearOutboundIvr, tags, status, inboundFailurePrompt, clearInboundFailurePrompt);
    }
}
