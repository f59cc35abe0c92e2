package io.parley.api.recording;

import java.nio.file.Path;

/**
 * A file the recordings index has allocated for a recording about to start: write to
 * {@link #path()} and report the end with {@link RecordingService#closed}.
 *
 * <pre>{@code
 * RecordingFile f = recordings.openVoicemail(instanceId, sessionId);
 * Recorder r = media.recordVoicemail(endpoint, f.path(), maxLength, '#');
 * r.completion().thenAccept(result -> recordings.closed(f, result));
 * }</pre>
 *
 * @param id   the recording id
 * @param path where to write the WAV
 */
public record RecordingFile(String id, Path path) {
}
