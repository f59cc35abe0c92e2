package io.parley.api.sip;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the SIP edge's security state.
 *
 * <pre>{@code
 * status.counters().forEach((kind, n) -> System.out.println(kind + " " + n));   // auth_failed 42, blocked 1, ...
 * }</pre>
 *
 * @param counters events since start by kind: {@code auth_failed}, {@code authenticated}, {@code refused},
 *                 {@code throttled} (a source began to be throttled), {@code blocked} (a source was blocked),
 *                 {@code dropped_blocked}, {@code dropped_throttled}, {@code too_large}, {@code too_many_headers},
 *                 {@code header_too_long}
 * @param sources  sources throttled or blocked now, by address
 */
public record SipSecurityStatus(Map<String, Long> counters, List<Source> sources) {

    public SipSecurityStatus {
        counters = Map.copyOf(counters);
        sources = List.copyOf(sources);
    }

    /**
     * A source under watch.
     *
     * @param ip            the source IP address
     * @param state         {@code throttled} or {@code blocked}
     * @param failures      authentication failures within the window
     * @param lastUser      the user name of its last failed attempt (may be an unknown one)
     * @param blockedUntil  when the block lapses, or null while only throttled
     */
    public record Source(String ip, String state, int failures, String lastUser, Instant blockedUntil) {
    }
}
