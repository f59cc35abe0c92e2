package io.parley.api.sip.trunk;

import java.time.Duration;

/**
 * The trunk timings the operator sets once in {@code etc/io.parley.sip.cfg} (the {@code trunk…} keys),
 * handed to every connector by {@link TrunkSignalling#timers()}.
 *
 * <pre>{@code
 * TrunkTimers t = sip.timers();
 * scheduler.schedule(this::probe, t.optionsInterval().toMillis(), TimeUnit.MILLISECONDS);
 * }</pre>
 *
 * @param optionsInterval time between two OPTIONS to a public_trunk peer (SPEC §34 p4: 30 s)
 * @param optionsFailures consecutive misses that make a peer unreachable (SPEC §34 p4: 3)
 * @param refreshMargin   a carrier registration is refreshed this long before it expires
 * @param retryMin        first back-off after a failed registration, doubled on each further failure
 * @param retryMax        longest back-off
 */
public record TrunkTimers(Duration optionsInterval, int optionsFailures, Duration refreshMargin, Duration retryMin,
                          Duration retryMax) {
}
