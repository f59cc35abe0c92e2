package io.parley.telephony;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileStore;
import io.parley.api.error.TextRules;
import io.parley.api.error.ConflictException;
import io.parley.api.error.DomainException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.Prompt;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.store.SipChannelStore;
import io.parley.api.store.SkillGroupStore;
import io.parley.api.telephony.IssuedChannel;
import io.parley.api.telephony.NumberApprovalSettings;
import io.parley.api.telephony.NumberFilter;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.NumberTag;
import io.parley.api.telephony.NumberTagSummary;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * SIP channels (SPEC §1) and their numbers (§2, §3) with every field rule, number tags,
 * approval and the location derived from the built-in area-code table. IVR bindings are
 * stored as given (format-checked) until IVR flows exist to check them against.
 */
@Component(service = {SipChannelService.class, NumberService.class}, configurationPid = TelephonyConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
// the metatype of this PID is designated once, on SipPhoneManager
public class SipChannelManager implements SipChannelService, NumberService {

    static final int NAME_MAX = 64;
    static final int MAX_PEERS = 32;
    static final int DEFAULT_SIP_PORT = 5060;
    static final int EXPIRY_MIN = 60;
    static final int EXPIRY_MAX = 86_400;
    static final int DEFAULT_EXPIRY = 3600;
    static final int MAX_NUMBERS_PER_REQUEST = 1000;
    static final int LOCATION_MAX = 64;
    static final int TAG_NAME_MAX = 20;
    static final int PROMPT_TEXT_MAX = 600;
    static final int VOICE_MAX = 64;
    static final int MAX_BULK = 1000;
    static final List<String> STATUSES = List.of(TrunkNumber.ACTIVE, TrunkNumber.PENDING_APPROVAL, TrunkNumber.REJECTED,
            TrunkNumber.DISABLED);
    static final List<String> DEVICE_TYPES = List.of("analog", "e1_t1", "sip_trunk");
    static final List<String> DOCKING_MODES = List.of("appliance_account", "public_trunk", "carrier_account");
    static final List<String> CALL_TYPES = List.of("inbound", "outbound", "inbound_outbound");
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9]{1,64}");
    static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    static final Pattern PREFIX = Pattern.compile("[0-9]{1,10}");
    /** A Chinese mobile number (national form); channels accept landlines only (§1). */
    static final Pattern CN_MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private final SipChannelStore store;
    private final SkillGroupStore skillGroups;
    private final InstanceService instances;
    private final AudioFileStore audioFiles;
    private final SipServer server;
    private final Credentials credentials;
    private final AreaCodes areaCodes = AreaCodes.load();
    private final SecureRandom random = new SecureRandom();

    @Activate
    public SipChannelManager(@Reference SipChannelStore store, @Reference SkillGroupStore skillGroups,
                             @Reference InstanceService instances, @Reference AudioFileStore audioFiles,
                             TelephonyConfig config) {
        this(store, skillGroups, instances, audioFiles, SipServer.of(config));
    }

    SipChannelManager(SipChannelStore store, SkillGroupStore skillGroups, InstanceService instances,
                      AudioFileStore audioFiles, SipServer server) {
        this.store = store;
        this.skillGroups = skillGroups;
        this.instances = instances;
        this.audioFiles = audioFiles;
        this.server = server;
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
        String device = oneOf("device_type", d.deviceType(), DEVICE_TYPES);
        if (d.dockingMode() == null) {
            throw new InvalidException("docking_mode", "is required: one of " + String.join(", ", DOCKING_MODES));
        }
        String mode = oneOf("docking_mode", d.dockingMode(), DOCKING_MODES);
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
        String device = d.deviceType() == null ? current.deviceType() : oneOf("device_type", d.deviceType(), DEVICE_TYPES);
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
            String number = canonical(at + "number", d.number());
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
                    status, areaCodes.location(number).orElse(null), null, null, null, List.of(), false, null, false,
                    Instant.now(), List.of(), null);
            rows.add(apply(at, blank, d));
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

    @Override
    public Page<TrunkNumber> list(long instanceId, String q, PageRequest page) {
        instances.get(instanceId);
        return store.numbersOfInstance(instanceId, q == null || q.isBlank() ? null : q.strip(), page);
    }

    @Override
    public Page<TrunkNumber> list(long instanceId, NumberFilter f, PageRequest page) {
        instances.get(instanceId);
        NumberFilter filter = f == null ? NumberFilter.ALL : f;
        String q = filter.q() == null || filter.q().isBlank() ? null : filter.q().strip();
        String tag = filter.tag() == null || filter.tag().isBlank() ? null : filter.tag().strip();
        if (tag != null && filter.untagged()) {
            throw new InvalidException("untagged", "cannot be combined with tag");
        }
        if (tag != null && store.findTagByName(instanceId, tag).isEmpty()) {
            throw new InvalidException("tag", "instance " + instanceId + " has no number tag named '" + tag + "'");
        }
        String status = filter.status() == null || filter.status().isBlank() ? null
                : oneOf("status", filter.status().strip(), STATUSES);
        return store.numbersOfInstance(instanceId, new NumberFilter(q, tag, filter.untagged(), status), page);
    }

    @Override
    public TrunkNumber get(long instanceId, long numberId) {
        instances.get(instanceId);
        return store.findNumber(numberId).filter(n -> n.instanceId() == instanceId)
                .orElseThrow(() -> new NotFoundException("number", numberId));
    }

    @Override
    public Optional<String> location(String canonicalNumber) {
        return areaCodes.location(canonicalNumber);
    }

    @Override
    public synchronized TrunkNumber edit(long instanceId, long numberId, TrunkNumberDraft d) {
        TrunkNumber current = get(instanceId, numberId);
        if (d.number() != null && !canonical("number", d.number()).equals(current.number())) {
            throw new InvalidException("number", "is immutable; remove the number and add it again");
        }
        if (d.instanceId() != null && d.instanceId() != instanceId) {
            throw new InvalidException("instance_id", "is immutable");
        }
        TrunkNumber updated = apply("", current, d);
        if (!store.updateNumber(updated)) {
            throw new NotFoundException("number", numberId);
        }
        return updated;
    }

    @Override
    public synchronized List<TrunkNumber> bulkEdit(long instanceId, List<Long> ids, TrunkNumberDraft d) {
        instances.get(instanceId);
        if (ids == null || ids.isEmpty()) {
            throw new InvalidException("ids", "must list at least one number id");
        }
        if (ids.size() > MAX_BULK) {
            throw new InvalidException("ids", "must list at most " + MAX_BULK + " number ids");
        }
        if (d.number() != null) {
            throw new InvalidException("number", "cannot be bulk-edited: each number is unique and immutable");
        }
        if (d.instanceId() != null && d.instanceId() != instanceId) {
            throw new InvalidException("instance_id", "is immutable");
        }
        List<TrunkNumber> updated = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Long id = ids.get(i);
            String at = "ids[" + i + "]";
            if (id == null || !seen.add(id)) {
                throw new InvalidException(at, id == null ? "must be a number id" : "lists number " + id + " twice");
            }
            TrunkNumber n = store.findNumber(id).filter(x -> x.instanceId() == instanceId).orElseThrow(() ->
                    new InvalidException(at, "number " + id + " does not exist in instance " + instanceId));
            try {
                updated.add(apply(at + ".", n, d));
            } catch (DomainException e) {
                // name the number, not only its position in the request
                String rule = e.field() != null && e.getMessage().startsWith(e.field() + ": ")
                        ? e.getMessage().substring(e.field().length() + 2) : e.getMessage();
                String message = "number " + n.id() + " (" + n.number() + "): " + rule;
                throw e instanceof ConflictException ? new ConflictException(e.field(), e.field() + ": " + message)
                        : new InvalidException(e.field(), message);
            }
        }
        if (!store.updateNumbers(updated)) {
            throw new ConflictException("ids", "a number was removed while the bulk edit ran; nothing was changed");
        }
        return updated;
    }

    @Override
    public synchronized TrunkNumber approve(long instanceId, long numberId) {
        TrunkNumber approved = pending(instanceId, numberId, "approved").withStatus(TrunkNumber.ACTIVE);
        store.updateNumber(approved);
        return approved;
    }

    @Override
    public synchronized TrunkNumber reject(long instanceId, long numberId) {
        TrunkNumber rejected = pending(instanceId, numberId, "rejected").withStatus(TrunkNumber.REJECTED);
        store.updateNumber(rejected);
        return rejected;
    }

    /** SPEC §2.2: approve and reject apply only while approval is required, to a pending number. */
    private TrunkNumber pending(long instanceId, long numberId, String to) {
        TrunkNumber n = get(instanceId, numberId);
        if (!store.numberApprovalRequired(instanceId)) {
            throw new ConflictException("number_approval_required", "instance " + instanceId
                    + " does not require number approval; numbers are active when added");
        }
        if (!n.status().equals(TrunkNumber.PENDING_APPROVAL)) {
            throw new ConflictException("status", "only a pending_approval number can be " + to + "; number "
                    + numberId + " is " + n.status());
        }
        return n;
    }

    @Override
    public NumberApprovalSettings approvalSettings(long instanceId) {
        instances.get(instanceId);
        return new NumberApprovalSettings(store.numberApprovalRequired(instanceId));
    }

    @Override
    public synchronized NumberApprovalSettings updateApprovalSettings(long instanceId, NumberApprovalSettings settings) {
        instances.get(instanceId);
        store.setNumberApprovalRequired(instanceId, settings.numberApprovalRequired());
        return approvalSettings(instanceId);
    }

    @Override
    public synchronized NumberTag createTag(long instanceId, String name) {
        instances.get(instanceId);
        String n = TextRules.required("name", name, TAG_NAME_MAX);
        store.findTagByName(instanceId, n).ifPresent(t -> {
            throw new ConflictException("name", "name: number tag '" + t.name() + "' already exists (id " + t.id() + ")");
        });
        return store.insertTag(new NumberTag(0, instanceId, n));
    }

    @Override
    public NumberTagSummary tags(long instanceId) {
        instances.get(instanceId);
        return store.tagSummary(instanceId);
    }

    @Override
    public synchronized void deleteTag(long instanceId, long tagId) {
        instances.get(instanceId);
        if (!store.deleteTag(instanceId, tagId)) {
            throw new NotFoundException("number tag", tagId);
        }
    }

    /** Applies and checks every settable §2.1/§3.1 field; {@code at} prefixes the field path. */
    private TrunkNumber apply(String at, TrunkNumber n, TrunkNumberDraft d) {
        boolean hasPrefix = d.hasOutboundPrefix() == null ? n.hasOutboundPrefix() : d.hasOutboundPrefix();
        String prefix = d.outboundPrefix() == null ? (d.hasOutboundPrefix() == Boolean.FALSE ? null : n.outboundPrefix())
                : d.outboundPrefix();
        if (hasPrefix) {
            if (prefix == null) {
                throw new InvalidException(at + "outbound_prefix", "is required when has_outbound_prefix is true");
            }
            if (!PREFIX.matcher(prefix).matches()) {
                throw new InvalidException(at + "outbound_prefix", "must be 1 to 10 digits");
            }
            checkPrefixCodes(at, prefix, n.number());
        } else if (d.outboundPrefix() != null) {
            throw new InvalidException(at + "outbound_prefix", "is only allowed with has_outbound_prefix true");
        } else {
            prefix = null;
        }
        int maxConcurrent = d.maxConcurrentCalls() == null ? n.maxConcurrentCalls()
                : nonNegative(at + "max_concurrent_calls", d.maxConcurrentCalls(), 100_000);
        int cps = d.maxCallsPerSecond() == null ? n.maxCallsPerSecond()
                : nonNegative(at + "max_calls_per_second", d.maxCallsPerSecond(), 10_000);
        String callType = d.callType() == null ? n.callType() : oneOf(at + "call_type", d.callType(), CALL_TYPES);
        // an empty location gives the number back its derived one (SPEC §3.1: derived, admin may override)
        String location = d.location() == null ? n.location()
                : d.location().isBlank() ? areaCodes.location(n.number()).orElse(null)
                : TextRules.required(at + "location", d.location(), LOCATION_MAX);
        Long inboundIvr = d.clearInboundIvr() ? null : d.inboundIvrId() == null ? n.inboundIvrId()
                : positive(at + "inbound_ivr_id", d.inboundIvrId());
        String version = inboundIvr == null ? null
                : d.inboundIvrVersion() != null ? TextRules.required(at + "inbound_ivr_version", d.inboundIvrVersion(), 32)
                : n.inboundIvrVersion() != null && d.inboundIvrId() == null ? n.inboundIvrVersion() : "MAIN";
        if (inboundIvr == null && d.inboundIvrVersion() != null) {
            throw new InvalidException(at + "inbound_ivr_version", "needs inbound_ivr_id");
        }
        Long outboundIvr = d.clearOutboundIvr() ? null : d.outboundIvrId() == null ? n.outboundIvrId()
                : positive(at + "outbound_ivr_id", d.outboundIvrId());
        List<Long> groups = n.outboundSkillGroupIds();
        if (d.outboundSkillGroupIds() != null) {
            groups = List.copyOf(new LinkedHashSet<>(d.outboundSkillGroupIds()));
            for (Long g : groups) {
                if (g == null || skillGroups.find(n.instanceId(), g).isEmpty()) {
                    throw new InvalidException(at + "outbound_skill_group_ids[" + d.outboundSkillGroupIds().indexOf(g) + "]",
                            "skill group " + g + " does not exist in instance " + n.instanceId());
                }
            }
        }
        checkIvrBindings(at, n, d, inboundIvr, version, outboundIvr);
        boolean prioritize = d.prioritizeLastOutboundAgent() == null ? n.prioritizeLastOutboundAgent()
                : d.prioritizeLastOutboundAgent();
        String mode = d.lastOutboundAgentMode() == null ? n.lastOutboundAgentMode()
                : oneOf(at + "last_outbound_agent_mode", d.lastOutboundAgentMode(), List.of("mode1", "mode2"));
        if (prioritize && mode == null) {
            mode = "mode2";
        }
        boolean mobile = d.usableForAgentMobile() == null ? n.usableForAgentMobile() : d.usableForAgentMobile();
        List<String> tags = d.tags() == null ? n.tags() : tags(at, n.instanceId(), d.tags());
        String status = d.status() == null ? n.status() : status(at, n, d.status());
        Prompt failure = d.clearInboundFailurePrompt() ? null : d.inboundFailurePrompt() == null
                ? n.inboundFailurePrompt() : prompt(at + "inbound_failure_prompt.", n.instanceId(), d.inboundFailurePrompt());
        return new TrunkNumber(n.id(), n.channelId(), n.instanceId(), n.number(), hasPrefix, prefix, maxConcurrent, cps,
                callType, status, location, inboundIvr, version, outboundIvr, groups, prioritize, mode, mobile,
                n.createdAt(), tags, failure);
    }

    /** SPEC §0.3: tts with 0..600 characters of text, or audio with an approved audio file of the instance. */
    private Prompt prompt(String at, long instanceId, Prompt p) {
        if (p.mode() == null) {
            throw new InvalidException(at + "mode", "must be tts or audio");
        }
        if (p.voice() != null && (p.voice().isBlank() || p.voice().length() > VOICE_MAX
                || p.voice().chars().anyMatch(Character::isISOControl))) {
            throw new InvalidException(at + "voice", "must be a voice id of 1.." + VOICE_MAX + " characters, "
                    + "e.g. en-US/voice1");
        }
        if (p.mode() == Prompt.Mode.TTS) {
            if (p.audioId() != null) {
                throw new InvalidException(at + "audio_id", "is only for mode audio");
            }
            if (p.text() == null) {
                throw new InvalidException(at + "text", "is required when mode is tts");
            }
            if (p.text().codePointCount(0, p.text().length()) > PROMPT_TEXT_MAX) {
                throw new InvalidException(at + "text", "must be 0.." + PROMPT_TEXT_MAX + " characters");
            }
            return p;
        }
        if (p.text() != null) {
            throw new InvalidException(at + "text", "is only for mode tts");
        }
        if (p.audioId() == null || p.audioId().isBlank()) {
            throw new InvalidException(at + "audio_id", "is required when mode is audio");
        }
        AudioFile file = audioFiles.find(instanceId, p.audioId()).orElseThrow(() -> new InvalidException(
                at + "audio_id", "audio file " + p.audioId() + " does not exist in instance " + instanceId));
        if (!AudioFile.APPROVED.equals(file.reviewStatus())) {
            throw new InvalidException(at + "audio_id", "audio file " + p.audioId() + " is " + file.reviewStatus()
                    + "; only an approved audio file can be played");
        }
        return p;
    }

    /** SPEC §3.1 {@code tags[]}: each must exist as a NumberTag of the instance; kept in the tag's own spelling. */
    private List<String> tags(String at, long instanceId, List<String> names) {
        Map<String, String> byKey = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String field = at + "tags[" + i + "]";
            if (name == null || name.isBlank()) {
                throw new InvalidException(field, "must be the name of a number tag");
            }
            NumberTag tag = store.findTagByName(instanceId, name.strip()).orElseThrow(() -> new InvalidException(field,
                    "instance " + instanceId + " has no number tag named '" + name.strip() + "'; create it first"));
            byKey.putIfAbsent(tag.name().toLowerCase(Locale.ROOT), tag.name());
        }
        return byKey.values().stream().sorted(Comparator.comparing(t -> t.toLowerCase(Locale.ROOT))).toList();
    }

    /**
     * An edit may switch a number between {@code active} and {@code disabled}; pending and
     * rejected numbers change only through {@code :approve}/{@code :reject} (SPEC §2.2).
     */
    private static String status(String at, TrunkNumber n, String wanted) {
        String s = oneOf(at + "status", wanted, STATUSES);
        if (s.equals(n.status())) {
            return s;
        }
        if (!s.equals(TrunkNumber.ACTIVE) && !s.equals(TrunkNumber.DISABLED)) {
            throw new InvalidException(at + "status", "can be set to active or disabled only; " + s
                    + " is the approval's to set");
        }
        if (n.status().equals(TrunkNumber.PENDING_APPROVAL) || n.status().equals(TrunkNumber.REJECTED)) {
            throw new ConflictException(at + "status", at + "status: number " + n.id() + " is " + n.status()
                    + "; only :approve makes a pending number active, and a rejected number stays rejected");
        }
        return s;
    }

    /**
     * SPEC §2.1: the prefix must not contain the country code or the area code of the number
     * ({@code 0086}, or e.g. {@code 021} for a Shanghai landline).
     */
    private void checkPrefixCodes(String at, String prefix, String canonical) {
        String national = nationalPart(canonical);
        String country = canonical.substring(2, canonical.length() - national.length());
        if (prefix.contains("00" + country)) {
            throw new InvalidException(at + "outbound_prefix", "must not contain the country code 00" + country);
        }
        String area = areaCode(country, national);
        if (area != null && prefix.contains(area)) {
            throw new InvalidException(at + "outbound_prefix", "must not contain the area code " + area);
        }
    }

    /**
     * SPEC §0.2: canonical {@code 00}+CC+national number; input may be {@code +CC…},
     * {@code 00CC…} or national (then the default country code is applied). Landlines only.
     */
    String canonical(String field, String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidException(field, "is required");
        }
        String v = input.strip().replace(" ", "").replace("-", "");
        String canonical;
        if (v.startsWith("+")) {
            canonical = "00" + v.substring(1);
        } else if (v.startsWith("00")) {
            canonical = v;
        } else {
            canonical = "00" + server.defaultCountryCode + v;
        }
        if (!canonical.matches("00[1-9][0-9]{5,19}")) {
            throw new InvalidException(field, "must be a phone number of digits, e.g. 02187654321, +862187654321 or "
                    + "00862187654321 (at most 22 digits after 00)");
        }
        String national = nationalPart(canonical);
        if (canonical.startsWith("0086") && CN_MOBILE.matcher(national).matches()) {
            throw new InvalidException(field, "only landline numbers are accepted on channels; " + input + " is a mobile number");
        }
        if (canonical.startsWith("0086") && !national.startsWith("0")) {
            // written internationally (+86 21 …) a landline drops its trunk 0; the canonical
            // form keeps the number as dialled nationally (SPEC §0.2: 0086 021 …)
            canonical = "00860" + national;
        }
        return canonical;
    }

    /** The national part after 00+CC, for the default country code; otherwise all after 00 + 1..3 digits unknown. */
    private String nationalPart(String canonical) {
        String cc = server.defaultCountryCode;
        return canonical.startsWith("00" + cc) ? canonical.substring(2 + cc.length()) : canonical.substring(4);
    }

    /** Area code with its trunk 0 for China (010, 02x: 3 digits; others 4); null where unknown. */
    private static String areaCode(String country, String national) {
        if (!"86".equals(country) || !national.startsWith("0") || national.length() < 4) {
            return null;
        }
        return national.charAt(1) == '1' || national.charAt(1) == '2' ? national.substring(0, 3) : national.substring(0, 4);
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
        String transport = d.transport() != null ? oneOf("transport", d.transport(), SipServer.TRANSPORTS_UDP_FIRST)
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

    private static int nonNegative(String field, int v, int max) {
        if (v < 0 || v > max) {
            throw new InvalidException(field, "must be 0 (unlimited) .. " + max);
        }
        return v;
    }

    private static Long positive(String field, long v) {
        if (v <= 0) {
            throw new InvalidException(field, "must be a positive id");
        }
        return v;
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new InvalidException(field, "must be one of " + String.join(", ", allowed));
        }
        return v;
    }

    /**
     * {@code gateway} + 9 random digits starting with 8, e.g. gateway800001024; a clash (one in
     * 10^8) is refused by the store's unique constraint and the caller may simply retry.
     */
    private String gatewayUsername() {
        return "gateway8" + String.format("%08d", random.nextInt(100_000_000));
    }

    /** The IVR flows, to check a new binding (SPEC §3.2: only a saved valid version can be bound). */
    @org.osgi.service.component.annotations.Reference(
            cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile io.parley.api.ivr.IvrFlowService ivrFlows;

    /** A binding this change makes (not one the number had already) must name a published version: 409 otherwise. */
    private void checkIvrBindings(String at, TrunkNumber n, TrunkNumberDraft d, Long inboundIvr, String version,
                                  Long outboundIvr) {
        boolean inboundChanged = inboundIvr != null && (!inboundIvr.equals(n.inboundIvrId())
                || !version.equals(n.inboundIvrVersion()));
        boolean outboundChanged = outboundIvr != null && !outboundIvr.equals(n.outboundIvrId());
        if (!inboundChanged && !outboundChanged) {
            return;
        }
        io.parley.api.ivr.IvrFlowService flows = ivrFlows;
        String field = at + (inboundChanged ? "inbound_ivr_id" : "outbound_ivr_id");
        if (flows == null) {
            throw new io.parley.api.error.ConflictException(field, "number " + n.number()
                    + ": the IVR flows are not available to check the binding; try again when the IVR feature runs");
        }
        if (inboundChanged) {
            flows.checkBindable(n.instanceId(), inboundIvr, version, io.parley.api.ivr.IvrFlow.INBOUND,
                    d.inboundIvrId() == null ? at + "inbound_ivr_version" : at + "inbound_ivr_id", n.number());
        }
        if (outboundChanged) {
            flows.checkBindable(n.instanceId(), outboundIvr, io.parley.api.ivr.IvrVersion.MAIN,
                    io.parley.api.ivr.IvrFlow.OUTBOUND, at + "outbound_ivr_id", n.number());
        }
    }
}
