package io.parley.api.telephony;

import io.parley.api.ivr.Prompt;
import java.util.List;

/**
 * Fields of a number to add to a channel or to change, each null when not given. For an
 * edit, {@code clearInboundIvr}/{@code clearOutboundIvr} remove a binding; {@code tags}
 * replaces the number's tags (an empty list removes them all); {@code status} may switch
 * an {@code active} number to {@code disabled} and back; {@code clearInboundFailurePrompt}
 * removes the failure prompt.
 *
 * <pre>{@code
 * TrunkNumberDraft add = TrunkNumberDraft.of("02187654321", instanceId);
 * TrunkNumberDraft tagAndLimit = TrunkNumberDraft.EMPTY.withTags(List.of("sales")).withMaxConcurrentCalls(30);
 * }</pre>
 */
public record TrunkNumberDraft(String number, Long instanceId, Boolean hasOutboundPrefix, String outboundPrefix,
                               Integer maxConcurrentCalls, Integer maxCallsPerSecond, String callType, String location,
                               Long inboundIvrId, String inboundIvrVersion, Long outboundIvrId,
                               List<Long> outboundSkillGroupIds, Boolean prioritizeLastOutboundAgent,
                               String lastOutboundAgentMode, Boolean usableForAgentMobile,
                               boolean clearInboundIvr, boolean clearOutboundIvr, List<String> tags, String status,
                               Prompt inboundFailurePrompt, boolean clearInboundFailurePrompt) {

    /** No field given. */
    public static final TrunkNumberDraft EMPTY = new TrunkNumberDraft(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, false, false, null, null, null, false);

    /** A draft without tags or status (the form before they existed). */
    public TrunkNumberDraft(String number, Long instanceId, Boolean hasOutboundPrefix, String outboundPrefix,
                            Integer maxConcurrentCalls, Integer maxCallsPerSecond, String callType, String location,
                            Long inboundIvrId, String inboundIvrVersion, Long outboundIvrId,
                            List<Long> outboundSkillGroupIds, Boolean prioritizeLastOutboundAgent,
                            String lastOutboundAgentMode, Boolean usableForAgentMobile,
                            boolean clearInboundIvr, boolean clearOutboundIvr) {
        this(number, instanceId, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls, maxCallsPerSecond, callType,
                location, inboundIvrId, inboundIvrVersion, outboundIvrId, outboundSkillGroupIds,
                prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile, clearInboundIvr,
                clearOutboundIvr, null, null, null, false);
    }

    public static TrunkNumberDraft of(String number, long instanceId) {
        return new TrunkNumberDraft(number, instanceId, null, null, null, null, null, null, null, null, null, null, null,
                null, null, false, false, null, null, null, false);
    }

    public TrunkNumberDraft withTags(List<String> t) {
        return new TrunkNumberDraft(number, instanceId, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls,
                maxCallsPerSecond, callType, location, inboundIvrId, inboundIvrVersion, outboundIvrId,
                outboundSkillGroupIds, prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile,
                clearInboundIvr, clearOutboundIvr, t, status, inboundFailurePrompt, clearInboundFailurePrompt);
    }

    public TrunkNumberDraft withStatus(String s) {
        return new TrunkNumberDraft(number, instanceId, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls,
                maxCallsPerSecond, callType, location, inboundIvrId, inboundIvrVersion, outboundIvrId,
                outboundSkillGroupIds, prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile,
                clearInboundIvr, clearOutboundIvr, tags, s, inboundFailurePrompt, clearInboundFailurePrompt);
    }

    public TrunkNumberDraft withMaxConcurrentCalls(Integer max) {
        return new TrunkNumberDraft(number, instanceId, hasOutboundPrefix, outboundPrefix, max,
                maxCallsPerSecond, callType, location, inboundIvrId, inboundIvrVersion, outboundIvrId,
                outboundSkillGroupIds, prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile,
                clearInboundIvr, clearOutboundIvr, tags, status, inboundFailurePrompt, clearInboundFailurePrompt);
    }

    /** Sets the failure prompt, or removes it when {@code p} is null. */
    public TrunkNumberDraft withInboundFailurePrompt(Prompt p) {
        return new TrunkNumberDraft(number, instanceId, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls,
                maxCallsPerSecond, callType, location, inboundIvrId, inboundIvrVersion, outboundIvrId,
                outboundSkillGroupIds, prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile,
                clearInboundIvr, clearOutboundIvr, tags, status, p, p == null);
    }

    public TrunkNumberDraft withLocation(String l) {
        return new TrunkNumberDraft(number, instanceId, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls,
                maxCallsPerSecond, callType, l, inboundIvrId, inboundIvrVersion, outboundIvrId,
                outboundSkillGroupIds, prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile,
                clearInboundIvr, clearOutboundIvr, tags, status, inboundFailurePrompt, clearInboundFailurePrompt);
    }
}
