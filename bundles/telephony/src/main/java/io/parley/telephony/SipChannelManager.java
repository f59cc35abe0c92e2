package io.parley.telephony;

import io.parley.api.audio.AudioFileStore;
import io.parley.api.error.TextRules;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.SipChannelStore;
import io.parley.api.store.SkillGroupStore;
import io.parley.api.telephony.IssuedChannel;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.SipDigest;
import io.parley.api.telephony.SipServerInfo;
import io.parley.api.telephony.TrunkNumber;
import io.parley.api.telephony.TrunkNumberDraft;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * SIP channels (SPEC §1) with every field rule, and the numbers they carry (§2): added all or
 * none with the number rules of {@link NumberRules}, listed and removed per channel. An
 * instance's view of its numbers is {@link NumberManager}'s. IVR bindings are stored as given
 * (format-checked) until IVR flows exist to check them against.
 */
@Component(service = SipChannelService.class, configurationPid = TelephonyConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
// the metatype of this PID is designated once, on SipPhoneManager
public class SipChannelManager implements SipChannelService {

    static final int NAME_MAX = 64;
    static final int MAX_PEERS = 32;
    static final int DEFAULT_SIP_PORT = 5060;
    static final int EXPIRY_MIN = 60;
    static final int EXPIRY_MAX = 86_400;
    static final int DEFAULT_EXPIRY = 3600;
    static final int MAX_NUMBERS_PER_REQUEST = 1000;
    static final List<String> DEVICE_TYPES = List.of("analog", "e1_t1", "sip_trunk");
    static final List<String> DOCKING_MODES = List.of("appliance_account", "public_trunk", "carrier_account");
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9]{1,64}");
    static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final SipChannelStore store;
    private final InstanceService instances;
    private final SipServer server;
    private final NumberRules numberRules;
    private final Credentials credentials;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public SipChannelManager(@Reference SipChannelStore store, @Reference SkillGroupStore skillGroups,
                             @Reference InstanceService instances, @Reference AudioFileStore audioFiles,
                             TelephonyConfig config) {
        this(store, instances, SipServer.of(config),
                new NumberRules(store, skillGroups, audioFiles, new PhoneNumbers(config.defaultCountryCode())));
    }

    SipChannelManager(SipChannelStore store, InstanceService instances, SipServer server, NumberRules numberRules) {
        this.store = store;
        this.instances = instances;
        this.server = server;
        this.numberRules = numberRules;
        this.credentials = new Credentials(random);
    }

    // ---- channels ----

    @Override
    public synchronized IssuedChannel create(SipChannelDraft d) {
        String name = TextRules.required("name", d.name(), NAME_MAX);
        numberType(d.numberType());
        if (d.deviceType() == null) {
            throw new InvalidException("device_type", "is required: one of " + String.join(", ", DEVICE_TYPES));
        }
        String device = NumberRules.oneOf("device_type", d.deviceType(), DEVICE_TYPES);
        if (d.dockingMode() == null) {
            throw new InvalidException("docking_mode", "is required: one of " + String.join(", ", DOCKING_MODES));
        }
        String mode = NumberRules.oneOf("docking_mode", d.dockingMode(), DOCKING_MODES);
        requireFreeName(name, -1);
        SipDigest gateway = null;
        String password = null;
        List<SipChannel.Peer> peers = List.of();
        SipChannel.CarrierAccount carrier = null;
        switch (mode) {
            case "appliance_account" -> {
                onlyFor(d, mode);
                password = credentials.strongPassword();
                gateway = Credentials.digest(gatewayUsername(), server.info.sipDomain(), password);
            }
            case "public_trunk" -> {
                onlyFor(d, mode);
                peers = peers(d.peers());
            }
            default -> {
                onlyFor(d, mode);
                carrier = carrier(d, null);
            }
        }
        SipChannel created = store.insert(new SipChannel(0, name, "landline", device, mode, gateway, peers, carrier,
                Instant.now()));
        return new IssuedChannel(created, password);
    }

    @Override
    public SipChannel get(long channelId) {
        return store.find(channelId).orElseThrow(() -> new NotFoundException("SIP channel", channelId));
    }

    @Override
    public Page<SipChannel> list(String q, PageRequest page) {
        return store.list(q == null || q.isBlank() ? null : q.strip(), page);
    }

    @Override
    public synchronized SipChannel edit(long channelId, SipChannelDraft d) {
        SipChannel current = get(channelId);
        if (d.dockingMode() != null && !d.dockingMode().equals(current.dockingMode())) {
            throw new InvalidException("docking_mode", "is immutable; create another channel");
        }
        numberType(d.numberType());
        String name = d.name() == null ? current.name() : TextRules.required("name", d.name(), NAME_MAX);
        String device = d.deviceType() == null ? current.deviceType() : NumberRules.oneOf("device_type", d.deviceType(), DEVICE_TYPES);
        onlyFor(d, current.dockingMode());
        List<SipChannel.Peer> peers = current.peers();
        SipChannel.CarrierAccount carrier = current.carrier();
        if (current.dockingMode().equals("public_trunk") && d.peers() != null) {
            peers = peers(d.peers());
        }
        if (current.dockingMode().equals("carrier_account")) {
            carrier = carrier(d, current.carrier());
        }
        requireFreeName(name, channelId);
        SipChannel updated = new SipChannel(channelId, name, current.numberType(), device, current.dockingMode(),
                current.gatewayDigest(), peers, carrier, current.createdAt());
        if (!store.update(updated)) {
            throw new NotFoundException("SIP channel", channelId);
        }
        return updated;
    }

    @Override
    public synchronized IssuedChannel resetPassword(long channelId) {
        SipChannel current = get(channelId);
        if (current.gatewayDigest() == null) {
            throw new ConflictException("docking_mode", "only appliance_account channels have a generated gateway password");
        }
        String password = credentials.strongPassword();
        SipDigest digest = Credentials.digest(current.gatewayDigest().username(), server.info.sipDomain(), password);
        store.updateGatewayDigest(channelId, digest);
        return new IssuedChannel(new SipChannel(channelId, current.name(), current.numberType(), current.deviceType(),
                current.dockingMode(), digest, current.peers(), current.carrier(), current.createdAt()), password);
    }

    @Override
    public synchronized void delete(long channelId) {
        get(channelId);
        long numbers = store.countNumbers(channelId);
        if (numbers > 0) {
            throw new ConflictException(null, "SIP channel " + channelId + " still holds " + numbers
                    + " number(s); remove them first");
        }
        if (!store.delete(channelId)) {
            throw new NotFoundException("SIP channel", channelId);
        }
    }

    @Override
    public SipServerInfo serverInfo() {
        return server.info;
    }

    // ---- numbers ----

    @Override
    public synchronized List<TrunkNumber> addNumbers(long channelId, List<TrunkNumberDraft> drafts) {
        get(channelId);
        if (drafts == null || drafts.isEmpty()) {
            throw new InvalidException("numbers", "must list at least one number");
        }
        if (drafts.size() > MAX_NUMBERS_PER_REQUEST) {
            throw new InvalidException("numbers", "must list at most " + MAX_NUMBERS_PER_REQUEST + " numbers");
        }
        List<TrunkNumber> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<Long, Boolean> approval = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            String at = "numbers[" + i + "].";
            TrunkNumberDraft d = drafts.get(i);
            if (d.instanceId() == null) {
                throw new InvalidException(at + "instance_id", "is required");
            }
            try {
                instances.get(d.instanceId());
            } catch (NotFoundException e) {
                throw new InvalidException(at + "instance_id", "instance " + d.instanceId() + " does not exist");
            }
            String number = numberRules.channelNumber(at + "number", d.number());
            if (!seen.add(number)) {
                throw new InvalidException(at + "number", number + " is listed twice");
            }
            store.findNumber(number).ifPresent(n -> {
                throw new ConflictException(at + "number", at + "number: " + number + " is already in channel " + n.channelId());
            });
            if (d.status() != null) {
                throw new InvalidException(at + "status", "is set by the appliance: active, or pending_approval "
                        + "while the instance requires number approval");
            }
            // SPEC §2.1: pending_approval while the instance's number_approval_required is on
            String status = approval.computeIfAbsent(d.instanceId(), store::numberApprovalRequired)
                    ? TrunkNumber.PENDING_APPROVAL : TrunkNumber.ACTIVE;
            TrunkNumber blank = new TrunkNumber(0, channelId, d.instanceId(), number, false, null, 0, 0, "inbound_outbound",
                    status, numberRules.location(number).orElse(null), null, null, null, List.of(), false, null, false,
                    Instant.now(), List.of(), null);
            rows.add(numberRules.apply(at, blank, d));
        }
        return store.insertNumbers(rows);
    }

    @Override
    public Page<TrunkNumber> numbers(long channelId, PageRequest page) {
        get(channelId);
        return store.numbersOfChannel(channelId, page);
    }

    @Override
    public synchronized void deleteNumber(long channelId, long numberId) {
        TrunkNumber n = store.findNumber(numberId).filter(x -> x.channelId() == channelId)
                .orElseThrow(() -> new NotFoundException("number", numberId));
        store.deleteNumber(n.id());
    }

    // ---- channel field rules ----

    private void requireFreeName(String name, long self) {
        store.findByName(name).filter(c -> c.id() != self).ifPresent(c -> {
            throw new ConflictException("name", "name: SIP channel name '" + name + "' is already taken by channel " + c.id());
        });
    }

    private static void numberType(String numberType) {
        if (numberType != null && !numberType.equals("landline")) {
            throw new InvalidException("number_type", "only landline is accepted");
        }
    }

    private static void onlyFor(SipChannelDraft d, String mode) {
        boolean carrierFields = d.username() != null || d.password() != null || d.serverHost() != null
                || d.serverPort() != null || d.outboundProxyHost() != null || d.outboundProxyPort() != null
                || d.transport() != null || d.registrationExpirySeconds() != null;
        if (!mode.equals("public_trunk") && d.peers() != null) {
            throw new InvalidException("peers", "is only for docking_mode public_trunk");
        }
        if (!mode.equals("carrier_account") && carrierFields) {
            throw new InvalidException("docking_mode", "username, password, server_host, server_port, outbound_proxy_*, "
                    + "transport and registration_expiry_s are only for docking_mode carrier_account");
        }
    }

    private static List<SipChannel.Peer> peers(List<SipChannelDraft.PeerDraft> peers) {
        if (peers == null || peers.isEmpty()) {
            throw new InvalidException("peers", "public_trunk needs at least one peer {ip, port}");
        }
        if (peers.size() > MAX_PEERS) {
            throw new InvalidException("peers", "at most " + MAX_PEERS + " peers");
        }
        List<SipChannel.Peer> out = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            SipChannelDraft.PeerDraft p = peers.get(i);
            String ip = p == null || p.ip() == null ? "" : p.ip().strip();
            if (!isIpLiteral(ip)) {
                throw new InvalidException("peers[" + i + "].ip", "must be an IPv4 or IPv6 address literal");
            }
            int port = p.port() == null ? DEFAULT_SIP_PORT : port("peers[" + i + "].port", p.port());
            out.add(new SipChannel.Peer(ip, port));
        }
        return out;
    }

    static boolean isIpLiteral(String ip) {
        if (IPV4.matcher(ip).matches()) {
            return true;
        }
        if (!ip.contains(":") || !IPV6.matcher(ip).matches()) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address; // a literal: no DNS lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static SipChannel.CarrierAccount carrier(SipChannelDraft d, SipChannel.CarrierAccount current) {
        String username = d.username() != null ? d.username() : current == null ? null : current.username();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidException("username", "is required: 1..64 letters and digits only");
        }
        String password = d.password() != null ? carrierPassword(d.password()) : current == null ? null : current.password();
        if (password == null) {
            throw new InvalidException("password", "is required");
        }
        String host = d.serverHost() != null ? host("server_host", d.serverHost()) : current == null ? null : current.serverHost();
        if (host == null) {
            throw new InvalidException("server_host", "is required: a domain name or IP address");
        }
        int port = d.serverPort() != null ? port("server_port", d.serverPort())
                : current == null ? DEFAULT_SIP_PORT : current.serverPort();
        String proxy = d.outboundProxyHost() != null
                ? (d.outboundProxyHost().isBlank() ? null : host("outbound_proxy_host", d.outboundProxyHost()))
                : current == null ? null : current.outboundProxyHost();
        Integer proxyPort = d.outboundProxyPort() != null ? Integer.valueOf(port("outbound_proxy_port", d.outboundProxyPort()))
                : current == null ? null : current.outboundProxyPort();
        if (proxy == null && d.outboundProxyPort() != null) {
            throw new InvalidException("outbound_proxy_port", "needs outbound_proxy_host");
        }
        if (proxy == null) {
            proxyPort = null;
        } else if (proxyPort == null) {
            proxyPort = DEFAULT_SIP_PORT;
        }
        String transport = d.transport() != null ? NumberRules.oneOf("transport", d.transport(), SipServer.TRANSPORTS_UDP_FIRST)
                : current == null ? "udp" : current.transport();
        int expiry = d.registrationExpirySeconds() != null ? expiry(d.registrationExpirySeconds())
                : current == null ? DEFAULT_EXPIRY : current.registrationExpirySeconds();
        return new SipChannel.CarrierAccount(username, password, host, port, proxy, proxyPort, transport, expiry);
    }

    /** SPEC §1.3: ≥ 8 characters with an upper-case letter, a lower-case letter, a digit and a special character. */
    static String carrierPassword(String p) {
        if (p.length() < 8 || p.length() > 128) {
            throw new InvalidException("password", "must be 8..128 characters");
        }
        if (p.chars().noneMatch(Character::isUpperCase) || p.chars().noneMatch(Character::isLowerCase)
                || p.chars().noneMatch(Character::isDigit) || p.chars().allMatch(Character::isLetterOrDigit)) {
            throw new InvalidException("password",
                    "must contain an upper-case letter, a lower-case letter, a digit and a special character");
        }
        if (p.chars().anyMatch(ch -> Character.isISOControl(ch) || Character.isWhitespace(ch))) {
            throw new InvalidException("password", "must not contain spaces or control characters");
        }
        return p;
    }

    private static String host(String field, String host) {
        String h = host.strip();
        if (!HOST.matcher(h).matches() && !isIpLiteral(h)) {
            throw new InvalidException(field, "must be a domain name or an IP address");
        }
        return h;
    }

    private static int port(String field, int port) {
        if (port < 1 || port > 65_535) {
            throw new InvalidException(field, "must be 1..65535");
        }
        return port;
    }

    private static int expiry(int seconds) {
        if (seconds < EXPIRY_MIN || seconds > EXPIRY_MAX) {
            throw new InvalidException("registration_expiry_s", "must be " + EXPIRY_MIN + ".." + EXPIRY_MAX + " seconds");
        }
        return seconds;
    }

    /**
     * {@code gateway} + 9 random digits starting with 8, e.g. gateway800001024; a clash (one in
     * 10^8) is refused by the store's unique constraint and the caller may simply retry.
     */
    private String gatewayUsername() {
        return "gateway8" + String.format("%08d", random.nextInt(100_000_000));
    }

    /** The IVR flows, to check a new binding of a number (SPEC §3.1: only a published version can be bound). */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY,
            unbind = "unbindIvrFlows")
    void bindIvrFlows(io.parley.api.ivr.IvrFlowService flows) {
        numberRules.ivrFlows(flows);
    }

    void unbindIvrFlows(io.parley.api.ivr.IvrFlowService flows) {
        numberRules.ivrFlowsGone(flows);
    }
}
