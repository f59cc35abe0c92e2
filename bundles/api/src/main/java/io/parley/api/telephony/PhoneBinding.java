package io.parley.api.telephony;

import java.util.List;
import java.util.Locale;

/**
 * What a SIP phone is bound to (SPEC §12.1 {@code binding}): nothing, one agent, or one or
 * more skill groups (then the phone is a group member with priority 3).
 *
 * <pre>{@code
 * PhoneBinding b = PhoneBinding.skillGroups(List.of(2001L, 2002L));
 * }</pre>
 */
public record PhoneBinding(Type type, String agentId, List<Long> skillGroupIds) {

    public static final PhoneBinding NONE = new PhoneBinding(Type.NONE, null, List.of());

    public PhoneBinding {
        skillGroupIds = skillGroupIds == null ? List.of() : List.copyOf(skillGroupIds);
    }

    public static PhoneBinding skillGroups(List<Long> ids) {
        return new PhoneBinding(Type.SKILL_GROUP, null, ids);
    }

    /** Binding kinds; {@link #wire()} is the API form. */
    public enum Type {
        NONE, AGENT, SKILL_GROUP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
