package io.parley.sip.trunk;

import java.time.Duration;

/**
 * How the appliance keeps its trunks ({@code etc/io.parley.sip.cfg}, the trunk block).
 *
 * @param poll            how often channels are re-read to follow creations, changes and deletions
 * @param optionsInterval time between two OPTIONS to a public_trunk peer (SPEC §34 p4: 30 s)
 * @param optionsFailures consecutive misses that make a peer unreachable (SPEC §34 p4: 3)
 * @param refreshMargin   a carrier registration is refreshed this long before it expires (at least a tenth of it is used)
 * @param retryMin        first back-off after a failed registration, doubled on each further failure
 * @param retryMax        longest back-off
 * @param contactAddress  host written in Via and Contact; empty = the bind address, or when that is a
 *                        wildcard, the local address the system routes towards the carrier
 * @param userAgent       User-Agent of our requests to carriers and peers; empty = none
 */
public record TrunkSettings(Duration poll, Duration optionsInterval, int optionsFailures, Duration refreshMargin,
                            Duration retryMin, Duration retryMax, String contactAddress, String userAgent) {

    /** Without a User-Agent. */
    public TrunkSettings(Duration poll, Duration optionsInterval, int optionsFailures, Duration refreshMargin,
                         Duration retryMin, Duration retryMax, String contactAddress) {
        this(poll, optionsInterval, optionsFailures, refreshMargin, retryMin, retryMax, contactAddress, "");
    }

    public TrunkSettings {
        if (optionsFailures < 1) {
            throw new IllegalArgumentException("trunkOptionsFailures must be at least 1");
        }
        if (poll.isNegative() || poll.isZero() || optionsInterval.isNegative() || optionsInterval.isZero()
                || retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("trunk intervals must be positive (and trunkRetryMaxSeconds >= trunkRetryMinSeconds)");
        }
        contactAddress = contactAddress == null ? "" : contactAddress.strip();
        userAgent = userAgent == null ? "" : userAgent.strip();
    }
}
