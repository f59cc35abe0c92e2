package io.parley.sip.edge;


/**
 * Counts and logs SIP security events and keeps the sources that must be blocked
 * (SPEC issue 6: unknown sources refused, repeated authentication failures throttled then
 * blocked for a configurable time). Every handler in the bundle reports to one instance;
 * {@code parley:sip-security} shows its counters.
 *
 * <pre>{@code
 * if (monitor.blocked(ip)) { return; }                    // dropped before any parsing work
 * monitor.authenticationFailed(ip, "8001");               // wrong digest or unknown user
 * monitor.refused(ip, "INVITE", "not a trunk peer");      // 403 to an unknown source
 * }</pre>
 */
public interface SecurityMonitor {

    /** Whether requests from {@code ip} are dropped right now. */
    boolean blocked(String ip);

    /** A request from {@code ip} failed digest authentication for {@code user} (may be unknown). */
    void authenticationFailed(String ip, String user);

    /** A request from {@code ip} authenticated; resets its failure count. */
    void authenticated(String ip);

    /** A {@code method} request from {@code ip} was refused for {@code reason} (e.g. 403 to an unknown source). */
    void refused(String ip, String method, String reason);
}
