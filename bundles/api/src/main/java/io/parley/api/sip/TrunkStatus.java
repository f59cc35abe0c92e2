package io.parley.api.sip;

import java.util.List;

/**
 * The live status of one SIP trunk channel (SPEC §1.3 {@code status}): {@link #REGISTERED} or
 * {@link #UNREGISTERED} for the two account modes, {@link #REACHABLE} or {@link #UNREACHABLE}
 * for {@code public_trunk}, with the details behind it; {@link #UNAVAILABLE} while no
 * {@code TrunkConnector} of the channel's docking mode runs.
 *
 * <pre>{@code
 * TrunkStatus s = trunks.trunkStatus(7).orElseThrow();
 * boolean up = s.up();                 // registered or reachable
 * }</pre>
 *
 * @param channelId    the channel
 * @param name         its name
 * @param dockingMode  {@code appliance_account}, {@code public_trunk} or {@code carrier_account}
 * @param status       one of the five constants of this record
 * @param registration carrier_account: the appliance's registration to the carrier; null otherwise
 * @param peers        public_trunk: each peer's OPTIONS reachability; empty otherwise
 * @param gateways     appliance_account: the gateway's live registrations to the appliance; empty otherwise
 */
public record TrunkStatus(long channelId, String name, String dockingMode, String status,
                          TrunkRegistration registration, List<PeerReachability> peers,
                          List<GatewayBinding> gateways) {

    public static final String REGISTERED = "registered";
    public static final String UNREGISTERED = "unregistered";
    public static final String REACHABLE = "reachable";
    public static final String UNREACHABLE = "unreachable";
    /** No connector of the channel's docking mode is running: no call goes through the channel. */
    public static final String UNAVAILABLE = "unavailable";

    public TrunkStatus {
        peers = peers == null ? List.of() : List.copyOf(peers);
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
    }

    /** Registered or reachable: calls can go through this channel. */
    public boolean up() {
        return REGISTERED.equals(status) || REACHABLE.equals(status);
    }
}
