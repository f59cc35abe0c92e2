package io.parley.directory;

import static io.parley.directory.Expect.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileStore;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.ivr.Prompt;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.settings.GeneralSettings;
import io.parley.api.settings.InboundSettings;
import io.parley.api.settings.OutboundSettings;
import io.parley.api.settings.SettingsSection;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;

public class InstanceSettingsManagerTest {

    private final AgentStatusManagerTest.Store store = new AgentStatusManagerTest.Store();
    private final Map<String, AudioFile> audio = new HashMap<>();
    private InstanceSettingsManager settings;
    private long instance;

    @Before
    public void setUp() {
        InstanceManager instances = new InstanceManager(new InMemoryStores.Instances());
        instance = instances.defaultInstance().id();
        settings = new InstanceSettingsManager(store, instances, new AudioFileStore() {
            public void insert(AudioFile file) {
            }

            public Optional<AudioFile> find(long instanceId, String id) {
                return Optional.ofNullable(audio.get(instanceId + "/" + id));
            }

            public Page<AudioFile> list(long instanceId, String nameContains, PageRequest page) {
                return new Page<>(List.of(), 0);
            }

            public boolean update(AudioFile file) {
                return false;
            }

            public boolean delete(long instanceId, String id) {
                return false;
            }
        });
    }

    private void audio(String id, String status) {
        audio.put(instance + "/" + id, new AudioFile(id, instance, "Hold", "h.wav", "wav", 100, 1000, status, null,
                Instant.now()));
    }

    @Test
    public void everyPageStartsWithTheSpecDefaults() {
        assertEquals(InboundSettings.DEFAULTS, settings.inbound(instance));
        assertEquals(OutboundSettings.DEFAULTS, settings.outbound(instance));
        assertEquals(GeneralSettings.DEFAULTS, settings.general(instance));
        Map<String, Object> inbound = settings.view(instance, SettingsSection.INBOUND);
        assertEquals("longest_idle", inbound.get("basic_routing"));
        assertEquals("all", inbound.get("auto_answer_windows"));
        assertEquals(10, inbound.get("ring_timeout_s"));
        assertEquals(3, inbound.get("restore_after_call_s"));
        assertEquals(true, inbound.get("ring_timeout_transfer"));
        assertEquals("skill_group", settings.view(instance, SettingsSection.OUTBOUND).get("display_rule"));
    }

