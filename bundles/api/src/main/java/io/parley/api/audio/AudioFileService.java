package io.parley.api.audio;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;

/**
 * Audio files of an instance (SPEC §10), shared by REST and the shell.
 *
 * <pre>{@code
 * AudioFile a = audio.upload(instanceId, "Welcome", "welcome.wav", Files.readAllBytes(path));
 * byte[] wav = audio.wav(instanceId, a.id());          // 8 kHz mono 16-bit WAV
 * short[] pcm = audio.playable(instanceId, a.id());     // for the media engine: approved only
 * }</pre>
 */
public interface AudioFileService {

    /** The largest upload accepted, 5 MB (SPEC §10.1). */
    int MAX_BYTES = 5 * 1024 * 1024;
    /** The playback sample rate. */
    int SAMPLE_RATE = 8000;

    /**
     * Checks the content (mp3 or wav by its bytes, whatever the file name), decodes it to
     * 8 kHz mono PCM and stores it. The automatic check (decodes, duration &gt; 0) leaves it
     * {@code pending}, then approved at once when {@code audioAutoApprove} is on; a file that
     * is mp3 or wav but does not decode is stored {@code rejected} with the reason.
     *
     * @param content the upload; a caller may pass up to {@code MAX_BYTES + 1} bytes to report an oversized file
     * @throws io.parley.api.error.InvalidException name missing or too long, file empty, over 5 MB, or not mp3/wav
     */
    AudioFile upload(long instanceId, String name, String fileName, byte[] content);

    AudioFile get(long instanceId, String id);

    /** Files whose name contains {@code q} ignoring case (null: all), newest first. */
    Page<AudioFile> list(long instanceId, String q, PageRequest page);

    AudioFile rename(long instanceId, String id, String name);

    /** pending → approved; 409 from another status. */
    AudioFile approve(long instanceId, String id);

    /** pending → rejected with a reason (1..200 characters); 409 from another status. */
    AudioFile reject(long instanceId, String id, String reason);

    /**
     * The decoded audio as a WAV file (8 kHz mono 16-bit) for download or preview: approved
     * files, and pending ones so a reviewer can listen; 409 for a rejected file.
     */
    byte[] wav(long instanceId, String id);

    /** The PCM to play on a call: only an approved file (409 otherwise). */
    short[] playable(long instanceId, String id);

    /**
     * Deletes the file and its PCM.
     *
     * @throws io.parley.api.error.ConflictException while an {@link AudioFileUsage} reports a user of the file
     */
    void delete(long instanceId, String id);
}
