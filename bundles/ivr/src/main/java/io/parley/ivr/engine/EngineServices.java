package io.parley.ivr.engine;

import io.parley.api.call.CallControl;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.parley.api.media.MediaServer;
import io.parley.api.recording.RecordingService;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a flow run uses, gathered so that a test can hand in fakes.
 *
 * @param audio      the PCM of an approved audio file of the instance, or null when there is none
 * @param dataDir    where voicemail recordings go ({@code voicemail/<session>/<id>.wav})
 * @param timer      for the cheap periodic checks of a transferred leg
 * @param recordings where voicemail files go and who is told when one is closed (SPEC §28);
 *                   null: under {@code dataDir}, unindexed
 * @param speech     opens a speech recognition for a node that listens (SPEC §8.4); never null (answers null
 *                   while no recogniser is installed)
 */
record EngineServices(CallControl calls, MediaServer media, IvrNodeTypeCatalog catalog, TraceSink trace,
                      TimeZones timeZones, AudioSource audio, HttpClient http, Path dataDir,
                      ScheduledExecutorService timer, RecordingService recordings, Speech speech) {

    /** Without a recordings service nor speech recognition (the nodes' keys only). */
    EngineServices(CallControl calls, MediaServer media, IvrNodeTypeCatalog catalog, TraceSink trace,
                   TimeZones timeZones, AudioSource audio, HttpClient http, Path dataDir,
                   ScheduledExecutorService timer) {
        this(calls, media, catalog, trace, timeZones, audio, http, dataDir, timer, null, NO_SPEECH);
    }

    /** With speech recognition, without a recordings service. */
    EngineServices(CallControl calls, MediaServer media, IvrNodeTypeCatalog catalog, TraceSink trace,
                   TimeZones timeZones, AudioSource audio, HttpClient http, Path dataDir,
                   ScheduledExecutorService timer, Speech speech) {
        this(calls, media, catalog, trace, timeZones, audio, http, dataDir, timer, null, speech);
    }

    /** No recogniser: every listen answers null. */
    static final Speech NO_SPEECH = (instanceId, keywords) -> null;

    /** The installed recogniser, if any, listening for a menu's keywords and the instance's hot words. */
    interface Speech {
        /** @return a recognition, or null when no recogniser is installed */
        io.parley.api.speech.SpeechRecognizer.Session open(long instanceId, java.util.List<String> keywords);
    }

    /** Where the trace of a run goes: EventAdmin in the appliance. */
    interface TraceSink {
        void post(String topic, Map<String, Object> properties);
    }

    interface TimeZones {
        ZoneId of(long instanceId);
    }

    interface AudioSource {
        short[] playable(long instanceId, String audioId);
    }
}
