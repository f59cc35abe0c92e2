package io.parley.itest;

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
public final class NumberDraftBuilder {

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
    public static NumberDraftBuilder changes() {
        return new NumberDraftBuilder();
    }

    /** A number to add to a channel for an instance. */
    public static NumberDraftBuilder number(String number, Long instanceId) {
        NumberDraftBuilder b = new NumberDraftBuilder();
        b.number = number;
        b.instanceId = instanceId;
        return b;
    }

    public NumberDraftBuilder outboundPrefix(Boolean has, String prefix) {
        this.hasOutboundPrefix = has;
        this.outboundPrefix = prefix;
        return this;
    }

    public NumberDraftBuilder maxConcurrentCalls(Integer max) {
        this.maxConcurrentCalls = max;
        return this;
    }

    public NumberDraftBuilder maxCallsPerSecond(Integer max) {
        this.maxCallsPerSecond = max;
        return this;
    }

    public NumberDraftBuilder callType(String type) {
        this.callType = type;
        return this;
    }

    public NumberDraftBuilder location(String l) {
        this.location = l;
        return this;
    }

    public NumberDraftBuilder inboundIvr(Long id, String version) {
        this.inboundIvrId = id;
        this.inboundIvrVersion = version;
        return this;
    }

    public NumberDraftBuilder outboundIvrId(Long id) {
        this.outboundIvrId = id;
        return this;
    }

    public NumberDraftBuilder outboundSkillGroupIds(List<Long> ids) {
        this.outboundSkillGroupIds = ids;
        return this;
    }

    public NumberDraftBuilder prioritizeLastOutboundAgent(Boolean on, String mode) {
        this.prioritizeLastOutboundAgent = on;
        this.lastOutboundAgentMode = mode;
        return this;
    }

    public NumberDraftBuilder usableForAgentMobile(Boolean on) {
        this.usableForAgentMobile = on;
        return this;
    }

    public NumberDraftBuilder clearIvrs(boolean inbound, boolean outbound) {
        this.clearInboundIvr = inbound;
        this.clearOutboundIvr = outbound;
        return this;
    }

    public NumberDraftBuilder tags(List<String> t) {
        this.tags = t;
        return this;
    }

    public NumberDraftBuilder status(String s) {
        this.status = s;
        return this;
    }

    public NumberDraftBuilder inboundFailurePrompt(Prompt p) {
        this.inboundFailurePrompt = p;
        this.clearInboundFailurePrompt = p == null;
        return this;
    }

    public TrunkNumberDraft build() {
        return new TrunkNumberDraft(number, instanceId, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls,
                maxCallsPerSecond, callType, location, inboundIvrId, inboundIvrVersion, outboundIvrId,
                outboundSkillGroupIds, prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile,
                clearInboundIvr, clearOutboundIvr, tags, status, inboundFailurePrompt, clearInboundFailurePrompt);
    }
}
