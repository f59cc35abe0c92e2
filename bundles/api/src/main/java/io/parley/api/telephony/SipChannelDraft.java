package io.parley.api.telephony;

import java.util.List;

/**
 * Fields a caller supplies to create or change a SIP channel, each null when not given;
 * enum values are carried as written so the service names the rule they break.
 *
 * <pre>{@code
 * SipChannelDraft trunk = SipChannelDraft.named("Carrier A", "sip_trunk", "public_trunk")
 *         .withPeers(List.of(new SipChannelDraft.PeerDraft("203.0.113.5", null)));
 * }</pre>
 */
public record SipChannelDraft(String name, String numberType, String deviceType, String dockingMode,
                              List<PeerDraft> peers, String username, String password, String serverHost,
                              Integer serverPort, String outboundProxyHost, Integer outboundProxyPort, String transport,
                              Integer registrationExpirySeconds) {

    public static SipChannelDraft named(String name, String deviceType, String dockingMode) {
        return new SipChannelDraft(name, null, deviceType, dockingMode, null, null, null, null, null, null, null, null, null);
    }

    public SipChannelDraft withPeers(List<PeerDraft> p) {
        return new SipChannelDraft(name, numberType, deviceType, dockingMode, p, username, password, serverHost, serverPort,
                outboundProxyHost, outboundProxyPort, transport, registrationExpirySeconds);
    }

    public SipChannelDraft withCarrier(String user, String pass, String host, Integer port, String trans) {
        return new SipChannelDraft(name, numberType, deviceType, dockingMode, peers, user, pass, host, port,
                outboundProxyHost, outboundProxyPort, trans, registrationExpirySeconds);
    }

    /** A peer as written; a null port means 5060. */
    public record PeerDraft(String ip, Integer port) {
    }
}
