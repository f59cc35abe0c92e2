package io.parley.sip.edge;

import io.parley.api.telephony.SipChannel;
import java.util.Optional;

/**
 * Decides which SIP channel (SPEC §1) a request from a network source arrives on: a peer
 * address of a {@code public_trunk} channel, the registered contact address of an
 * {@code appliance_account} gateway, or the carrier server (or outbound proxy) of a
 * {@code carrier_account} channel. Anything else is not a trunk, and an INVITE from it that
 * is not an authenticated phone of ours gets 403 (SPEC §1.5, toll-fraud defence).
 *
 * <pre>{@code
 * Optional<SipChannel> channel = admission.channelOf("127.0.0.2", 5060, "udp");
 * if (channel.isEmpty()) { reply(403); }
 * }</pre>
 */
public interface TrunkAdmission {

    /** The channel whose trunk peer sent from {@code ip}:{@code port} over {@code transport}, or empty. */
    Optional<SipChannel> channelOf(String ip, int port, String transport);
}
