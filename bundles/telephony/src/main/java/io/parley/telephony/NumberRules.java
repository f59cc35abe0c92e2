package io.parley.telephony;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileStore;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.TextRules;
import io.parley.api.ivr.Prompt;
import io.parley.api.store.SipChannelStore;
import io.parley.api.store.SkillGroupStore;
import io.parley.api.telephony.NumberTag;
import io.parley.api.telephony.TrunkNumber;
import io.parley.api.telephony.TrunkNumberDraft;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The field rules of a number (SPEC §2.1, §3.1) shared by the channel side that adds numbers
 * ({@link SipChannelManager}) and the instance side that edits them ({@link NumberManager}):
 * the canonical form through {@link PhoneNumbers}, landlines only on channels, the outbound
 * prefix, limits, IVR and skill-group bindings, tags, status, prompts and the derived location.
 */
final class NumberRules {

    static final int LOCATION_MAX = 64;
    static final int TAG_NAME_MAX = 20;
    static final int PROMPT_TEXT_MAX = 600;
    static final int VOICE_MAX = 64;
    static final List<String> STATUSES = List.of(TrunkNumber.ACTIVE, TrunkNumber.PENDING_APPROVAL, TrunkNumber.REJECTED,
            TrunkNumber.DISABLED);
    static final List<String> CALL_TYPES = List.of("inbound", "outbound", "inbound_outbound");
    static final Pattern PREFIX = Pattern.compile("[0-9]{1,10}");

    private final SipChannelStore store;
    private final SkillGroupStore skillGroups;
    private final AudioFileStore audioFiles;
    private final PhoneNumbers phoneNumbers;
    private final AreaCodes areaCodes = AreaCodes.load();
    /** The IVR flows that check a new binding; null while the IVR bundle is not running. */
    private volatile io.parley.api.ivr.IvrFlowService ivrFlows;

    NumberRules(SipChannelStore store, SkillGroupStore skillGroups, AudioFileStore audioFiles, PhoneNumbers phoneNumbers) {
        this.store = store;
        this.skillGroups = skillGroups;
        this.audioFiles = audioFiles;
        this.phoneNumbers = phoneNumbers;
    }

    /** The IVR flows service now running, or null; set by the managers' dynamic references. */
    void ivrFlows(io.parley.api.ivr.IvrFlowService flows) {
        this.ivrFlows = flows;
    }

    /** Forgets {@code flows} if it is the one set (a greedy replacement binds the new one first). */
    void ivrFlowsGone(io.parley.api.ivr.IvrFlowService flows) {
        if (this.ivrFlows == flows) {
            this.ivrFlows = null;
        }
    }

    PhoneNumbers phoneNumbers() {
        return phoneNumbers;
    }

    /** The location the area-code table gives a canonical number (SPEC §3.1, §34 point 53). */
    Optional<String> location(String canonical) {
        return areaCodes.location(canonical);
    }

    /** SPEC §2.1: a number added to a channel, canonical; channels carry landlines only (§1.3 number_type). */
    String channelNumber(String field, String input) {
        PhoneNumbers.Parsed p = phoneNumbers.parse(field, input);
        if (phoneNumbers.isMobile(p)) {
            throw new InvalidException(field, "only landline numbers are accepted on channels; " + input.strip()
                    + " is a mobile number");
        }
        return p.canonical();
    }

    /** Applies and checks every settable §2.1/§3.1 field; {@code at} prefixes the field path. */
    TrunkNumber apply(String at, TrunkNumber n, TrunkNumberDraft d) {
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
        checkIvrBindings(at, n, d, inboundIvr, version, outboundIvr);
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

    /**
     * SPEC §3.1/§7.3: a binding this change makes (not one the number had already) must name an
     * existing published version of a flow of the right kind; 409 naming the number otherwise,
     * and while the IVR bundle is away nothing can check it, so it is refused too.
     */
    private void checkIvrBindings(String at, TrunkNumber n, TrunkNumberDraft d, Long inboundIvr, String version,
                                  Long outboundIvr) {
        boolean inboundChanged = inboundIvr != null && (!inboundIvr.equals(n.inboundIvrId())
                || !version.equals(n.inboundIvrVersion()));
        boolean outboundChanged = outboundIvr != null && !outboundIvr.equals(n.outboundIvrId());
        if (!inboundChanged && !outboundChanged) {
            return;
        }
        io.parley.api.ivr.IvrFlowService flows = ivrFlows;
        if (flows == null) {
            throw new ConflictException(at + (inboundChanged ? "inbound_ivr_id" : "outbound_ivr_id"), "number "
                    + n.number() + ": the IVR flows are not available to check the binding; try again when the IVR "
                    + "feature runs");
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
     * ({@code 0086}, or e.g. {@code 021} for a Shanghai landline, {@code 020} for London).
     */
    private void checkPrefixCodes(String at, String prefix, String canonical) {
        PhoneNumbers.Parsed p = phoneNumbers.parse(at + "number", canonical);
        if (prefix.contains("00" + p.countryCode())) {
            throw new InvalidException(at + "outbound_prefix", "must not contain the country code 00" + p.countryCode());
        }
        String area = phoneNumbers.areaCode(p);
        if (area != null && prefix.contains(area)) {
            throw new InvalidException(at + "outbound_prefix", "must not contain the area code " + area);
        }
    }

    static int nonNegative(String field, int v, int max) {
        if (v < 0 || v > max) {
            throw new InvalidException(field, "must be 0 (unlimited) .. " + max);
        }
        return v;
    }

    static Long positive(String field, long v) {
        if (v <= 0) {
            throw new InvalidException(field, "must be a positive id");
        }
        return v;
    }

    static String oneOf(String field, String value, List<String> allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new InvalidException(field, "must be one of " + String.join(", ", allowed));
        }
        return v;
    }
}
