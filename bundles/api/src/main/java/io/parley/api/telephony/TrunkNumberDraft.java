package io.parley.api.telephony;

import java.util.List;

/**
 * Fields of a number to add to a channel or to change, each null when not given. For an
 * edit, {@code clearInboundIvr}/{@code clearOutboundIvr} remove a binding.
 */
public record TrunkNumberDraft(String number, Long instanceId, Boolean hasOutboundPrefix, String outboundPrefix,
                               Integer maxConcurrentCalls, Integer maxCallsPerSecond, String callType, String location,
                               Long inboundIvrId, String inboundIvrVersion, Long outboundIvrId,
                               List<Long> outboundSkillGroupIds, Boolean prioritizeLastOutboundAgent,
                               String lastOutboundAgentMode, Boolean usableForAgentMobile,
                               boolean clearInboundIvr, boolean clearOutboundIvr) {

    public static TrunkNumberDraft of(String number, long instanceId) {
        return new TrunkNumberDraft(number, instanceId, null, null, null, null, null, null, null, null, null, null, null,
                null, null, false, false);
    }
}
