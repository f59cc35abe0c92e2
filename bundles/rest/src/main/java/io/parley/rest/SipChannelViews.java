package io.parley.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.api.ivr.Prompt;
import io.parley.api.telephony.IssuedChannel;
import io.parley.api.telephony.NumberApprovalSettings;
import io.parley.api.telephony.NumberTagSummary;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipServerInfo;
import io.parley.api.telephony.TrunkNumber;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The JSON shapes of SIP channels (SPEC §1.3) and numbers (§2.1, §3.1), snake_case on the wire. */
final class SipChannelViews {

    private SipChannelViews() {
    }

    @Schema(name = "SipPorts")
    record PortsView(int udp, int tcp, int tls) {
        static PortsView of(SipServerInfo s) {
            return new PortsView(s.udpPort(), s.tcpPort(), s.tlsPort());
        }
    }

    @Schema(name = "SipAddress")
    record AddressView(String ip, int port) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SipChannel", description = "SPEC §1.3; only the fields of the channel's docking mode are present. "
            + "status is a live value from the SIP layer: until it runs, unregistered / unreachable; unavailable while "
            + "no trunk connector of the channel's docking mode runs (no call goes through it then)")
    record ChannelView(long id, String name, String numberType, String deviceType, String dockingMode, String status,
                       @Schema(description = "appliance_account, read-only") String gatewayUsername,
                       @Schema(description = "appliance_account: only in the create and :reset-password answers")
                       String gatewayPassword,
                       String serverAddress, PortsView serverPorts, String outboundProxy, String altOutboundProxy,
                       PortsView outboundProxyPorts,
                       @Schema(description = "public_trunk") List<AddressView> peers,
                       @Schema(description = "public_trunk, read-only: what the peer must allow-list")
                       List<AddressView> applianceSignallingAddresses,
                       @Schema(description = "carrier_account (the password is write-only)") String username,
                       String serverHost, Integer serverPort, String outboundProxyHost, Integer outboundProxyPort,
                       String transport, Integer registrationExpiryS, String createdAt,
                       @Schema(description = "carrier_account, live: the appliance's registration to the carrier")
                       RegistrationView registration,
                       @Schema(description = "public_trunk, live: each peer's OPTIONS reachability (SPEC 34 p4)")
                       List<PeerStatusView> peerStatus,
                       @Schema(description = "appliance_account, live: the gateway's registrations to the appliance")
                       List<GatewayRegistrationView> gatewayRegistrations) {

        /** The view with the SIP layer's live {@code status} and its detail, when {@code live} is known. */
        static ChannelView of(SipChannel c, String password, SipServerInfo s, io.parley.api.sip.TrunkStatus live) {
            ChannelView v = of(c, password, s);
            if (live == null) {
                return v;
            }
            return new ChannelView(v.id(), v.name(), v.numberType(), v.deviceType(), v.dockingMode(), live.status(),
                    v.gatewayUsername(), v.gatewayPassword(), v.serverAddress(), v.serverPorts(), v.outboundProxy(),
                    v.altOutboundProxy(), v.outboundProxyPorts(), v.peers(), v.applianceSignallingAddresses(),
                    v.username(), v.serverHost(), v.serverPort(), v.outboundProxyHost(), v.outboundProxyPort(),
                    v.transport(), v.registrationExpiryS(), v.createdAt(), RegistrationView.of(live.registration()),
                    live.peers().isEmpty() ? null : live.peers().stream().map(PeerStatusView::of).toList(),
                    live.gateways().isEmpty() ? null : live.gateways().stream().map(GatewayRegistrationView::of).toList());
        }

        static ChannelView of(SipChannel c, String password, SipServerInfo s) {
            String id = c.dockingMode();
            boolean gateway = id.equals("appliance_account");
            boolean trunk = id.equals("public_trunk");
            SipChannel.CarrierAccount a = c.carrier();
            String status = trunk ? "unreachable" : "unregistered";
            List<AddressView> own = trunk ? ownAddresses(s) : null;
            return new ChannelView(c.id(), c.name(), c.numberType(), c.deviceType(), c.dockingMode(), status,
                    gateway && c.gatewayDigest() != null ? c.gatewayDigest().username() : null,
                    gateway ? password : null,
                    gateway ? s.serverAddress() : null, gateway ? PortsView.of(s) : null,
                    gateway ? s.serverAddress() : null, gateway ? s.altServerAddress() : null,
                    gateway ? PortsView.of(s) : null,
                    trunk ? c.peers().stream().map(p -> new AddressView(p.ip(), p.port())).toList() : null, own,
                    a == null ? null : a.username(), a == null ? null : a.serverHost(),
                    a == null ? null : a.serverPort(), a == null ? null : a.outboundProxyHost(),
                    a == null ? null : a.outboundProxyPort(), a == null ? null : a.transport(),
                    a == null ? null : a.registrationExpirySeconds(), c.createdAt().toString(), null, null, null);
        }

        static ChannelView of(IssuedChannel issued, SipServerInfo s) {
            return of(issued.channel(), issued.gatewayPassword(), s);
        }

        private static List<AddressView> ownAddresses(SipServerInfo s) {
            List<AddressView> out = new java.util.ArrayList<>();
            out.add(new AddressView(s.serverAddress(), s.udpPort()));
            if (s.altServerAddress() != null) {
                out.add(new AddressView(s.altServerAddress(), s.udpPort()));
            }
            return out;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SipChannelRegistration", description = "carrier_account: the appliance's registration to the carrier, "
            + "refreshed before it expires and retried with a growing back-off after a failure")
    record RegistrationView(@Schema(description = "e.g. sip:sip.carrier.example:5060;transport=udp") String registrar,
                            @Schema(description = "host:port the REGISTER goes through") String outboundProxy,
                            String contact, String registeredAt,
                            @Schema(description = "absent when not registered") String expiresAt,
                            Integer lastStatusCode, String lastError, String lastAttemptAt, String nextAttemptAt,
                            int consecutiveFailures) {
        static RegistrationView of(io.parley.api.sip.TrunkRegistration r) {
            return r == null ? null : new RegistrationView(r.registrar(), r.outboundProxy(), r.contact(),
                    text(r.registeredAt()), text(r.expiresAt()), r.lastStatusCode(), r.lastError(),
                    text(r.lastAttemptAt()), text(r.nextAttemptAt()), r.consecutiveFailures());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SipPeerStatus", description = "public_trunk: OPTIONS every 30 s; 3 misses in a row = unreachable, "
            + "one answer = reachable")
    record PeerStatusView(String ip, int port, boolean reachable, int consecutiveFailures, String lastProbeAt,
                          String lastAnswerAt, Long roundTripMs, Integer lastStatusCode, String lastError) {
        static PeerStatusView of(io.parley.api.sip.PeerReachability p) {
            return new PeerStatusView(p.ip(), p.port(), p.reachable(), p.consecutiveFailures(), text(p.lastProbeAt()),
                    text(p.lastAnswerAt()), p.roundTripMillis(), p.lastStatusCode(), p.lastError());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SipGatewayRegistration", description = "appliance_account: one live registration of the gateway")
    record GatewayRegistrationView(String contact, String clientAddress, String transport, String userAgent,
                                   String registeredAt, String expiresAt) {
        static GatewayRegistrationView of(io.parley.api.sip.GatewayBinding b) {
            return new GatewayRegistrationView(b.contact(), b.sourceAddress(), b.transport(), b.userAgent(),
                    text(b.registeredAt()), text(b.expiresAt()));
        }
    }

    private static String text(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    @Schema(name = "SipChannelWrite", description = "Create: name, device_type, docking_mode and the mode's fields. "
            + "Edit: any of them but docking_mode, which is immutable")
    record ChannelWrite(
            @Schema(description = "1..64 characters, unique", maxLength = 64) String name,
            @Schema(description = "only landline", allowableValues = {"landline"}) String numberType,
            @Schema(allowableValues = {"analog", "e1_t1", "sip_trunk"}) String deviceType,
            @Schema(allowableValues = {"appliance_account", "public_trunk", "carrier_account"}) String dockingMode,
            @Schema(description = "public_trunk: 1..n {ip: IPv4/IPv6 literal, port: 1..65535, default 5060}")
            List<AddressView> peers,
            @Schema(description = "carrier_account: letters and digits only") String username,
            @Schema(description = "carrier_account: ≥ 8 characters with upper, lower, digit and special; write-only")
            String password,
            @Schema(description = "carrier_account: domain name or IP") String serverHost,
            @Schema(description = "1..65535, default 5060") Integer serverPort,
            String outboundProxyHost, Integer outboundProxyPort,
            @Schema(allowableValues = {"udp", "tcp", "tls"}, description = "default udp") String transport,
            @Schema(description = "60..86400, default 3600") Integer registrationExpiryS) {
    }

    @Schema(name = "TrunkNumber", description = "SPEC §2.1 and the §3.1 settings")
    record NumberView(long id, long channelId, long instanceId, String number, boolean hasOutboundPrefix,
                      String outboundPrefix, int maxConcurrentCalls, int maxCallsPerSecond, String callType,
                      @Schema(allowableValues = {"active", "pending_approval", "rejected", "disabled"}) String status,
                      @Schema(description = "true only when status is active: only then does the number accept or "
                              + "place calls (§2.2)") boolean usable,
                      @Schema(description = "derived from the built-in area-code table unless an admin set it")
                      String location,
                      List<String> tags, Long inboundIvrId, String inboundIvrVersion, Long outboundIvrId,
                      List<Long> outboundSkillGroupIds, boolean prioritizeLastOutboundAgent,
                      String lastOutboundAgentMode, PromptView inboundFailurePrompt, boolean usableForAgentMobile,
                      String createdAt) {
        static NumberView of(TrunkNumber n) {
            return new NumberView(n.id(), n.channelId(), n.instanceId(), n.number(), n.hasOutboundPrefix(),
                    n.outboundPrefix(), n.maxConcurrentCalls(), n.maxCallsPerSecond(), n.callType(), n.status(),
                    n.isUsable(), n.location(), n.tags(), n.inboundIvrId(), n.inboundIvrVersion(), n.outboundIvrId(),
                    n.outboundSkillGroupIds(), n.prioritizeLastOutboundAgent(), n.lastOutboundAgentMode(),
                    PromptView.of(n.inboundFailurePrompt()), n.usableForAgentMobile(), n.createdAt().toString());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "NumberPrompt", description = "SPEC §0.3 prompt: tts with text (0..600 characters, optional "
            + "voice) or audio with the id of an approved audio file")
    record PromptView(@Schema(allowableValues = {"tts", "audio"}) String mode, String text, String voice,
                      String audioId) {
        static PromptView of(Prompt p) {
            return p == null ? null : new PromptView(p.mode().name().toLowerCase(java.util.Locale.ROOT), p.text(),
                    p.voice(), p.audioId());
        }
    }

    @Schema(name = "NumberTag", description = "SPEC §3.1 NumberTag with the number of numbers carrying it")
    record TagView(long id, String name, long numbers) {
    }

    @Schema(name = "NumberTagWrite")
    record TagWrite(@Schema(description = "1..20 characters, unique ignoring case", maxLength = 20) String name) {
    }

    @Schema(name = "NumberTags", description = "Every tag with its count, by name; all = the instance's numbers, "
            + "untagged = those without a tag")
    record TagListView(List<TagView> items, long total, long all, long untagged) {
        static TagListView of(NumberTagSummary s) {
            return new TagListView(s.tags().stream().map(c -> new TagView(c.tag().id(), c.tag().name(), c.numbers()))
                    .toList(), s.tags().size(), s.all(), s.untagged());
        }
    }

    @Schema(name = "NumberSettings", description = "{I}/settings/numbers")
    record NumberSettingsView(
            @Schema(description = "default false; on: new numbers are pending_approval until approved")
            boolean numberApprovalRequired) {
        static NumberSettingsView of(NumberApprovalSettings s) {
            return new NumberSettingsView(s.numberApprovalRequired());
        }
    }

    @Schema(name = "TrunkNumbersBulkEdit", description = "SPEC §3.2: the same changes on every listed number, all "
            + "or nothing")
    record NumbersBulkEdit(@Schema(description = "1..1000 number ids of the instance") List<Long> ids,
                           @Schema(description = "any TrunkNumberWrite field but number and instance_id")
                           NumberWrite changes) {
    }

    @Schema(name = "TrunkNumberWrite", description = "One number to add (number and instance_id required) or the "
            + "settings to change (number and instance_id are immutable)")
    record NumberWrite(
            @Schema(description = "landline with area code, e.g. 02187654321; stored as 00+CC+national; unique")
            String number,
            @Schema(description = "the instance that uses the number") Long instanceId,
            Boolean hasOutboundPrefix,
            @Schema(description = "1..10 digits, without the country or area code", pattern = "^[0-9]{1,10}$")
            String outboundPrefix,
            @Schema(description = "0 = unlimited") Integer maxConcurrentCalls,
            @Schema(description = "0 = unlimited") Integer maxCallsPerSecond,
            @Schema(allowableValues = {"inbound", "outbound", "inbound_outbound"}) String callType,
            @Schema(description = "1..64 characters; default derived from the area code; empty string: back to the "
                    + "derived one", maxLength = 64) String location,
            @Schema(nullable = true) Long inboundIvrId,
            @Schema(description = "default MAIN") String inboundIvrVersion,
            @Schema(nullable = true) Long outboundIvrId,
            @Schema(description = "existing skill groups of the instance") List<Long> outboundSkillGroupIds,
            Boolean prioritizeLastOutboundAgent,
            @Schema(allowableValues = {"mode1", "mode2"}) String lastOutboundAgentMode,
            @Schema(description = "§20 failure prompt; null removes it", nullable = true) PromptView inboundFailurePrompt,
            Boolean usableForAgentMobile,
            @Schema(description = "names of existing number tags; replaces the number's tags ([] or null: none)")
            List<String> tags,
            @Schema(description = "edit only: active or disabled (pending numbers change by :approve/:reject)",
                    allowableValues = {"active", "disabled"}) String status) {
    }

    @Schema(name = "TrunkNumbersAdd", description = "SPEC §2.2: all rows are validated first; nothing is added "
            + "if one fails (the error field is numbers[i].field)")
    record NumbersAdd(List<NumberWrite> numbers) {
    }

    @Schema(name = "TrunkNumbers")
    record NumbersView(List<NumberView> items) {
    }
}
