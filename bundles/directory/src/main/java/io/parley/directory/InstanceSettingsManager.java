package io.parley.directory;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileStore;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.Prompt;
import io.parley.api.settings.GeneralSettings;
import io.parley.api.settings.GeneralSettings.HoldAudio;
import io.parley.api.settings.GeneralSettings.NumberProtection;
import io.parley.api.settings.GeneralSettings.OAuth2Client;
import io.parley.api.settings.GeneralSettings.UserIdMapping;
import io.parley.api.settings.InboundSettings;
import io.parley.api.settings.InboundSettings.AutoAnswerWindow;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.settings.PushSettings;
import io.parley.api.settings.SettingsSection;
import io.parley.api.settings.StorageSettings;
import io.parley.api.store.AgentStatusStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings pages {@code inbound}, {@code outbound}, {@code general} and {@code push} with their SPEC rules.
 * Each page is kept as named values {@code <section>.<path>} in {@code instance_setting}; a
 * field never set is absent there and reads as its SPEC default, so a new field needs no
 * migration.
 */
@Component(service = InstanceSettingsService.class)
public class InstanceSettingsManager implements InstanceSettingsService {

    static final int PROMPT_TEXT_MAX = 600;
    static final int VOICE_MAX = 64;
    static final int URL_MAX = 2000;
    static final int CREDENTIAL_MAX = 256;
    private static final Set<String> WRITE_ONLY_FLAGS = Set.of("password_set", "client_secret_set");
    private static final Logger LOG = LoggerFactory.getLogger(InstanceSettingsManager.class);

    private final AgentStatusStore store;
    private final InstanceService instances;
    private final AudioFileStore audio;

    @Activate
    public InstanceSettingsManager(@Reference AgentStatusStore store, @Reference InstanceService instances,
                                   @Reference AudioFileStore audio) {
        this.store = store;
        this.instances = instances;
        this.audio = audio;
    }

    @Override
    public InboundSettings inbound(long instanceId) {
        return inbound(stored(instanceId, SettingsSection.INBOUND), true);
    }

    @Override
    public OutboundSettings outbound(long instanceId) {
        return outbound(stored(instanceId, SettingsSection.OUTBOUND), true);
    }

    @Override
    public GeneralSettings general(long instanceId) {
        // stored values were checked when written; an audio file deleted since is not re-checked on read
        return general(0, stored(instanceId, SettingsSection.GENERAL), true);
    }

    @Override
    public PushSettings push(long instanceId) {
        return push(stored(instanceId, SettingsSection.PUSH), true);
    }

    @Override
    public StorageSettings storage(long instanceId) {
        return storage(stored(instanceId, SettingsSection.STORAGE), true);
    }

    @Override
    public Map<String, Object> view(long instanceId, SettingsSection section) {
        return switch (section) {
            case INBOUND -> map(inbound(instanceId));
            case OUTBOUND -> map(outbound(instanceId));
            case GENERAL -> withoutSecrets(map(general(instanceId)));
            case PUSH -> pushWithoutSecrets(map(push(instanceId)));
            case STORAGE -> withoutS3Secret(map(storage(instanceId)));
        };
    }

    @Override
    public Map<String, Object> update(long instanceId, SettingsSection section, Map<String, Object> patch) {
        if (patch == null) {
            throw new MalformedException(null, "the request body must be a JSON object");
        }
        Map<String, Object> merged;
        Map<String, Object> canonical;
        switch (section) {
            case INBOUND -> {
                merged = SettingsMaps.merge(map(inbound(instanceId)), patch);
                canonical = map(inbound(merged, false));
            }
            case OUTBOUND -> {
                merged = SettingsMaps.merge(map(outbound(instanceId)), patch);
                canonical = map(outbound(merged, false));
            }
            case PUSH -> {
                merged = SettingsMaps.merge(map(push(instanceId)), patch);
                canonical = map(push(merged, false));
            }
            case STORAGE -> {
                merged = SettingsMaps.merge(map(storage(instanceId)), patch);
                canonical = map(storage(merged, false));
            }
            default -> {
                merged = SettingsMaps.merge(map(general(instanceId)), patch);
                canonical = map(general(instanceId, merged, false));
            }
        }
        store.replaceSettings(instanceId, section.wire() + ".", SettingsMaps.flatten(section.wire(), canonical));
        LOG.info("Settings {} of instance {} changed: {}", section.wire(), instanceId, patch.keySet());
        return view(instanceId, section);
    }

