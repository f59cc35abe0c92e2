package io.parley.media.internal.engine;

import io.parley.api.media.AudioClip;
import io.parley.api.media.Bridge;
import io.parley.api.media.MediaServer;
import io.parley.api.media.Recorder;
import io.parley.api.media.RtpEndpoint;
import io.parley.api.media.SessionDescription;
import io.parley.api.speech.TextToSpeech;

import java.nio.file.Path;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link MediaEngine} as the {@link MediaServer} OSGi service, configured from
 * {@code etc/io.parley.media.cfg}. Deactivation closes every endpoint, which frees every port.
 */
@Component(service = MediaServer.class, configurationPid = MediaDefaults.PID, immediate = true)
@Designate(ocd = MediaServerConfig.class)
public final class MediaServerComponent implements MediaServer {
    private static final Logger LOG = LoggerFactory.getLogger(MediaServerComponent.class);

    private volatile MediaEngine engine;
    private volatile TextToSpeech textToSpeech;
    private MediaSettings settings;

    @Activate
    void activate(MediaServerConfig config) {
        settings = MediaSettings.from(config);
        MediaEngine e = new MediaEngine(settings);
        e.setTextToSpeech(textToSpeech);
        engine = e;
    }

    @Modified
    void modified(MediaServerConfig config) {
        MediaSettings changed = MediaSettings.from(config);
        if (!changed.equals(settings)) {
            // restarting the engine would cut every call in progress; the new range and
            // threads take effect when the bundle restarts (e.g. in a maintenance window)
            LOG.warn("media settings changed to {}; they take effect when parley-media restarts", changed);
        }
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    @Override
    public RtpEndpoint openEndpoint(String label) {
        return engine.openEndpoint(label);
    }

    @Override
    public Bridge bridge(RtpEndpoint customer, RtpEndpoint agent) {
        return engine.bridge(customer, agent);
    }

    @Override
    public Recorder recordCall(RtpEndpoint customer, Path wavFile) {
        return engine.recordCall(customer, wavFile);
    }

    @Override
    public Recorder recordVoicemail(RtpEndpoint caller, Path wavFile, Duration maxDuration, Character stopKey) {
        return engine.recordVoicemail(caller, wavFile, maxDuration, stopKey);
    }

    @Override
    public SessionDescription parseSdp(String sdp) {
        return engine.parseSdp(sdp);
    }

    @Override
    public String formatSdp(SessionDescription description) {
        return engine.formatSdp(description);
    }

    /** Text to speech is optional: without it {@link #speak} fails with {@code TTS_UNAVAILABLE}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTextToSpeech(TextToSpeech tts) {
        this.textToSpeech = tts;
        MediaEngine e = engine;
        if (e != null) {
            e.setTextToSpeech(tts);
        }
        LOG.info("text to speech available: {} (voices {})", tts.engine(), tts.voices());
    }

    void unbindTextToSpeech(TextToSpeech tts) {
        if (this.textToSpeech == tts) {
            this.textToSpeech = null;
            MediaEngine e = engine;
            if (e != null) {
                e.setTextToSpeech(null);
            }
        }
    }

    @Override
    public AudioClip speak(String text, String voice) {
        return engine.speak(text, voice);
    }

    @Override
    public int openEndpointCount() {
        return engine.openEndpointCount();
    }

    @Override
    public int freePortPairs() {
        return engine.freePortPairs();
    }
}
