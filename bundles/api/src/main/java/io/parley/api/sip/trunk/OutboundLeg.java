package io.parley.api.sip.trunk;

import io.parley.api.telephony.TrunkNumber;

/**
 * An outbound leg the SIP core is about to send through a trunk number of the channel.
 *
 * <pre>{@code
 * String requestUser = leg.user();                         // the number's outbound prefix + the dialled digits
 * String pai = "<sip:+" + leg.number().number().substring(2) + "@" + peer.ip() + ">";   // canonical 00… to E.164
 * }</pre>
 *
 * @param callId     the appliance's call (session) id
 * @param user       the Request-URI user: the number's outbound prefix (when it has one) and the dialled digits
 * @param dialled    the callee's digits as dialled
 * @param callerUser the From user: the trunk number in its national form
 * @param number     the trunk number the leg goes out with (canonical {@code number()}, limits already checked)
 */
public record OutboundLeg(String callId, String user, String dialled, String callerUser, TrunkNumber number) {
}