    private Map<String, Object> stored(long instanceId, SettingsSection section) {
        instances.get(instanceId);
        return SettingsMaps.unflatten(section.wire(), store.settings(instanceId, section.wire() + "."));
    }

    // ---- inbound (§15.1)

    static InboundSettings inbound(Map<String, Object> m, boolean stored) {
        SettingsMaps.Reader r = new SettingsMaps.Reader(m, "", stored);
        InboundSettings d = InboundSettings.DEFAULTS;
        InboundSettings s = new InboundSettings(
                r.choice("basic_routing", InboundSettings.BasicRouting.class, d.basicRouting()),
                r.bool("prefer_last_accessed_agent", d.preferLastAccessedAgent()),
                r.bool("prefer_last_outbound_agent", d.preferLastOutboundAgent()),
                r.bool("auto_answer", d.autoAnswer()),
                windows(r),
                r.bool("ring_timeout_transfer", d.ringTimeoutTransfer()),
                r.integer("ring_timeout_s", d.ringTimeoutS(), InboundSettings.RING_TIMEOUT_MIN,
                        InboundSettings.RING_TIMEOUT_MAX),
                r.bool("restore_after_call", d.restoreAfterCall()),
                r.integer("restore_after_call_s", d.restoreAfterCallS(), InboundSettings.RESTORE_MIN,
                        InboundSettings.RESTORE_MAX),
                r.bool("break_after_ring_timeout", d.breakAfterRingTimeout()));
        r.done(Set.of());
        return s;
    }

