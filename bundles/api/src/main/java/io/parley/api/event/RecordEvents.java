package io.parley.api.event;

/**
 * EventAdmin topics for what a call leaves behind (SPEC §27–§29): the records bundle posts
 * {@link #CLOSED} when a session's service record is final, the recordings code posts
 * {@link #RECORDING_READY} when a recording or voicemail file is closed. Push, S3 copy and
 * analytics listen; nobody calls the records bundle directly.
 *
 * <pre>{@code
 * @Component(property = EventConstants.EVENT_TOPIC + "=" + RecordEvents.CLOSED)
 * public class CdrOutbox implements EventHandler {
 *     public void handleEvent(Event e) {
 *         outbox.add((Long) e.getProperty(RecordEvents.INSTANCE_ID), "cdr",
 *                 (String) e.getProperty(RecordEvents.SESSION_ID), (String) e.getProperty(RecordEvents.RECORD_JSON));
 *     }
 * }
 * }</pre>
 */
public final class RecordEvents {

    public static final String PREFIX = "parley/record/";
    /** The session ended and its service record is written for good (also for records closed at restart). */
    public static final String CLOSED = PREFIX + "CLOSED";
    /** A call recording or a voicemail file is closed and can be played. */
    public static final String RECORDING_READY = PREFIX + "RECORDING_READY";

    /** String: the session id. */
    public static final String SESSION_ID = "session.id";
    /** Long: the instance id. */
    public static final String INSTANCE_ID = "instance.id";
    /** String, on {@link #CLOSED}: the SPEC §27.1 record as JSON (snake_case fields, real numbers, never masked). */
    public static final String RECORD_JSON = "record.json";
    /** String, on {@link #RECORDING_READY}: the recording's id. */
    public static final String RECORDING_ID = "recording.id";
    /** String, on {@link #RECORDING_READY}: {@code recording} or {@code voicemail}. */
    public static final String KIND = "kind";
    /** String, on {@link #RECORDING_READY}: absolute path of the WAV file. */
    public static final String FILE = "file";
    /** Integer, on {@link #RECORDING_READY}: whole seconds of audio. */
    public static final String DURATION_S = "duration_s";
    /** Integer, on {@link #RECORDING_READY}: 2 for a call recording, 1 for a voicemail. */
    public static final String CHANNELS = "channels";
    /** Long (epoch millis): when it happened. */
    public static final String TIMESTAMP = "timestamp";

    private RecordEvents() {
    }
}
