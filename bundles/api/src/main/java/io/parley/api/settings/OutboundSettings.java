package io.parley.api.settings;

import java.util.Locale;

/**
 * Outbound caller-number settings, {@code {I}/settings/outbound} (SPEC §11.1).
 *
 * <pre>{@code
 * if (settings.outbound(instanceId).displayRule() == OutboundSettings.DisplayRule.SAME_AREA) { ... }
 * }</pre>
 *
 * @param displayRule                           how the caller ID is chosen (§11.2)
 * @param allowAgentChooseNumber                agents may pick the caller number
 * @param playIvrPromptWhenCalleeNotAnswering   a prompt plays to the agent on no answer
 * @param agentPromptAfterCustomerHangup        a tone plays to the agent when the customer hangs up
 */
public record OutboundSettings(DisplayRule displayRule, boolean allowAgentChooseNumber,
                               boolean playIvrPromptWhenCalleeNotAnswering, boolean agentPromptAfterCustomerHangup) {

    public static final OutboundSettings DEFAULTS = new OutboundSettings(DisplayRule.SKILL_GROUP, false, false, false);

    public enum DisplayRule {
        SKILL_GROUP, SAME_AREA;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
