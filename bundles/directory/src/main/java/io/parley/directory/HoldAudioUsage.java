package io.parley.directory;

import io.parley.api.audio.AudioFileUsage;
import io.parley.api.ivr.Prompt;
import io.parley.api.settings.GeneralSettings;
import io.parley.api.settings.InstanceSettingsService;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps the audio file of a custom hold prompt (SPEC §21.1) from being deleted while the
 * instance plays it (§10.2).
 */
@Component(service = AudioFileUsage.class)
public class HoldAudioUsage implements AudioFileUsage {

    private final InstanceSettingsService settings;

    @Activate
    public HoldAudioUsage(@Reference InstanceSettingsService settings) {
        this.settings = settings;
    }

    @Override
    public List<String> usesOf(long instanceId, String audioFileId) {
        GeneralSettings.HoldAudio hold = settings.general(instanceId).holdAudio();
        Prompt p = hold.prompt();
        boolean used = hold.mode() == GeneralSettings.HoldMode.CUSTOM && p != null && p.mode() == Prompt.Mode.AUDIO
                && audioFileId.equals(p.audioId());
        return used ? List.of("the hold audio setting (settings/general hold_audio)") : List.of();
    }
}
