package io.parley.api.telephony;

import java.time.Instant;
import java.util.List;

/**
 * A landline number of a SIP channel used by one instance (SPEC §2.1 and the §3.1 settings).
 *
 * <pre>{@code
 * List<TrunkNumber> added = channels.addNumbers(channelId, List.of(TrunkNumberDraft.of("02187654321", instanceId)));
 * added.get(0).number();   // "008602187654321"
 * }</pre>
 *
 * @param number canonical {@code 00}+country code+national number, unique appliance-wide
 * @param maxConcurrentCalls 0 = unlimited
 * @param maxCallsPerSecond  0 = unlimited
 * @param callType {@code inbound}, {@code outbound} or {@code inbound_outbound}
 * @param status   {@code active} (approval is off), {@code pending_approval}, {@code rejected}, {@code disabled}
 * @param inboundIvrId / inboundIvrVersion / outboundIvrId: stored bindings, checked once IVR flows exist
 * @param lastOutboundAgentMode {@code mode1} or {@code mode2} when {@code prioritizeLastOutboundAgent}
 */
public record TrunkNumber(long id, long channelId, long instanceId, String number, boolean hasOutboundPrefix,
                          String outboundPrefix, int maxConcurrentCalls, int maxCallsPerSecond, String callType,
                          String status, String location, Long inboundIvrId, String inboundIvrVersion,
                          Long outboundIvrId, List<Long> outboundSkillGroupIds, boolean prioritizeLastOutboundAgent,
                          String lastOutboundAgentMode, boolean usableForAgentMobile, Instant createdAt) {

    public TrunkNumber {
        outboundSkillGroupIds = outboundSkillGroupIds == null ? List.of() : List.copyOf(outboundSkillGroupIds);
    }
}
