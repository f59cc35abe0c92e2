package io.parley.api.media;

import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * A recording in progress, written incrementally to a WAV file whose header is kept valid
 * every few seconds, so a crash loses at most the last seconds.
 *
 * <pre>{@code
 * Recorder rec = mediaServer.recordCall(customer, dir.resolve(sessionId + ".wav"));
 * ...
 * rec.stop().thenAccept(r -> records.attachRecording(sessionId, r));
 * }</pre>
 *
 * <p>The stages are completed on a media thread: dependent actions that block must use the
 * {@code ...Async} variants.
 */
public interface Recorder {
    /** @return the file being written */
    Path file();

    /**
     * Stops the recording, writes what is buffered and closes the file. Safe to call more
     * than once.
     *
     * @return the same stage as {@link #completion()}
     */
    CompletionStage<RecordingResult> stop();

    /** @return completes once when the file is closed, whatever ended the recording */
    CompletionStage<RecordingResult> completion();
}
