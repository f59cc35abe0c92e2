package io.parley.api.recording;

import java.time.Instant;
import java.util.List;

/**
 * Which recordings an export takes: the sessions named, and/or every recording started in
 * {@code [from, to)}. The full record filters of SPEC §27.3 (agent, status, caller…) belong to
 * the records service, which resolves them to session ids.
 *
 * <pre>{@code
 * ExportRequest r = new ExportRequest(List.of("kx1-2", "kx1-3"), null, null, true);
 * }</pre>
 *
 * @param sessionIds       session ids, or empty
 * @param from             start of a time range (inclusive), or null
 * @param to               end of a time range (exclusive), or null
 * @param includeVoicemail whether voicemail files go in too
 */
public record ExportRequest(List<String> sessionIds, Instant from, Instant to, boolean includeVoicemail) {
    public ExportRequest {
        sessionIds = List.copyOf(sessionIds);
    }
}
