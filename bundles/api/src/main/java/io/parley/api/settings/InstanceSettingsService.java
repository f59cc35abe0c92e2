package io.parley.api.settings;

import java.util.Map;

/**
 * The settings pages of an instance with every rule of SPEC §11.1, §15.1, §21.1, §24.1, §25,
 * §26.1 and §29, shared by REST and the shell. Settings are read typed (for the parts of the appliance
 * that act on them) or as the JSON-shaped map the API shows (secrets left out, {@code *_set}
 * flags instead).
 *
 * <p>{@link #update} takes a JSON merge patch (RFC 7396): an object merges into the current
 * object, {@code null} puts a field back to its default, any other value replaces. The whole
 * result is validated before anything is stored, so a patch with one bad field changes nothing.
 *
 * <pre>{@code
 * settings.update(instanceId, SettingsSection.INBOUND, Map.of("ring_timeout_s", 20, "auto_answer", true));
 * settings.update(instanceId, SettingsSection.GENERAL,
 *         Map.of("hold_audio", Map.of("mode", "custom", "prompt", Map.of("mode", "tts", "text", "Please hold"))));
 * int timeout = settings.inbound(instanceId).ringTimeoutS();   // 20
 * }</pre>
 */
public interface InstanceSettingsService {

    InboundSettings inbound(long instanceId);

    OutboundSettings outbound(long instanceId);

    GeneralSettings general(long instanceId);

    /** {@code {I}/settings/push} (SPEC §29.3), with its secrets. */
    PushSettings push(long instanceId);

    /** SPEC §29.1 retention and watermark, §29.2 S3 copy (the secret key included, for the uploader). */
    StorageSettings storage(long instanceId);

    /** The page as the API shows it: snake_case keys, enums in wire form, no secrets. */
    Map<String, Object> view(long instanceId, SettingsSection section);

    /**
     * Applies a merge patch and returns the new view.
     *
     * @throws io.parley.api.error.MalformedException an unknown field or a value of the wrong JSON type
     * @throws io.parley.api.error.InvalidException   a value breaks a SPEC rule (field path named,
     *                                                e.g. {@code hold_audio.prompt.audio_id})
     */
    Map<String, Object> update(long instanceId, SettingsSection section, Map<String, Object> patch);
}
