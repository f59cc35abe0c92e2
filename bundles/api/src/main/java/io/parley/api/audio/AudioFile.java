package io.parley.api.audio;

import java.time.Instant;

/**
 * An uploaded audio file (SPEC §10.1). The upload is decoded once to the appliance's
 * playback format, 8 kHz mono 16-bit PCM, so a call never decodes MP3.
 *
 * <pre>{@code
 * AudioFile a = audio.upload(instanceId, "Welcome", "welcome.mp3", bytes);
 * a.reviewStatus();   // "approved" with audio_auto_approve on (the default)
 * a.durationMillis(); // length of the decoded 8 kHz PCM
 * }</pre>
 *
 * @param id             server-generated, referenced by prompts
 * @param name           1..64 characters
 * @param fileName       the uploaded file's original name, informational
 * @param format         {@code mp3} or {@code wav}, found from the content
 * @param sizeBytes      size of the upload, at most {@link AudioFileService#MAX_BYTES}
 * @param durationMillis duration of the decoded audio; 0 when it did not decode
 * @param reviewStatus   {@code pending}, {@code approved} or {@code rejected}
 * @param rejectReason   why it was rejected (the automatic check or an administrator), else null
 */
public record AudioFile(String id, long instanceId, String name, String fileName, String format, long sizeBytes,
                        long durationMillis, String reviewStatus, String rejectReason, Instant createdAt) {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    public AudioFile withReview(String status, String reason) {
        return new AudioFile(id, instanceId, name, fileName, format, sizeBytes, durationMillis, status, reason, createdAt);
    }

    public AudioFile withName(String newName) {
        return new AudioFile(id, instanceId, newName, fileName, format, sizeBytes, durationMillis, reviewStatus,
                rejectReason, createdAt);
    }
}
