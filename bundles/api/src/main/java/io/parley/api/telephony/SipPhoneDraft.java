package io.parley.api.telephony;

import java.util.List;

/**
 * Fields a caller supplies to create or change a SIP phone, each null when not given. The
 * binding is carried as written ({@code bindingType} {@code none|agent|skill_group}) so the
 * service names the rule it breaks.
 *
 * <pre>{@code
 * SipPhoneDraft create = new SipPhoneDraft("8001", "Reception", "skill_group", null, List.of(2001L), null);
 * SipPhoneDraft rename = new SipPhoneDraft(null, "Front desk", null, null, null, null);
 * }</pre>
 */
public record SipPhoneDraft(String extension, String name, String bindingType, String agentId, List<Long> skillGroupIds,
                            String transport) {
}
