package io.parley.api.recording;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which recordings an export takes: the sessions named, and/or every recording started in
 * {@code [from, to)}, of the categories (and skill groups) the asking role may see. The full
 * record filters of SPEC §27.3 (agent, status, caller…) belong to the records service, which
 * resolves them to session ids.
 *
 * <pre>{@code
 * // an administrator: every category, every group
 * ExportRequest r = new ExportRequest(List.of("kx1-2", "kx1-3"), null, null, true, ExportRequest.EVERYTHING);
 * // a quality inspector with records.telephone scoped to group 12
 * ExportRequest q = new ExportRequest(List.of(), from, to, false, Map.of("telephone", Set.of(12L)));
 * }</pre>
 *
 * @param sessionIds       session ids, or empty
 * @param from             start of a time range (inclusive), or null
 * @param to               end of a time range (exclusive), or null
 * @param includeVoicemail whether voicemail files go in too
 * @param scope            category ({@code telephone}, {@code internal}) → the skill groups allowed, a null
 *                         value for all; a category absent is not exported (SPEC §5.1 records permissions)
 */
public record ExportRequest(List<String> sessionIds, Instant from, Instant to, boolean includeVoicemail,
                            Map<String, Set<Long>> scope) {

    /** Both categories, every group. */
    public static final Map<String, Set<Long>> EVERYTHING;

    static {
        Map<String, Set<Long>> all = new HashMap<>();
        all.put("telephone", null);
        all.put("internal", null);
        EVERYTHING = Collections.unmodifiableMap(all);
    }

    public ExportRequest {
        sessionIds = List.copyOf(sessionIds);
        scope = Collections.unmodifiableMap(new HashMap<>(scope));
    }

    /** Whether the scope lets a recording of this category and group go in (a scoped category needs a group in it). */
    public boolean allows(Recording r) {
        if (!scope.containsKey(r.category())) {
            return false;
        }
        Set<Long> groups = scope.get(r.category());
        return groups == null || (r.skillGroupId() != null && groups.contains(r.skillGroupId()));
    }
}
