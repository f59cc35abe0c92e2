package io.parley.api.role;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a caller supplies to create or change a role, as written (null when not given)
 * so that the service names the rule a value breaks.
 *
 * <pre>{@code
 * Map<String, List<Long>> scope = new HashMap<>();
 * scope.put("analytics.telephone", List.of(2001L));   // a null list means "all"
 * RoleDraft d = new RoleDraft("Team leads", List.of("workstation", "analytics.telephone"), scope, List.of("100010"));
 * }</pre>
 *
 * @param name            1..32 characters
 * @param permissions     §5.2 identifiers, at least one
 * @param skillGroupScope permission identifier → skill-group ids, or → null for {@code all}
 * @param memberAgentIds  agents moved to this role (required, at least one, on create)
 */
public record RoleDraft(String name, List<String> permissions, Map<String, List<Long>> skillGroupScope,
                        List<String> memberAgentIds) {

    public RoleDraft {
        permissions = permissions == null ? null : List.copyOf(permissions);
        skillGroupScope = skillGroupScope == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(skillGroupScope));
        memberAgentIds = memberAgentIds == null ? null : List.copyOf(memberAgentIds);
    }
}
