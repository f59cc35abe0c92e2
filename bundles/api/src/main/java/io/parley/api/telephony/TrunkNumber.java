package io.parley.api.telephony;

import io.parley.api.ivr.Prompt;
import java.time.Instant;
import java.util.List;

/**
 * A landline number of a SIP channel used by one instance (SPEC §2.1 and the §3.1 settings).
 *
 * <pre>{@code
 * List<TrunkNumber> added = channels.addNumbers(channelId, List.of(TrunkNumberDraft.of("02187654321", instanceId)));
 * added.get(0).number();        // "008602187654321"
 * added.get(0).isUsable();      // false while pending_approval, rejected or disabled: no calls then (§2.2)
 * }</pre>
 *
 * @param number canonical {@code 00}+country code+national number, unique appliance-wide
 * @param maxConcurrentCalls 0 = unlimited
 * @param maxCallsPerSecond  0 = unlimited
 * @param callType {@code inbound}, {@code outbound} or {@code inbound_outbound}
 * @param status   {@link #ACTIVE} (approval is off), {@link #PENDING_APPROVAL}, {@link #REJECTED}, {@link #DISABLED}
 * @param location city/region: derived from the built-in area-code table unless an admin set it
 * @param inboundIvrId / inboundIvrVersion / outboundIvrId: stored bindings, checked once IVR flows exist
 * @param lastOutboundAgentMode {@code mode1} or {@code mode2} when {@code prioritizeLastOutboundAgent}
 * @param tags     names of the instance's {@link NumberTag}s on this number, sorted ignoring case
 * @param inboundFailurePrompt played when a return call cannot reach the last outbound agent (§20), or null
 */
public record TrunkNumber(long id, long channelId, long instanceId, String number, boolean hasOutboundPrefix,
                          String outboundPrefix, int maxConcurrentCalls, int maxCallsPerSecond, String callType,
                          String status, String location, Long inboundIvrId, String inboundIvrVersion,
                          Long outboundIvrId, List<Long> outboundSkillGroupIds, boolean prioritizeLastOutboundAgent,
                          String lastOutboundAgentMode, boolean usableForAgentMobile, Instant createdAt,
                          List<String> tags, Prompt inboundFailurePrompt) {

    /** Accepts and places calls. */
    public static final String ACTIVE = "active";
    /** Added while the instance requires approval; waits for {@code :approve} or {@code :reject}. */
    public static final String PENDING_APPROVAL = "pending_approval";
    /** Refused by an approver; final (remove the number and add it again to retry). */
    public static final String REJECTED = "rejected";
    /** Switched off by an admin; {@code active} again by an edit. */
    public static final String DISABLED = "disabled";

    public TrunkNumber {
        outboundSkillGroupIds = outboundSkillGroupIds == null ? List.of() : List.copyOf(outboundSkillGroupIds);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A number without tags (the form before tags existed). */
    public TrunkNumber(long id, long channelId, long instanceId, String number, boolean hasOutboundPrefix,
                       String outboundPrefix, int maxConcurrentCalls, int maxCallsPerSecond, String callType,
                       String status, String location, Long inboundIvrId, String inboundIvrVersion,
                       Long outboundIvrId, List<Long> outboundSkillGroupIds, boolean prioritizeLastOutboundAgent,
                       String lastOutboundAgentMode, boolean usableForAgentMobile, Instant createdAt) {
        this(id, channelId, instanceId, number, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls, maxCallsPerSecond,
                callType, status, location, inboundIvrId, inboundIvrVersion, outboundIvrId, outboundSkillGroupIds,
                prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile, createdAt, List.of(), null);
    }

    /** SPEC §2.2: a number accepts or places calls only when {@code active}. */
    public boolean isUsable() {
        return ACTIVE.equals(status);
    }

    /** Usable, and not {@code call_type=outbound}: may answer an inbound call and run its inbound IVR. */
    public boolean acceptsInbound() {
        return isUsable() && !"outbound".equals(callType);
    }

    /** Usable, and not {@code call_type=inbound}: may be picked as the caller ID of an outbound call. */
    public boolean placesOutbound() {
        return isUsable() && !"inbound".equals(callType);
    }

    /** This number in another status (what an approval, a rejection or enabling does). */
    public TrunkNumber withStatus(String newStatus) {
        return new TrunkNumber(id, channelId, instanceId, number, hasOutboundPrefix, outboundPrefix, maxConcurrentCalls,
                maxCallsPerSecond, callType, newStatus, location, inboundIvrId, inboundIvrVersion, outboundIvrId,
                outboundSkillGroupIds, prioritizeLastOutboundAgent, lastOutboundAgentMode, usableForAgentMobile,
                createdAt, tags, inboundFailurePrompt);
    }
}