    @Test
    public void inboundPatchIsStoredAndReadBackTyped() {
        settings.update(instance, SettingsSection.INBOUND, Map.of("ring_timeout_s", 120, "basic_routing", "fewest_calls",
                "auto_answer", true, "auto_answer_windows", List.of(Map.of("weekdays", List.of("mon", "fri"),
                        "from", "09:00", "to", "17:30"))));
        InboundSettings s = settings.inbound(instance);
        assertEquals(120, s.ringTimeoutS());
        assertEquals(InboundSettings.BasicRouting.FEWEST_CALLS, s.basicRouting());
        assertTrue(s.autoAnswer());
        assertEquals(List.of(new InboundSettings.AutoAnswerWindow(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0), LocalTime.of(17, 30))), s.autoAnswerWindows());
        // null puts a field back to its default
        settings.update(instance, SettingsSection.INBOUND, mapOf("auto_answer_windows", null));
        assertEquals(List.of(), settings.inbound(instance).autoAnswerWindows());
        assertEquals(120, settings.inbound(instance).ringTimeoutS());
    }

    @Test
    public void aPatchWithOneBadFieldChangesNothing() {
        failure(InvalidException.class, "restore_after_call_s", () -> settings.update(instance, SettingsSection.INBOUND,
                Map.of("ring_timeout_s", 30, "restore_after_call_s", 601)));
        assertEquals(10, settings.inbound(instance).ringTimeoutS());
        failure(InvalidException.class, "ring_timeout_s", () -> settings.update(instance, SettingsSection.INBOUND,
                Map.of("ring_timeout_s", 4)));
        failure(MalformedException.class, "ring_timeout_s", () -> settings.update(instance, SettingsSection.INBOUND,
                Map.of("ring_timeout_s", "10")));
        failure(InvalidException.class, "basic_routing", () -> settings.update(instance, SettingsSection.INBOUND,
                Map.of("basic_routing", "random")));
        failure(MalformedException.class, "auto_answer", () -> settings.update(instance, SettingsSection.INBOUND,
                Map.of("auto_answer", "yes")));
        failure(MalformedException.class, "colour", () -> settings.update(instance, SettingsSection.OUTBOUND,
                Map.of("colour", "red")));
        failure(InvalidException.class, "auto_answer_windows[0].to", () -> settings.update(instance,
                SettingsSection.INBOUND, Map.of("auto_answer_windows", List.of(Map.of("weekdays", List.of("mon"),
                        "from", "18:00", "to", "09:00")))));
        failure(InvalidException.class, "auto_answer_windows[0].weekdays", () -> settings.update(instance,
                SettingsSection.INBOUND, Map.of("auto_answer_windows", List.of(Map.of("weekdays", List.of("moon"),
                        "from", "08:00", "to", "09:00")))));
        failure(InvalidException.class, "auto_answer_windows", () -> settings.update(instance,
                SettingsSection.INBOUND, Map.of("auto_answer_windows", List.of())));
        assertEquals(InboundSettings.DEFAULTS, settings.inbound(instance));
    }

    @Test
    public void customHoldAudioNeedsAPromptWhoseAudioIsApprovedInTheInstance() {
        failure(InvalidException.class, "hold_audio.prompt", () -> settings.update(instance, SettingsSection.GENERAL,
                Map.of("hold_audio", Map.of("mode", "custom"))));
        failure(InvalidException.class, "hold_audio.prompt.audio_id", () -> settings.update(instance,
                SettingsSection.GENERAL, Map.of("hold_audio", Map.of("mode", "custom", "prompt",
                        Map.of("mode", "audio", "audio_id", "nope")))));
        audio("pending-1", AudioFile.PENDING);
        failure(InvalidException.class, "hold_audio.prompt.audio_id", () -> settings.update(instance,
                SettingsSection.GENERAL, Map.of("hold_audio", Map.of("mode", "custom", "prompt",
                        Map.of("mode", "audio", "audio_id", "pending-1")))));
        failure(InvalidException.class, "hold_audio.prompt.text", () -> settings.update(instance,
                SettingsSection.GENERAL, Map.of("hold_audio", Map.of("mode", "custom", "prompt",
                        Map.of("mode", "tts", "text", "x".repeat(601))))));
        audio("ok-1", AudioFile.APPROVED);
        settings.update(instance, SettingsSection.GENERAL, Map.of("hold_audio", Map.of("mode", "custom", "prompt",
                Map.of("mode", "audio", "audio_id", "ok-1"))));
        GeneralSettings g = settings.general(instance);
        assertEquals(GeneralSettings.HoldMode.CUSTOM, g.holdAudio().mode());
        assertEquals(Prompt.audio("ok-1"), g.holdAudio().prompt());
        // the merge keeps the prompt when only the mode changes
        settings.update(instance, SettingsSection.GENERAL, Map.of("hold_audio", Map.of("mode", "default")));
        assertEquals("ok-1", settings.general(instance).holdAudio().prompt().audioId());
    }

    @Test
    public void mappingNeedsItsAuthFieldsAndNeverShowsSecrets() {
        failure(InvalidException.class, "number_protection.user_id_mapping", () -> settings.update(instance,
                SettingsSection.GENERAL, Map.of("number_protection", Map.of("mode", "map_to_user_id"))));
        failure(InvalidException.class, "number_protection.user_id_mapping.request_url", () -> settings.update(instance,
                SettingsSection.GENERAL, Map.of("number_protection", Map.of("mode", "map_to_user_id",
                        "user_id_mapping", Map.of("request_url", "ftp://crm.example.com/map", "auth", "basic")))));
        failure(InvalidException.class, "number_protection.user_id_mapping.password", () -> settings.update(instance,
                SettingsSection.GENERAL, Map.of("number_protection", Map.of("mode", "map_to_user_id",
                        "user_id_mapping", Map.of("request_url", "https://crm.example.com/map", "auth", "basic",
                                "username", "u")))));
        failure(InvalidException.class, "number_protection.user_id_mapping.oauth2.client_secret", () -> settings.update(
                instance, SettingsSection.GENERAL, Map.of("number_protection", Map.of("mode", "map_to_user_id",
                        "user_id_mapping", Map.of("request_url", "https://crm.example.com/map", "auth", "oauth2",
                                "oauth2", Map.of("token_url", "https://id.example.com/token", "client_id", "c"))))));
        Map<String, Object> view = settings.update(instance, SettingsSection.GENERAL, Map.of("number_protection",
                Map.of("mode", "map_to_user_id", "user_id_mapping", Map.of("request_url", "https://crm.example.com/map",
                        "auth", "basic", "username", "u", "password", "s3cret"))));
        Map<?, ?> mapping = (Map<?, ?>) ((Map<?, ?>) view.get("number_protection")).get("user_id_mapping");
        assertFalse(mapping.containsKey("password"));
        assertEquals(true, mapping.get("password_set"));
        assertFalse(view.toString().contains("s3cret"));
        assertEquals("s3cret", settings.general(instance).numberProtection().userIdMapping().password());
        // a later patch that does not repeat the password keeps it, and the view's flag may be echoed back
        settings.update(instance, SettingsSection.GENERAL, Map.of("allow_agent_blocklist", true,
                "number_protection", Map.of("user_id_mapping", Map.of("username", "v", "password_set", true))));
        GeneralSettings g = settings.general(instance);
        assertTrue(g.allowAgentBlocklist());
        assertEquals("v", g.numberProtection().userIdMapping().username());
        assertEquals("s3cret", g.numberProtection().userIdMapping().password());
        assertNull(g.numberProtection().userIdMapping().oauth2());
    }

    @Test
    public void maskingModesAreOneEnum() {
        failure(InvalidException.class, "number_protection.mode", () -> settings.update(instance,
                SettingsSection.GENERAL, Map.of("number_protection", Map.of("mode", "hide"))));
        settings.update(instance, SettingsSection.GENERAL, Map.of("number_protection", Map.of("mode", "mask",
                "mask_inbound", true)));
        GeneralSettings.NumberProtection p = settings.general(instance).numberProtection();
        assertEquals(GeneralSettings.ProtectionMode.MASK, p.mode());
        assertTrue(p.maskInbound());
        assertFalse(p.maskOutbound());
    }

    @Test
    public void pushNeedsAnHttpsUrlWhenEnabledAndTheFieldsItsAuthNamesAndNeverShowsSecrets() {
        assertEquals(io.parley.api.settings.PushSettings.DEFAULTS, settings.push(instance));
        failure(InvalidException.class, "url", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("enabled", true)));
        failure(InvalidException.class, "url", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("enabled", true, "url", "http://crm.example.com/push")));
        failure(InvalidException.class, "auth", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("url", "https://crm.example.com/push", "auth", "digest")));
        failure(InvalidException.class, "password", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("url", "https://crm.example.com/push", "auth", "basic", "username", "u")));
        failure(InvalidException.class, "oauth2", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("url", "https://crm.example.com/push", "auth", "oauth2")));
        failure(InvalidException.class, "oauth2.client_secret", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("auth", "oauth2", "oauth2", Map.of("token_url", "https://id.example.com/token", "client_id", "c"))));
        failure(MalformedException.class, "push_cdr", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("push_cdr", "yes")));
        failure(MalformedException.class, "colour", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("colour", "red")));
        failure(InvalidException.class, "sink", () -> settings.update(instance, SettingsSection.PUSH,
                Map.of("sink", "Not A Sink")));
        assertEquals(io.parley.api.settings.PushSettings.DEFAULTS, settings.push(instance));

        // plain http only to the appliance itself
        settings.update(instance, SettingsSection.PUSH, Map.of("enabled", true, "url", "http://127.0.0.1:9/push"));
        Map<String, Object> view = settings.update(instance, SettingsSection.PUSH, Map.of("url",
                "https://crm.example.com/push", "auth", "basic", "username", "u", "password", "s3cret", "push_cdr", true));
        assertFalse(view.toString().contains("s3cret"));
        assertEquals(true, view.get("password_set"));
        settings.update(instance, SettingsSection.PUSH, Map.of("push_voicemail", true, "password_set", true));
        io.parley.api.settings.PushSettings p = settings.push(instance);
        assertEquals("s3cret", p.password());
        assertTrue(p.pushes("cdr"));
        assertTrue(p.pushes("voicemail"));
        assertFalse(p.pushes("recording"));
        assertEquals("http", p.sink());
    }

    private static Map<String, Object> mapOf(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }
}
