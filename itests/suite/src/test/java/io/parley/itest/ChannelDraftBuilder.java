package io.parley.itest;

import io.parley.api.telephony.SipChannelDraft;
import java.util.List;

/**
 * A {@link SipChannelDraft} by field name instead of 13 positional arguments that are mostly
 * null: every field not set stays null (not given).
 *
 * <pre>{@code
 * channels.create(ChannelDraftBuilder.channel("X", "analog", "appliance_account").numberType("mobile").build());
 * }</pre>
 */
public final class ChannelDraftBuilder {

    private final String name;
    private final String deviceType;
    private final String dockingMode;
    private String numberType;
    private List<SipChannelDraft.PeerDraft> peers;
    private String username;
    private String password;
    private String serverHost;
    private Integer serverPort;
    private String outboundProxyHost;
    private Integer outboundProxyPort;
    private String transport;
    private Integer registrationExpirySeconds;

    private ChannelDraftBuilder(String name, String deviceType, String dockingMode) {
        this.name = name;
        this.deviceType = deviceType;
        this.dockingMode = dockingMode;
    }

    public static ChannelDraftBuilder channel(String name, String deviceType, String dockingMode) {
        return new ChannelDraftBuilder(name, deviceType, dockingMode);
    }

    public ChannelDraftBuilder numberType(String t) {
        this.numberType = t;
        return this;
    }

    public ChannelDraftBuilder peers(List<SipChannelDraft.PeerDraft> p) {
        this.peers = p;
        return this;
    }

    public ChannelDraftBuilder carrier(String user, String pass, String host, Integer port) {
        this.username = user;
        this.password = pass;
        this.serverHost = host;
        this.serverPort = port;
        return this;
    }

    public ChannelDraftBuilder outboundProxy(String host, Integer port) {
        this.outboundProxyHost = host;
        this.outboundProxyPort = port;
        return this;
    }

    public ChannelDraftBuilder transport(String t) {
        this.transport = t;
        return this;
    }

    public ChannelDraftBuilder registrationExpirySeconds(Integer s) {
        this.registrationExpirySeconds = s;
        return this;
    }

    public SipChannelDraft build() {
        return new SipChannelDraft(name, numberType, deviceType, dockingMode, peers, username, password, serverHost,
                serverPort, outboundProxyHost, outboundProxyPort, transport, registrationExpirySeconds);
    }
}
