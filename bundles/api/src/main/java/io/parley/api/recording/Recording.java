package io.parley.api.recording;

import java.time.Instant;

/**
 * One recorded file of a session (SPEC §28): the dual-track recording of a bridged call or a
 * voicemail message, as the recordings index keeps it.
 *
 * <pre>{@code
 * Recording r = recordings.recording(instanceId, sessionId).orElseThrow();
 * if (r.isClosed()) stream(Path.of(r.file()));
 * }</pre>
 *
 * @param id          the recording id (also {@code recording.id} of {@code RECORDING_READY})
 * @param instanceId  the instance of the call
 * @param sessionId   the call's session id
 * @param kind        {@link #RECORDING} or {@link #VOICEMAIL}
 * @param file        absolute path of the WAV file
 * @param channels    2 for a call recording (customer left, agent or system right), 1 for voicemail
 * @param durationS   whole seconds of audio; 0 while open
 * @param startedAt   when the recording started
 * @param endedAt     when the file was closed, or null while it is being written
 * @param category    {@code telephone} or {@code internal} (SPEC §27.1), which decides the records permission
 * @param skillGroupId the call's skill group when known (SPEC §5.1 scope), else null
 * @param sizeBytes   bytes of the file when it was closed; 0 while open
 * @param uploadedAt  when the S3 copy succeeded, or null (SPEC §29.2)
 */
public record Recording(String id, long instanceId, String sessionId, String kind, String file, int channels,
                        int durationS, Instant startedAt, Instant endedAt, String category, Long skillGroupId,
                        long sizeBytes, Instant uploadedAt) {

    public static final String RECORDING = "recording";
    public static final String VOICEMAIL = "voicemail";

    /** @return true once the file is closed and complete */
    public boolean isClosed() {
        return endedAt != null;
    }
}
