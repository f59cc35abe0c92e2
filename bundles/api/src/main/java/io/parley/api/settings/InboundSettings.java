package io.parley.api.settings;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Inbound routing and answering settings of an instance, {@code {I}/settings/inbound} (SPEC §15.1).
 *
 * <pre>{@code
 * InboundSettings s = settings.inbound(instanceId);
 * if (s.ringTimeoutTransfer()) scheduleReoffer(Duration.ofSeconds(s.ringTimeoutS()));
 * }</pre>
 *
 * @param basicRouting             how eligible agents are ordered
 * @param preferLastAccessedAgent  offer first to the agent who last served the caller (30 days)
 * @param preferLastOutboundAgent  offer first to the agent who last called the customer (3 days)
 * @param autoAnswer               offered calls are answered without agent action
 * @param autoAnswerWindows        when auto answer applies; empty means {@code all} (all the time)
 * @param ringTimeoutTransfer      an unanswered offer moves to the next agent
 * @param ringTimeoutS             5..120 seconds
 * @param restoreAfterCall         the after-call state ends by itself
 * @param restoreAfterCallS        0..600 seconds of after-call state
 * @param breakAfterRingTimeout    an agent who let a call time out goes on break
 */
public record InboundSettings(BasicRouting basicRouting, boolean preferLastAccessedAgent,
                              boolean preferLastOutboundAgent, boolean autoAnswer,
                              List<AutoAnswerWindow> autoAnswerWindows, boolean ringTimeoutTransfer, int ringTimeoutS,
                              boolean restoreAfterCall, int restoreAfterCallS, boolean breakAfterRingTimeout) {

    public static final int RING_TIMEOUT_MIN = 5;
    public static final int RING_TIMEOUT_MAX = 120;
    public static final int RESTORE_MIN = 0;
    public static final int RESTORE_MAX = 600;
    /** At most this many custom auto-answer windows (proposed). */
    public static final int MAX_WINDOWS = 20;

    public static final InboundSettings DEFAULTS = new InboundSettings(BasicRouting.LONGEST_IDLE, false, false, false,
            List.of(), true, 10, true, 3, false);

    public InboundSettings {
        autoAnswerWindows = List.copyOf(autoAnswerWindows);
    }

    /** The §15.2 ordering policies. */
    public enum BasicRouting {
        LONGEST_IDLE, FEWEST_CALLS, SKILL_GROUP_PRIORITY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One custom auto-answer window: on these weekdays, from {@code from} (inclusive) to
     * {@code to} (exclusive), in the instance time zone.
     */
    public record AutoAnswerWindow(Set<DayOfWeek> weekdays, LocalTime from, LocalTime to) {
        public AutoAnswerWindow {
            weekdays = Set.copyOf(weekdays);
        }
    }
}