    /** {@code "all"} (or absent) for all the time, else 1..20 {weekdays, from, to}. */
    private static List<AutoAnswerWindow> windows(SettingsMaps.Reader r) {
        String field = "auto_answer_windows";
        Object v = r.raw(field);
        if (v == null || "all".equals(v)) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new InvalidException(field, "must be \"all\" or a list of {weekdays, from, to}");
        }
        if (list.isEmpty() || list.size() > InboundSettings.MAX_WINDOWS) {
            throw new InvalidException(field, "must be \"all\" or 1.." + InboundSettings.MAX_WINDOWS + " windows");
        }
        List<AutoAnswerWindow> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> item)) {
                throw new MalformedException(path, "must be an object {weekdays, from, to}");
            }
            @SuppressWarnings("unchecked")
            SettingsMaps.Reader w = new SettingsMaps.Reader((Map<String, Object>) item, path + ".", r.stored());
            Set<DayOfWeek> days = weekdays(w);
            LocalTime from = time(w, "from");
            LocalTime to = time(w, "to");
            if (!from.isBefore(to)) {
                throw new InvalidException(w.path("to"), "must be after from");
            }
            w.done(Set.of());
            out.add(new AutoAnswerWindow(days, from, to));
        }
        return out;
    }

    private static Set<DayOfWeek> weekdays(SettingsMaps.Reader w) {
        Object v = w.raw("weekdays");
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidException(w.path("weekdays"), "is required: a list of mon, tue, wed, thu, fri, sat, sun");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object d : list) {
            DayOfWeek day = null;
            for (DayOfWeek candidate : DayOfWeek.values()) {
                if (candidate.name().substring(0, 3).equalsIgnoreCase(String.valueOf(d))) {
                    day = candidate;
                }
            }
            if (day == null) {
                throw new InvalidException(w.path("weekdays"), "'" + d + "' is not one of mon, tue, wed, thu, fri, sat, sun");
            }
            days.add(day);
        }
        return days;
    }

    private static LocalTime time(SettingsMaps.Reader w, String field) {
        String v = w.string(field);
        if (v == null || !v.matches("[0-2][0-9]:[0-5][0-9]")) {
            throw new InvalidException(w.path(field), "is required as HH:MM, 00:00..23:59");
        }
        try {
            return LocalTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidException(w.path(field), "is required as HH:MM, 00:00..23:59");
        }
    }

    static Map<String, Object> map(InboundSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("basic_routing", s.basicRouting().wire());
        m.put("prefer_last_accessed_agent", s.preferLastAccessedAgent());
        m.put("prefer_last_outbound_agent", s.preferLastOutboundAgent());
        m.put("auto_answer", s.autoAnswer());
        if (s.autoAnswerWindows().isEmpty()) {
            m.put("auto_answer_windows", "all");
        } else {
            List<Object> windows = new ArrayList<>();
            for (AutoAnswerWindow w : s.autoAnswerWindows()) {
                Map<String, Object> wm = new LinkedHashMap<>();
                wm.put("weekdays", w.weekdays().stream().sorted()
                        .map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).toList());
                wm.put("from", w.from().toString());
                wm.put("to", w.to().toString());
                windows.add(wm);
            }
            m.put("auto_answer_windows", windows);
        }
        m.put("ring_timeout_transfer", s.ringTimeoutTransfer());
        m.put("ring_timeout_s", s.ringTimeoutS());
        m.put("restore_after_call", s.restoreAfterCall());
        m.put("restore_after_call_s", s.restoreAfterCallS());
        m.put("break_after_ring_timeout", s.breakAfterRingTimeout());
        return m;
    }

    // ---- outbound (§11.1)

    static OutboundSettings outbound(Map<String, Object> m, boolean stored) {
        SettingsMaps.Reader r = new SettingsMaps.Reader(m, "", stored);
        OutboundSettings d = OutboundSettings.DEFAULTS;
        OutboundSettings s = new OutboundSettings(
                r.choice("display_rule", OutboundSettings.DisplayRule.class, d.displayRule()),
                r.bool("allow_agent_choose_number", d.allowAgentChooseNumber()),
                r.bool("play_ivr_prompt_when_callee_not_answering", d.playIvrPromptWhenCalleeNotAnswering()),
                r.bool("agent_prompt_after_customer_hangup", d.agentPromptAfterCustomerHangup()));
        r.done(Set.of());
        return s;
    }

    static Map<String, Object> map(OutboundSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("display_rule", s.displayRule().wire());
        m.put("allow_agent_choose_number", s.allowAgentChooseNumber());
        m.put("play_ivr_prompt_when_callee_not_answering", s.playIvrPromptWhenCalleeNotAnswering());
        m.put("agent_prompt_after_customer_hangup", s.agentPromptAfterCustomerHangup());
        return m;
    }

    // ---- general (§21.1, §24.1, §25, §26.1)

    /** @param instanceId where a custom prompt's audio must exist; 0 when reading stored values */
    GeneralSettings general(long instanceId, Map<String, Object> m, boolean stored) {
        SettingsMaps.Reader r = new SettingsMaps.Reader(m, "", stored);
        GeneralSettings s = new GeneralSettings(holdAudio(instanceId, r.object("hold_audio")),
                protection(r.object("number_protection")),
                r.bool("allow_agent_blocklist", GeneralSettings.DEFAULTS.allowAgentBlocklist()));
        r.done(Set.of());
        return s;
    }

    private HoldAudio holdAudio(long instanceId, SettingsMaps.Reader r) {
        if (r == null) {
            return GeneralSettings.DEFAULTS.holdAudio();
        }
        GeneralSettings.HoldMode mode = r.choice("mode", GeneralSettings.HoldMode.class, GeneralSettings.HoldMode.DEFAULT);
        SettingsMaps.Reader p = r.object("prompt");
        r.done(Set.of());
        Prompt prompt = p == null ? null : prompt(instanceId, p);
        if (mode == GeneralSettings.HoldMode.CUSTOM && prompt == null) {
            throw new InvalidException(r.path("prompt"), "is required when mode is custom (TTS text or an approved audio file)");
        }
        return new HoldAudio(mode, prompt);
    }

    /** SPEC §0.3. */
    private Prompt prompt(long instanceId, SettingsMaps.Reader p) {
        Prompt.Mode mode = p.choice("mode", Prompt.Mode.class, Prompt.Mode.TTS);
        String text = p.string("text");
        String voice = p.string("voice");
        String audioId = p.string("audio_id");
        p.done(Set.of());
        if (text != null && text.codePointCount(0, text.length()) > PROMPT_TEXT_MAX) {
            throw new InvalidException(p.path("text"), "must be 0.." + PROMPT_TEXT_MAX + " characters");
        }
        if (voice != null && (voice.isBlank() || voice.length() > VOICE_MAX || voice.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidException(p.path("voice"), "must be a voice id of 1.." + VOICE_MAX + " characters, e.g. en-US/voice1");
        }
        if (mode == Prompt.Mode.TTS && text == null) {
            throw new InvalidException(p.path("text"), "is required when mode is tts");
        }
        if (mode == Prompt.Mode.AUDIO) {
            if (audioId == null || audioId.isBlank()) {
                throw new InvalidException(p.path("audio_id"), "is required when mode is audio");
            }
            if (!p.stored()) {
                AudioFile file = audio.find(instanceId, audioId).orElseThrow(() -> new InvalidException(
                        p.path("audio_id"), "audio file " + audioId + " does not exist in this instance"));
                if (!AudioFile.APPROVED.equals(file.reviewStatus())) {
                    throw new InvalidException(p.path("audio_id"), "audio file " + audioId + " is "
                            + file.reviewStatus() + "; only an approved audio file can be played");
                }
            }
        }
        return new Prompt(mode, text, voice, audioId);
    }

    private static NumberProtection protection(SettingsMaps.Reader r) {
        if (r == null) {
            return GeneralSettings.DEFAULTS.numberProtection();
        }
        GeneralSettings.ProtectionMode mode = r.choice("mode", GeneralSettings.ProtectionMode.class,
                GeneralSettings.ProtectionMode.NONE);
        boolean in = r.bool("mask_inbound", false);
        boolean out = r.bool("mask_outbound", false);
        SettingsMaps.Reader mapping = r.object("user_id_mapping");
        r.done(Set.of());
        boolean required = mode == GeneralSettings.ProtectionMode.MAP_TO_USER_ID;
        if (mapping == null && required) {
            throw new InvalidException(r.path("user_id_mapping"), "is required when mode is map_to_user_id");
        }
        return new NumberProtection(mode, in, out, mapping == null ? null : mapping(mapping, required));
    }

    /** SPEC §26.1; {@code required}: the mode is map_to_user_id, so every field its auth needs must be there. */
    private static UserIdMapping mapping(SettingsMaps.Reader r, boolean required) {
        String url = url(r, "request_url", required);
        GeneralSettings.MappingAuth auth = r.choice("auth", GeneralSettings.MappingAuth.class, null);
        String username = credential(r, "username", required && auth == GeneralSettings.MappingAuth.BASIC);
        String password = credential(r, "password", required && auth == GeneralSettings.MappingAuth.BASIC);
        SettingsMaps.Reader o = r.object("oauth2");
        r.done(WRITE_ONLY_FLAGS);
        if (required && auth == null) {
            throw new InvalidException(r.path("auth"), "is required: basic or oauth2");
        }
        OAuth2Client oauth2 = null;
        boolean oauthRequired = required && auth == GeneralSettings.MappingAuth.OAUTH2;
        if (o == null && oauthRequired) {
            throw new InvalidException(r.path("oauth2"), "is required when auth is oauth2: {token_url, client_id, client_secret, scope?}");
        }
        if (o != null) {
            oauth2 = new OAuth2Client(url(o, "token_url", oauthRequired), credential(o, "client_id", oauthRequired),
                    credential(o, "client_secret", oauthRequired), credential(o, "scope", false));
            o.done(WRITE_ONLY_FLAGS);
        }
        return new UserIdMapping(url, auth, username, password, oauth2);
    }

    private static String url(SettingsMaps.Reader r, String field, boolean required) {
        String v = r.string(field);
        if (v == null) {
            if (required) {
                throw new InvalidException(r.path(field), "is required: an http or https URL");
            }
            return null;
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (v.length() <= URL_MAX && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null) {
                return v;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidException(r.path(field), "must be an absolute http or https URL with a host and no user "
                + "info, at most " + URL_MAX + " characters");
    }

    private static String credential(SettingsMaps.Reader r, String field, boolean required) {
        String v = r.string(field);
        if (v == null || v.isEmpty()) {
            if (required) {
                throw new InvalidException(r.path(field), "is required");
            }
            return null;
        }
        if (v.length() > CREDENTIAL_MAX || v.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidException(r.path(field), "must be 1.." + CREDENTIAL_MAX + " characters without control characters");
        }
        return v;
    }

    // ---- push (§29.3)

    static PushSettings push(Map<String, Object> m, boolean stored) {
        SettingsMaps.Reader r = new SettingsMaps.Reader(m, "", stored);
        PushSettings d = PushSettings.DEFAULTS;
        boolean enabled = r.bool("enabled", d.enabled());
        String sink = r.string("sink");
        if (sink == null) {
            sink = d.sink();
        } else if (!sink.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw new InvalidException("sink", "must be the kind of an installed push sink: 1..32 lower-case letters, "
                    + "digits, _ or -, e.g. http");
        }
        String url = pushUrl(r, enabled && PushSettings.HTTP_SINK.equals(sink));
        PushSettings.PushAuth auth = r.choice("auth", PushSettings.PushAuth.class, d.auth());
        boolean basic = auth == PushSettings.PushAuth.BASIC;
        String username = credential(r, "username", basic);
        String password = credential(r, "password", basic);
        SettingsMaps.Reader o = r.object("oauth2");
        boolean oauthRequired = auth == PushSettings.PushAuth.OAUTH2;
        OAuth2Client oauth2 = null;
        if (o == null && oauthRequired) {
            throw new InvalidException("oauth2", "is required when auth is oauth2: {token_url, client_id, client_secret, scope?}");
        }
        if (o != null) {
            oauth2 = new OAuth2Client(url(o, "token_url", oauthRequired), credential(o, "client_id", oauthRequired),
                    credential(o, "client_secret", oauthRequired), credential(o, "scope", false));
            o.done(WRITE_ONLY_FLAGS);
        }
        PushSettings s = new PushSettings(enabled, url, auth, username, password, oauth2,
                r.bool("push_cdr", d.pushCdr()), r.bool("push_recording", d.pushRecording()),
                r.bool("push_voicemail", d.pushVoicemail()), sink);
        r.done(WRITE_ONLY_FLAGS);
        return s;
    }

    /**
     * SPEC §29.3: an https URL. Plain http is accepted only to a loopback address (a receiver on the
     * appliance itself), where nothing travels over a network.
     */
    private static String pushUrl(SettingsMaps.Reader r, boolean required) {
        String v = r.string("url");
        if (v == null) {
            if (required) {
                throw new InvalidException("url", "is required when push is enabled: an https URL");
            }
            return null;
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
            if (v.length() <= URL_MAX && uri.getRawUserInfo() == null && !host.isEmpty()
                    && (scheme.equals("https") || (scheme.equals("http") && loopback))) {
                return v;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidException("url", "must be an absolute https URL with a host and no user info (plain http "
                + "only to a loopback address), at most " + URL_MAX + " characters");
    }

    /** The push page with secrets, as stored. */
    static Map<String, Object> map(PushSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", s.enabled());
        putIfSet(m, "url", s.url());
        m.put("auth", s.auth().wire());
        putIfSet(m, "username", s.username());
        putIfSet(m, "password", s.password());
        if (s.oauth2() != null) {
            Map<String, Object> om = new LinkedHashMap<>();
            putIfSet(om, "token_url", s.oauth2().tokenUrl());
            putIfSet(om, "client_id", s.oauth2().clientId());
            putIfSet(om, "client_secret", s.oauth2().clientSecret());
            putIfSet(om, "scope", s.oauth2().scope());
            m.put("oauth2", om);
        }
        m.put("push_cdr", s.pushCdr());
        m.put("push_recording", s.pushRecording());
        m.put("push_voicemail", s.pushVoicemail());
        m.put("sink", s.sink());
        return m;
    }

    /** Secrets are write-only: the view says whether each is set instead. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> pushWithoutSecrets(Map<String, Object> push) {
        push.put("password_set", push.remove("password") != null);
        if (push.get("oauth2") instanceof Map<?, ?> o) {
            Map<String, Object> om = (Map<String, Object>) o;
            om.put("client_secret_set", om.remove("client_secret") != null);
        }
        return push;
    }

    /** The whole page with secrets, as stored. */
    static Map<String, Object> map(GeneralSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> hold = new LinkedHashMap<>();
        hold.put("mode", s.holdAudio().mode().wire());
        Prompt p = s.holdAudio().prompt();
        if (p != null) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("mode", p.mode().name().toLowerCase(Locale.ROOT));
            putIfSet(pm, "text", p.text());
            putIfSet(pm, "voice", p.voice());
            putIfSet(pm, "audio_id", p.audioId());
            hold.put("prompt", pm);
        }
        m.put("hold_audio", hold);
        NumberProtection np = s.numberProtection();
        Map<String, Object> protection = new LinkedHashMap<>();
        protection.put("mode", np.mode().wire());
        protection.put("mask_inbound", np.maskInbound());
        protection.put("mask_outbound", np.maskOutbound());
        UserIdMapping um = np.userIdMapping();
        if (um != null) {
            Map<String, Object> mm = new LinkedHashMap<>();
            putIfSet(mm, "request_url", um.requestUrl());
            putIfSet(mm, "auth", um.auth() == null ? null : um.auth().wire());
            putIfSet(mm, "username", um.username());
            putIfSet(mm, "password", um.password());
            if (um.oauth2() != null) {
                Map<String, Object> om = new LinkedHashMap<>();
                putIfSet(om, "token_url", um.oauth2().tokenUrl());
                putIfSet(om, "client_id", um.oauth2().clientId());
                putIfSet(om, "client_secret", um.oauth2().clientSecret());
                putIfSet(om, "scope", um.oauth2().scope());
                mm.put("oauth2", om);
            }
            protection.put("user_id_mapping", mm);
        }
        m.put("number_protection", protection);
        m.put("allow_agent_blocklist", s.allowAgentBlocklist());
        return m;
    }

    // ---- storage (§29.1, §29.2)

    static StorageSettings storage(Map<String, Object> m, boolean stored) {
        SettingsMaps.Reader r = new SettingsMaps.Reader(m, "", stored);
        StorageSettings d = StorageSettings.DEFAULTS;
        int records = r.integer("records_retention_months", d.recordsRetentionMonths(), StorageSettings.RETENTION_MIN,
                StorageSettings.RETENTION_MAX);
        int recordings = r.integer("recordings_retention_months", d.recordingsRetentionMonths(),
                StorageSettings.RETENTION_MIN, StorageSettings.RETENTION_MAX);
        int watermark = r.integer("disk_high_watermark_pct", d.diskHighWatermarkPct(), StorageSettings.WATERMARK_MIN,
                StorageSettings.WATERMARK_MAX);
        SettingsMaps.Reader s3 = r.object("s3");
        r.done(Set.of());
        return new StorageSettings(records, recordings, watermark, s3 == null ? d.s3() : s3(s3));
    }

    private static StorageSettings.S3 s3(SettingsMaps.Reader r) {
        boolean enabled = r.bool("enabled", false);
        String endpoint = url(r, "endpoint", enabled);
        String region = credential(r, "region", enabled);
        String bucket = credential(r, "bucket", enabled);
        String prefix = r.string("prefix");
        String accessKey = credential(r, "access_key", enabled);
        String secretKey = credential(r, "secret_key", enabled);
        boolean pathStyle = r.bool("path_style", false);
        r.done(Set.of("secret_key_set"));
        if (bucket != null && !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new InvalidException(r.path("bucket"), "must be an S3 bucket name: 3..63 of a-z, 0-9, '.' and '-'");
        }
        if (prefix != null && (prefix.length() > 200 || prefix.startsWith("/") || prefix.contains("..")
                || prefix.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidException(r.path("prefix"), "must be at most 200 characters, not start with / nor hold ..");
        }
        return new StorageSettings.S3(enabled, endpoint, region, bucket, prefix, accessKey, secretKey, pathStyle);
    }

    /** The whole page with the secret key, as stored. */
    static Map<String, Object> map(StorageSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records_retention_months", s.recordsRetentionMonths());
        m.put("recordings_retention_months", s.recordingsRetentionMonths());
        m.put("disk_high_watermark_pct", s.diskHighWatermarkPct());
        Map<String, Object> s3 = new LinkedHashMap<>();
        s3.put("enabled", s.s3().enabled());
        putIfSet(s3, "endpoint", s.s3().endpoint());
        putIfSet(s3, "region", s.s3().region());
        putIfSet(s3, "bucket", s.s3().bucket());
        putIfSet(s3, "prefix", s.s3().prefix());
        putIfSet(s3, "access_key", s.s3().accessKey());
        putIfSet(s3, "secret_key", s.s3().secretKey());
        s3.put("path_style", s.s3().pathStyle());
        m.put("s3", s3);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutS3Secret(Map<String, Object> storage) {
        if (storage.get("s3") instanceof Map<?, ?> s3) {
            Map<String, Object> m = (Map<String, Object>) s3;
            m.put("secret_key_set", m.remove("secret_key") != null);
        }
        return storage;
    }

    /** Secrets are write-only: the view says whether each is set instead. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutSecrets(Map<String, Object> general) {
        Object protection = general.get("number_protection");
        if (protection instanceof Map<?, ?> p && p.get("user_id_mapping") instanceof Map<?, ?> mapping) {
            Map<String, Object> mm = (Map<String, Object>) mapping;
            mm.put("password_set", mm.remove("password") != null);
            if (mm.get("oauth2") instanceof Map<?, ?> o) {
                Map<String, Object> om = (Map<String, Object>) o;
                om.put("client_secret_set", om.remove("client_secret") != null);
            }
        }
        return general;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
