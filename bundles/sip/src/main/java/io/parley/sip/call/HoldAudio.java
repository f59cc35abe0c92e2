package io.parley.sip.call;

import io.parley.api.audio.AudioFileService;
import io.parley.api.call.CallInfo;
import io.parley.api.call.LegInfo;
import io.parley.api.ivr.Prompt;
import io.parley.api.media.AudioClip;
import io.parley.api.media.Bridge;
import io.parley.api.media.MediaServer;
import io.parley.api.settings.GeneralSettings;
import io.parley.api.settings.InstanceSettingsService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the held party of a bridged call hears (SPEC §21, §21.1): the instance's hold audio
 * ({@code {I}/settings/general.hold_audio}) in a loop, and not the holder. The holder is a
 * phone that re-INVITEd or UPDATEd with {@code a=sendonly} / {@code a=inactive}, or the agent
 * through {@code CallControl.hold} (the customer is held). Mode {@code default} is the media
 * server's built-in hold music; {@code custom} plays the prompt: an approved audio file, or its
 * text spoken by the TTS engine. The clip is resolved once per call, at its first hold; a custom
 * prompt that cannot be played (file gone or not approved, no TTS engine) falls back to the
 * built-in music rather than silence.
 *
 * <pre>{@code
 * HoldAudio hold = new HoldAudio(media, () -> settingsService, () -> audioFiles);
 * callee.state = LegInfo.HELD;   // the callee's phone sent a=sendonly
 * hold.apply(call);               // the caller hears the instance's hold audio, the callee nothing
 * }</pre>
 */
final class HoldAudio {

    private static final Logger LOG = LoggerFactory.getLogger(HoldAudio.class);

    private final MediaServer media;
    private final Supplier<InstanceSettingsService> settings;
    private final Supplier<AudioFileService> audioFiles;

    /**
     * @param settings   the instance settings service, or a supplier of null while none is bound
     * @param audioFiles the audio file service, or a supplier of null while none is bound
     */
    HoldAudio(MediaServer media, Supplier<InstanceSettingsService> settings, Supplier<AudioFileService> audioFiles) {
        this.media = media;
        this.settings = settings;
        this.audioFiles = audioFiles;
    }

    /**
     * Sets the call's bridge to who holds now: the customer side is held (hears the audio) when
     * the agent put it on hold or the other leg's phone holds; the other side is held when the
     * customer's phone holds; otherwise both hear each other. Under the call's lock.
     */
    void apply(Call call) {
        Bridge bridge = call.bridge;
        if (bridge == null) {
            return;
        }
        boolean customerHolds = LegInfo.HELD.equals(call.bridgeCustomer.state);
        boolean otherHolds = LegInfo.HELD.equals(call.bridgeOther.state);
        boolean customerHeld = call.customerHeldByAgent || otherHolds;
        boolean otherHeld = customerHolds && !customerHeld;
        if (customerHeld) {
            bridge.hold(clip(call));
        } else if (otherHeld) {
            bridge.holdAgent(clip(call));
        } else {
            bridge.unhold();
        }
        if (customerHeld || otherHeld) {
            call.state = CallInfo.HELD;
        } else if (call.bridgeCustomer.answered() && call.bridgeOther.answered()) {
            call.state = CallInfo.BRIDGED;
        }
    }

    /** The call's hold audio, resolved at its first hold; null is the built-in music. */
    private AudioClip clip(Call call) {
        if (!call.holdAudioResolved) {
            call.holdAudio = resolve(call.instanceId);
            call.holdAudioResolved = true;
        }
        return call.holdAudio;
    }

    /** The instance's custom hold audio, or null for the built-in music. */
    AudioClip resolve(long instanceId) {
        InstanceSettingsService s = settings.get();
        if (s == null) {
            return null;
        }
        try {
            GeneralSettings.HoldAudio hold = s.general(instanceId).holdAudio();
            Prompt p = hold.prompt();
            if (hold.mode() != GeneralSettings.HoldMode.CUSTOM || p == null) {
                return null;
            }
            if (p.mode() == Prompt.Mode.AUDIO) {
                AudioFileService files = audioFiles.get();
                if (files == null) {
                    LOG.info("instance {}: custom hold audio {} not played, no audio file service", instanceId, p.audioId());
                    return null;
                }
                short[] pcm = files.playable(instanceId, p.audioId());
                return pcm.length == 0 ? null : new AudioClip(pcm);
            }
            // nothing to substitute on hold: an unknown ${var} is an empty string (SPEC §0.3)
            String text = p.text() == null ? "" : p.text().replaceAll("\\$\\{[^}]*}", "").strip();
            return text.isEmpty() ? null : media.speak(text, p.voice());
        } catch (RuntimeException e) {
            LOG.info("instance {}: custom hold audio not played, built-in music instead ({})", instanceId, e.toString());
            return null;
        }
    }
}
