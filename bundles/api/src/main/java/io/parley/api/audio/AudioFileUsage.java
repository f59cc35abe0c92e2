package io.parley.api.audio;

import java.util.List;

/**
 * Something that references audio files from its configuration (a published IVR flow, the
 * hold-audio setting, a number's failure prompt) and so must keep them from being deleted
 * (SPEC §10.2). Register an implementation as an OSGi service; the audio file service asks
 * every registered one before a delete and refuses it with 409 naming the users.
 *
 * <pre>{@code
 * @Component(service = AudioFileUsage.class)
 * public class PublishedFlowAudio implements AudioFileUsage {
 *     public List<String> usesOf(long instanceId, String audioFileId) {
 *         return flows.versionsUsing(instanceId, audioFileId).stream()
 *                 .map(v -> "IVR flow " + v.flowId() + " version " + v.name())   // "IVR flow 12 version MAIN"
 *                 .toList();
 *     }
 * }
 * }</pre>
 */
public interface AudioFileUsage {

    /**
     * Human-readable names of what uses the audio file, e.g. {@code "IVR flow 12 version MAIN"};
     * empty when nothing does. Called on delete only, so it may query a store.
     *
     * @param instanceId  the file's instance
     * @param audioFileId the file's id (32 lower-case hex digits)
     */
    List<String> usesOf(long instanceId, String audioFileId);
}
