package io.parley.api.media;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished recording: the WAV file and what it holds.
 *
 * <pre>{@code
 * RecordingResult r = recorder.stop().toCompletableFuture().join();
 * records.attachRecording(sessionId, r.file(), r.duration(), r.channels());
 * }</pre>
 *
 * @param file the WAV file (8 kHz, 16-bit PCM)
 * @param duration the audio length
 * @param channels 2 for a call recording (customer left, agent or system right), 1 for voicemail
 * @param reason why the recording ended
 */
public record RecordingResult(Path file, Duration duration, int channels, EndReason reason) {
    /** Why a recording ended. */
    public enum EndReason {
        /** {@link Recorder#stop()} was called. */
        STOPPED,
        /** The maximum duration was reached. */
        MAX_DURATION,
        /** The stop key was pressed (voicemail). */
        STOP_KEY,
        /** The recorded endpoint was closed (the call ended); the file is kept. */
        ENDPOINT_CLOSED,
        /** Writing the file failed; what was written before stays readable. */
        WRITE_FAILED
    }
}
