package io.parley.sip.call;

/**
 * The call handling's part of {@code etc/io.parley.sip.cfg}.
 *
 * @param ringTimeoutSeconds call-progress timeout: an outbound leg not answered by then is cancelled (missed)
 * @param inboundDefault     what an answered inbound call does while no {@code InboundCallHandler} is
 *                           registered: {@code prompt_then_hold} or {@code prompt_then_hangup}
 * @param inboundGreeting    the text spoken to such a call first (empty: no prompt)
 * @param minSessionExpiresSeconds the shortest session interval (RFC 4028 Min-SE) a peer may ask for; shorter
 *                           gets 422. RFC 4028 says 90; lower only so tests can watch a session expire
 * @param trunkUserAgent     the User-Agent of our INVITEs to carriers and trunk peers (some carriers require
 *                           one), as {@code trunkUserAgent} of the registrations; empty = none
 */
public record CallSettings(int ringTimeoutSeconds, String inboundDefault, String inboundGreeting,
                           int minSessionExpiresSeconds, String trunkUserAgent) {

    public static final String PROMPT_THEN_HOLD = "prompt_then_hold";
    public static final String PROMPT_THEN_HANGUP = "prompt_then_hangup";
    /** RFC 4028's Min-SE floor, the default. */
    public static final int RFC_MIN_SESSION_EXPIRES = 90;

    /** The settings with RFC 4028's minimum session interval. */
    public CallSettings(int ringTimeoutSeconds, String inboundDefault, String inboundGreeting) {
        this(ringTimeoutSeconds, inboundDefault, inboundGreeting, RFC_MIN_SESSION_EXPIRES);
    }

    /** The settings without a User-Agent towards carriers. */
    public CallSettings(int ringTimeoutSeconds, String inboundDefault, String inboundGreeting,
                        int minSessionExpiresSeconds) {
        this(ringTimeoutSeconds, inboundDefault, inboundGreeting, minSessionExpiresSeconds, "");
    }

    /** Checks the values an operator wrote. */
    public CallSettings {
        if (ringTimeoutSeconds < 5 || ringTimeoutSeconds > 600) {
            throw new IllegalArgumentException("ringTimeoutSeconds must be 5..600: " + ringTimeoutSeconds);
        }
        if (!PROMPT_THEN_HOLD.equals(inboundDefault) && !PROMPT_THEN_HANGUP.equals(inboundDefault)) {
            throw new IllegalArgumentException("inboundDefault must be prompt_then_hold or prompt_then_hangup: " + inboundDefault);
        }
        if (minSessionExpiresSeconds < 2 || minSessionExpiresSeconds > 86_400) {
            throw new IllegalArgumentException("callMinSessionExpiresSeconds must be 2..86400: " + minSessionExpiresSeconds);
        }
        inboundGreeting = inboundGreeting == null ? "" : inboundGreeting.strip();
        trunkUserAgent = trunkUserAgent == null ? "" : trunkUserAgent.strip();
    }
}
