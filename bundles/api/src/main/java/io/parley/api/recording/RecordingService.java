package io.parley.api.recording;

import io.parley.api.media.RecordingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The recordings of the appliance (SPEC §28, §29.1), an OSGi service of the recordings bundle:
 * it records every bridged call dual-track by itself (it listens to {@code parley/call/BRIDGED}),
 * allocates the files of voicemail messages for the IVR, keeps the index, posts
 * {@code parley/record/RECORDING_READY} when a file is closed, and runs ZIP exports.
 *
 * <pre>{@code
 * Recording r = recordings.recording(instanceId, sessionId)
 *         .orElseThrow(() -> new NotFoundException("recording of session", sessionId));
 * }</pre>
 */
public interface RecordingService {

    /** @return the closed call recording of a session, or empty (none, or still being written) */
    Optional<Recording> recording(long instanceId, String sessionId);

    /** @return the closed voicemail of a session (the last one if the caller left several), or empty */
    Optional<Recording> voicemail(long instanceId, String sessionId);

    /** @return every recording and voicemail of a session, open ones included, oldest first */
    List<Recording> ofSession(long instanceId, String sessionId);

    /**
     * Allocates and indexes (as open) the file of a voicemail message about to be recorded, so
     * a crash leaves a file that is repaired at the next start.
     */
    RecordingFile openVoicemail(long instanceId, String sessionId);

    /** The recorder of {@code file} ended: the index gets its length and RECORDING_READY is posted. */
    void closed(RecordingFile file, RecordingResult result);

    /**
     * Starts a ZIP export.
     *
     * @throws io.parley.api.error.InvalidException nothing selected ({@code session_ids}), a bad range
     */
    ExportJob startExport(long instanceId, ExportRequest request);

    /** @throws io.parley.api.error.NotFoundException unknown job */
    ExportJob exportJob(long instanceId, String jobId);

    /**
     * @return the ZIP of a finished job
     * @throws io.parley.api.error.NotFoundException unknown job
     * @throws io.parley.api.error.ConflictException the job is not done
     */
    Path exportFile(long instanceId, String jobId);
}
