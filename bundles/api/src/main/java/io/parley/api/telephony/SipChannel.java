package io.parley.api.telephony;

import java.time.Instant;
import java.util.List;

/**
 * An appliance-level SIP trunk channel (SPEC §1.3) in one of three docking modes; only the
 * mode's own part is non-null.
 *
 * <pre>{@code
 * IssuedChannel c = channels.create(new SipChannelDraft("HQ gateway", null, "e1_t1", "appliance_account",
 *         null, null, null, null, null, null, null, null, null));
 * String user = c.channel().gatewayDigest().username();   // e.g. gateway812345678
 * }</pre>
 *
 * @param id            server-generated id
 * @param name          1..64 characters, unique ignoring case
 * @param numberType    always {@code landline}
 * @param deviceType    {@code analog}, {@code e1_t1} or {@code sip_trunk} (informational)
 * @param dockingMode   {@code appliance_account}, {@code public_trunk} or {@code carrier_account}; immutable
 * @param gatewayDigest appliance_account: generated username and digest HA1 of its password
 * @param peers         public_trunk: the peers' addresses
 * @param carrier       carrier_account: the account the appliance registers with
 * @param createdAt     creation time
 */
public record SipChannel(long id, String name, String numberType, String deviceType, String dockingMode,
                         SipDigest gatewayDigest, List<Peer> peers, CarrierAccount carrier, Instant createdAt) {

    public SipChannel {
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    /** A SIP peer address: an IPv4/IPv6 literal and a port 1..65535. */
    public record Peer(String ip, int port) {
    }

    /**
     * The registration account a carrier gives (SPEC §1.3 carrier_account). The password is
     * kept because the appliance must answer the carrier's digest challenges; it is never
     * returned by the API.
     */
    public record CarrierAccount(String username, String password, String serverHost, int serverPort,
                                 String outboundProxyHost, Integer outboundProxyPort, String transport,
                                 int registrationExpirySeconds) {
    }
}
